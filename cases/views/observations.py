"""Staff side of owners' home reports: the clinic-wide urgent queue, read one, acknowledge
it, reply to the owner (vets and reception), see its photos."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.forms.observations import AcknowledgeObservationForm, ReplyForm
from cases.models import HomeObservation, HomeObservationPhoto
from cases.services.observations import acknowledge_observation, reply_to_owner, urgent_queue
from clinic.accounts.access import staff_required
from clinic.lib.uploads import serve_private_file


def _observation_for(user, observation_id):
    return get_object_or_404(
        HomeObservation.objects.visible_to(user)
        .select_related("dog", "dog__owner", "case", "acknowledged_by")
        .prefetch_related("photos", "replies__author"),
        pk=observation_id,
    )


@staff_required()
def observation_queue(request):
    """Every unacknowledged urgent report, for every vet and receptionist: call the owner,
    book a recheck, reply. Reception sees what the owner reported, not the clinical record."""
    return render(request, "cases/observations/queue.html", {
        "observations": list(urgent_queue(request.user)),
    })


def _render_detail(request, observation, status=200, **forms):
    context = {
        "observation": observation,
        "form": forms.get("form") or AcknowledgeObservationForm(),
        "reply_form": forms.get("reply_form") or ReplyForm(),
    }
    return render(request, "cases/observations/detail.html", context, status=status)


@staff_required("cases.view_homeobservation")
def observation_detail(request, observation_id):
    return _render_detail(request, _observation_for(request.user, observation_id))


@staff_required("cases.acknowledge_homeobservation")
@require_POST
def observation_acknowledge(request, observation_id):
    observation = _observation_for(request.user, observation_id)
    form = AcknowledgeObservationForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, observation, status=400, form=form)
    try:
        acknowledge_observation(observation, request.user, form.cleaned_data["note"])
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
    else:
        messages.success(request, f"Report on {observation.dog.name} acknowledged.")
    if request.POST.get("next") == "dashboard":
        return redirect("dashboard")
    if request.POST.get("next") == "queue":
        return redirect("cases:urgent_queue")
    return redirect("cases:observation_detail", observation_id=observation.pk)


@staff_required("cases.add_observationreply")
def observation_reply(request, observation_id):
    """Reply to the owner. Vets write on the report's page; reception, from the urgent
    queue, on this page, which shows what the owner reported and the replies so far."""
    observation = get_object_or_404(
        HomeObservation.objects.open_to_reply_by(request.user)
        .select_related("dog", "dog__owner", "case", "case__attending_vet")
        .prefetch_related("replies__author"),
        pk=observation_id,
    )
    reads_record = request.user.has_perm("cases.view_homeobservation")
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply_to_owner(observation, request.user, form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)  # the model names its field: body
        else:
            messages.success(
                request, f"Reply sent to {observation.dog.owner.full_name}."
            )
            page = "cases:observation_detail" if reads_record else "cases:observation_reply"
            return redirect(page, observation_id=observation.pk)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and reads_record:
        observation = _observation_for(request.user, observation_id)
        return _render_detail(request, observation, status=status, reply_form=form)
    return render(request, "cases/observations/reply.html",
                  {"observation": observation, "reply_form": form}, status=status)


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
