"""The day's flow: confirmed, arrived, with the vet, completed; or cancelled, or a no-show."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import FollowUp
from clinic.scheduling.models import Appointment

Status = Appointment.Status

ALLOWED = {
    Status.BOOKED: {Status.CONFIRMED, Status.ARRIVED, Status.CANCELLED, Status.NO_SHOW},
    Status.CONFIRMED: {Status.ARRIVED, Status.CANCELLED, Status.NO_SHOW},
    Status.ARRIVED: {Status.WITH_VET, Status.CANCELLED},
    Status.WITH_VET: {Status.COMPLETED},
    Status.COMPLETED: set(),
    Status.CANCELLED: set(),
    Status.NO_SHOW: set(),
}


# The one-click actions on the calendar, in the order a day runs.
QUICK_ACTIONS = [
    (Status.CONFIRMED, "Confirm"),
    (Status.ARRIVED, "Check in"),
    (Status.WITH_VET, "With the vet"),
    (Status.COMPLETED, "Completed"),
    (Status.NO_SHOW, "No-show"),
]


class StatusChangeRefused(ValidationError):
    pass


@transaction.atomic
def change_status(appointment, new_status, user=None, cancel_reason=""):
    """Move an appointment along its flow; completing a follow-up's visit moves that on."""
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if new_status not in ALLOWED[locked.status]:
        raise StatusChangeRefused(
            f"An appointment that is {locked.get_status_display().lower()} cannot become "
            f"{Status(new_status).label.lower()}."
        )
    if new_status == Status.CANCELLED and not cancel_reason.strip():
        raise StatusChangeRefused({"cancel_reason": "Say why the appointment is cancelled."})
    locked.status = new_status
    locked.cancel_reason = cancel_reason.strip() if new_status == Status.CANCELLED else ""
    locked.save(update_fields=["status", "cancel_reason"])
    if new_status == Status.COMPLETED and locked.follow_up_id:
        complete_follow_up(locked)
    appointment.refresh_from_db()
    return appointment


def cancel_appointment(appointment, reason, user=None):
    return change_status(appointment, Status.CANCELLED, user=user, cancel_reason=reason)


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
