"""Upcoming appointments: add to a calendar, ask for a change, the private feed."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from clinic.accounts.access import owner_required
from clinic.portal import access
from clinic.portal.forms import ChangeRequestForm
from clinic.scheduling.models import AppointmentChangeRequest
from clinic.scheduling.services import appointment_ics, revoke_feed_tokens, rotate_feed_token


@owner_required
def appointment_ics_download(request, appointment_id):
    appointment = access.get_appointment_for(request.user, appointment_id)
    response = HttpResponse(appointment_ics(appointment), content_type="text/calendar")
    response["Content-Disposition"] = content_disposition_header(
        True, f"appointment-{appointment.pk}.ics"
    )
    return response


@owner_required(redirects_to="portal:dog_detail")
def appointment_change(request, appointment_id):
    appointment = access.get_appointment_for(request.user, appointment_id)
    form = ChangeRequestForm(request.POST or None, appointment=appointment)
    if request.method == "POST" and form.is_valid():
        AppointmentChangeRequest.objects.create(
            appointment=appointment, requested_by=request.user,
            message=form.cleaned_data["message"],
        )
        messages.success(request, "Thank you. Reception will contact you to arrange it.")
    elif request.method == "POST":
        messages.error(request, " ".join(
            error for errors in form.errors.values() for error in errors
        ))
    return redirect("portal:dog_detail", dog_uuid=appointment.dog.public_id)


@owner_required
@require_POST
def calendar_feed(request):
    owner = access.owner_for(request.user)
    if request.POST.get("action") == "revoke":
        revoke_feed_tokens(owner)
        messages.success(request, "Your calendar feed is turned off; the old link no longer works.")
    else:
        rotate_feed_token(owner)
        messages.success(request, "Here is your new calendar link; the old one no longer works.")
    return redirect("portal:home")
