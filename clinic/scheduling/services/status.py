"""The day's flow: confirmed, arrived, with the vet, completed; or cancelled, or a no-show."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import FollowUp
from clinic.lib.status import MoveRefused, begin_move, begin_undo, finish_move, offer_undo
from clinic.scheduling.models import Appointment
from clinic.scheduling.services.availability import Availability
from clinic.scheduling.services.booking import NO_DOUBLE_BOOKING

Status = Appointment.Status


class StatusChangeRefused(MoveRefused):
    pass


@transaction.atomic
def change_status(appointment, new_status, user=None, cancel_reason=""):
    """Move an appointment along its flow (Appointment.TRANSITIONS); completing a
    follow-up's visit moves that on."""
    try:
        locked = begin_move(appointment, new_status)
    except MoveRefused as refused:
        raise StatusChangeRefused(refused.messages) from None
    if new_status == Status.CANCELLED and not cancel_reason.strip():
        raise StatusChangeRefused({"cancel_reason": "Say why the appointment is cancelled."})
    locked.cancel_reason = cancel_reason.strip() if new_status == Status.CANCELLED else ""
    finish_move(locked, new_status, by=user, reason=locked.cancel_reason)
    if new_status == Status.COMPLETED and locked.follow_up_id:
        complete_follow_up(locked)
    appointment.refresh_from_db()
    return appointment


def cancel_appointment(appointment, reason, user=None):
    return change_status(appointment, Status.CANCELLED, user=user, cancel_reason=reason)


def undo_window():
    return timedelta(minutes=settings.CLINIC_UNDO_MINUTES)


def offer_undo_to(user, appointments):
    """The appointments, those whose last check-in, no-show or cancellation `user` may
    still take back carrying `undo_until` (the calendar's cards and today's list)."""
    if not user.has_perm("scheduling.change_appointment"):
        return list(appointments)
    return offer_undo(appointments, within=undo_window())


def _slot_taken_meanwhile(appointment):
    return StatusChangeRefused(
        f"{appointment.vet.get_full_name()}'s slot at "
        f"{timezone.localtime(appointment.start):%H:%M} has been booked for another dog since, "
        f"so this cannot be undone; book {appointment.dog.name} again instead."
    )


def undo_status_change(appointment, user=None):
    """Take back a check-in, no-show or cancellation made less than CLINIC_UNDO_MINUTES
    ago: the status (and cancel reason) it had before come back, with "Undone" in its
    history. A no-show or cancellation freed the slot: if it was booked meanwhile, refused."""
    try:
        with transaction.atomic():
            try:
                locked, before = begin_undo(appointment, within=undo_window())
            except MoveRefused as refused:
                raise StatusChangeRefused(refused.messages) from None
            undone = locked.get_status_display().lower()
            if not locked.is_active:
                day = timezone.localtime(locked.start).date()
                busy = Availability(day, day, locked.site, vets=[locked.vet],
                                    exclude_appointment=locked)
                if busy.clashes(locked.vet_id, locked.start, locked.end):
                    raise _slot_taken_meanwhile(locked)
            locked.cancel_reason = before.cancel_reason
            finish_move(locked, before.status, by=user, reason=f"Undone: was {undone}")
    except IntegrityError as error:  # PostgreSQL's exclusion constraint, under a race
        if NO_DOUBLE_BOOKING not in str(error):
            raise
        raise _slot_taken_meanwhile(appointment) from None
    appointment.refresh_from_db()
    return appointment


def complete_follow_up(appointment):
    """The follow-up this visit booked is done; a repeating one falls due again, counted
    from the day of the visit (not from the old due date), as the plan's interval says."""
    follow_up = FollowUp.objects.select_for_update().get(pk=appointment.follow_up_id)
    if follow_up.status != FollowUp.Status.DUE:
        return None
    follow_up.status = FollowUp.Status.DONE
    follow_up.save(update_fields=["status"])
    if not follow_up.repeat_every_days:
        return None
    visit_day = timezone.localtime(appointment.start).date()
    return FollowUp.objects.create(
        case=follow_up.case, kind=follow_up.kind, reason=follow_up.reason,
        repeat_every_days=follow_up.repeat_every_days,
        due_on=visit_day + timedelta(days=follow_up.repeat_every_days),
    )


def mark_change_request_handled(change_request, user):
    change_request.handled_at = timezone.now()
    change_request.handled_by = user
    change_request.save(update_fields=["handled_at", "handled_by"])
    return change_request
