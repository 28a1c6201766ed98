"""The owner's dogs: the portal home and one page per dog."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.accounts.access import owner_required
from clinic.portal import access
from clinic.portal.care import care_for

RECENT_OBSERVATIONS = 5


@owner_required
@require_GET
def home(request):
    owner = access.owner_for(request.user)
    return render(request, "portal/home.html", {
        "owner": owner,
        "dogs": access.dogs_visible_to(request.user).select_related("breed"),
    })


@owner_required
def dog_detail(request, dog_uuid):
    dog = access.get_dog_for(request.user, dog_uuid)
    observations = (
        access.observations_visible_to(request.user)
        .filter(dog=dog)
        .prefetch_related("photos")[:RECENT_OBSERVATIONS]
    )
    return render(request, "portal/dog_detail.html", {
        "dog": dog,
        "observations": observations,
        "care": care_for(request.user, dog),
    })

