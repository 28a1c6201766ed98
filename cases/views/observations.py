"""Staff side of owners' home reports: read one, acknowledge it, see its photos."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.forms.observations import AcknowledgeObservationForm
from cases.models import HomeObservation, HomeObservationPhoto
from cases.services.observations import acknowledge_observation
from clinic.accounts.access import staff_required
from clinic.lib.uploads import serve_private_file


def _observation_for(user, observation_id):
    return get_object_or_404(
        HomeObservation.objects.visible_to(user)
        .select_related("dog", "dog__owner", "case", "acknowledged_by")
        .prefetch_related("photos"),
        pk=observation_id,
    )


@staff_required("cases.view_homeobservation")
def observation_detail(request, observation_id):
    observation = _observation_for(request.user, observation_id)
    return render(request, "cases/observations/detail.html", {
        "observation": observation,
        "form": AcknowledgeObservationForm(),
    })


@staff_required("cases.acknowledge_homeobservation")
@require_POST
def observation_acknowledge(request, observation_id):
    observation = _observation_for(request.user, observation_id)
    form = AcknowledgeObservationForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/observations/detail.html", {
            "observation": observation, "form": form,
        }, status=400)
    try:
        acknowledge_observation(observation, request.user, form.cleaned_data["note"])
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, f"Report on {observation.dog.name} acknowledged.")
    if request.POST.get("next") == "dashboard":
        return redirect("dashboard")
    return redirect("cases:observation_detail", observation_id=observation.pk)


def _photo_for(user, observation_photo_id):
    return get_object_or_404(
        HomeObservationPhoto.objects.filter(
            observation__in=HomeObservation.objects.visible_to(user)
        ),
        pk=observation_photo_id,
    )


@staff_required("cases.view_homeobservation")
def observation_photo(request, observation_photo_id):
    return serve_private_file(_photo_for(request.user, observation_photo_id).image)


@staff_required("cases.view_homeobservation")
def observation_photo_thumbnail(request, observation_photo_id):
    return serve_private_file(_photo_for(request.user, observation_photo_id).thumbnail)
