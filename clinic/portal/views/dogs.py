"""The owner's dogs: the portal home and one page per dog."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cases.services.care import warning_signs_for
from clinic.accounts.access import owner_required
from clinic.lib.site import absolute_url
from clinic.portal import access
from clinic.portal.care import care_for
from clinic.portal.forms import ChangeRequestForm
from clinic.scheduling.models import CalendarFeedToken

RECENT_OBSERVATIONS = 5
UPCOMING_ON_HOME = 5


@owner_required
@require_GET
def home(request):
    owner = access.owner_for(request.user)
    feed = CalendarFeedToken.objects.active().filter(owner=owner).first()
    return render(request, "portal/home.html", {
        "owner": owner,
        "dogs": access.dogs_visible_to(request.user).select_related("breed"),
        "appointments": access.upcoming_appointments_for(request.user)[:UPCOMING_ON_HOME],
        "feed_url": feed and absolute_url(
            reverse("scheduling:owner_feed", kwargs={"feed_token": feed.token})
        ),
    })


@owner_required
def dog_detail(request, dog_uuid):
    dog = access.get_dog_for(request.user, dog_uuid)
    observations = (
        access.observations_visible_to(request.user)
        .filter(dog=dog)
        .prefetch_related("photos")[:RECENT_OBSERVATIONS]
    )
    care = care_for(request.user, dog)
    return render(request, "portal/dog_detail.html", {
        "dog": dog,
        "observations": observations,
        "care": care,
        "warning_signs": warning_signs_for(dog, care["plan"] if care else None),
        "results": access.shared_results_for(request.user, dog),
        "appointments": access.upcoming_appointments_for(request.user).filter(dog=dog),
        "change_form": ChangeRequestForm(),
    })

