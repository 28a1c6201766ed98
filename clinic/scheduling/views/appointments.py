"""Booking, moving and the quick actions on one appointment (htmx partials where useful)."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from cases.models import FollowUp
from clinic.accounts.access import staff_required
from clinic.lib.validators import is_plausible
from clinic.patients.filters import owner_search
from clinic.patients.models import Dog, Owner
from clinic.scheduling.forms import BookingForm, CancelForm, MoveForm, apply_service_error
from clinic.scheduling.models import Appointment
from clinic.scheduling.services import (
    appointment_ics,
    book_appointment,
    cancel_appointment,
    change_status,
    move_appointment,
    offer_undo_to,
    undo_status_change,
)
from clinic.scheduling.services.proposals import move_slots, type_for_follow_up
from clinic.sites.current import site_of, vets_at

ONE_CLICK = {status.value: status for status, _ in Appointment.QUICK_ACTIONS}


MIN_SEARCH = 2  # one letter matches most of the clinic
DOG_OPTIONS = 20


def _appointment(request, appointment_id):
    return get_object_or_404(
        Appointment.objects.visible_to(request.user).for_calendar(), pk=appointment_id
    )


def _day_url(appointment):
    day = timezone.localtime(appointment.start).date().isoformat()
    return f"{reverse('scheduling:day')}?date={day}&clinic_site={appointment.site_id}"


def _suggested_start(request):
    """The ?start= a calendar slot links with; a bad one (25:99, year 9999) suggests none."""
    try:
        start = parse_datetime(request.GET.get("start", "") or "")
    except ValueError:  # well-formed but not a real time
        return None
    if start is None or not is_plausible(start.date()):
        return None
    return timezone.localtime(start) if timezone.is_aware(start) else start


def _initial_booking(request, follow_up, site):
    initial = {"vet": request.GET.get("vet"), "dog": request.GET.get("dog")}
    start = _suggested_start(request)
    if start is not None:
        initial["start"] = start
    if follow_up is not None:
        initial.update(
            dog=follow_up.case.dog_id, appointment_type=type_for_follow_up(follow_up, site),
            reason=f"{follow_up.get_kind_display()} (due {date_format(follow_up.due_on)})",
        )
        initial["vet"] = initial["vet"] or follow_up.case.attending_vet_id
    return initial


@staff_required("scheduling.add_appointment")
def book(request):
    """Book at the current site (a calendar slot's link names its site with ?clinic_site=)."""
    site = site_of(request)
    follow_up = None
    follow_up_id = request.POST.get("follow_up") or request.GET.get("follow_up")
    if follow_up_id and str(follow_up_id).isdigit():
        follow_up = get_object_or_404(
            FollowUp.objects.visible_to(request.user).select_related("case"), pk=follow_up_id
        )
    if request.method == "POST":
        form = BookingForm(request.POST, user=request.user, follow_up=follow_up, site=site)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment = book_appointment(
                    site=site, dog=data["dog"], vet=data["vet"],
                    appointment_type=data["appointment_type"], start=data["start"],
                    end=data["end"], reason=data["reason"], follow_up=follow_up,
                    booked_by=request.user,
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Booked: {appointment}.")
                url = _day_url(appointment)
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    else:
        form = BookingForm(initial=_initial_booking(request, follow_up, site),
                           user=request.user, follow_up=follow_up, site=site)
    template = "scheduling/includes/book_form.html" if request.htmx else "scheduling/book.html"
    return render(request, template, {"form": form, "follow_up": follow_up, "site": site})


@staff_required("scheduling.add_appointment")
def dog_options(request):
    """The booking form's dog choices for what was typed in its search box (htmx)."""
    text = request.GET.get("dog_search", "").strip()
    dogs = []
    if len(text) >= MIN_SEARCH:
        owners = Owner.objects.filter(owner_search(text)).values("pk")
        dogs = (Dog.objects.visible_to(request.user).active().filter(owner__in=owners)
                .select_related("owner").order_by("name", "pk")[:DOG_OPTIONS])
    return render(request, "scheduling/includes/dog_options.html",
                  {"dogs": dogs, "searched": len(text) >= MIN_SEARCH})


@staff_required("scheduling.view_appointment")
def detail(request, appointment_id):
    appointment = _appointment(request, appointment_id)
    if request.htmx:  # the calendar opening a card's actions in place
        return _card(request, appointment)
    offer_undo_to(request.user, [appointment])
    return render(request, "scheduling/appointment.html", {"appointment": appointment})


def _card(request, appointment, **context):
    """The appointment's card, with its Undo while the last move may be taken back."""
    offer_undo_to(request.user, [appointment])
    return render(request, "scheduling/includes/appointment_card.html",
                  {"appointment": appointment, **context})


def _done(request, appointment, text):
    """After a status change: the card in place (htmx) with its Undo, or the day with
    a message that carries the Undo button."""
    if request.htmx:
        return _card(request, appointment, done=text)
    messages.success(request, render_to_string(
        "scheduling/includes/undo_message.html",
        {"appointment": appointment, "text": text}, request=request,
    ))
    return redirect(_day_url(appointment))


@staff_required("scheduling.change_appointment")
@require_POST
def quick_action(request, appointment_id):
    appointment = _appointment(request, appointment_id)
    new_status = ONE_CLICK.get(request.POST.get("action", ""))
    error = None
    if new_status is None:
        error = "Unknown action."
    else:
        try:
            change_status(appointment, new_status, user=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
    text = f"{appointment.dog.name}: {appointment.get_status_display()}."
    if error is None and appointment.status in Appointment.UNDOABLE:
        return _done(request, appointment, text)
    if request.htmx:
        return _card(request, appointment, error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, text)
    return redirect(_day_url(appointment))


@staff_required("scheduling.change_appointment")
@require_POST
def undo(request, appointment_id):
    """Take back a check-in, no-show or cancellation made a moment ago."""
    appointment = _appointment(request, appointment_id)
    try:
        undo_status_change(appointment, user=request.user)
    except ValidationError as refused:
        error = " ".join(refused.messages)
        if request.htmx:
            return _card(request, appointment, error=error)
        messages.error(request, error)
    else:
        status = appointment.get_status_display().lower()
        text = f"Undone: {appointment.dog.name} is {status} again."
        if request.htmx:
            return _card(request, appointment, done=text)
        messages.success(request, text)
    return redirect(_day_url(appointment))


@staff_required("scheduling.change_appointment")
def cancel(request, appointment_id):
    appointment = _appointment(request, appointment_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_appointment(appointment, form.cleaned_data["cancel_reason"], user=request.user)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _done(request, appointment, f"Cancelled: {appointment}.")
    if request.htmx:
        return _card(request, appointment, cancel_form=form)
    return render(request, "scheduling/cancel.html", {"appointment": appointment, "form": form})


def _first_day(request, appointment):
    """The day the offered slots start from: ?from=, else the appointment's own day."""
    try:
        day = date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        day = None
    if day is None or not is_plausible(day):
        day = timezone.localtime(appointment.start).date()
    return day


@staff_required("scheduling.change_appointment")
def move(request, appointment_id):
    """Move a visit to one of the free slots offered (or a typed time), refusing a move
    made from a page someone else changed meanwhile."""
    appointment = _appointment(request, appointment_id)
    start = _suggested_start(request)
    initial = {"vet": request.GET.get("vet") or appointment.vet_id,
               "start": start or timezone.localtime(appointment.start)}
    form = MoveForm(request.POST or None, initial=initial, instance=appointment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = form.save_unless_stale(lambda: move_appointment(
                appointment, start=data["start"], end=data["end"], vet=data["vet"]))
        except ValidationError as error:
            moved = False
            apply_service_error(form, error)
        if moved:
            messages.success(request, f"Moved: {appointment}.")
            return redirect(_day_url(appointment))
        appointment.refresh_from_db()
    first_day = _first_day(request, appointment)
    return render(request, "scheduling/move.html", {
        "appointment": appointment, "form": form, "first_day": first_day,
        "slots": move_slots(appointment, vets_at(appointment.site), first_day),
        "typed": request.method == "POST" and not request.POST.get("slot"),
    })


@staff_required("scheduling.view_appointment")
def ics(request, appointment_id):
    appointment = _appointment(request, appointment_id)
    response = HttpResponse(appointment_ics(appointment), content_type="text/calendar")
    response["Content-Disposition"] = content_disposition_header(
        True, f"appointment-{appointment.pk}.ics"
    )
    return response
