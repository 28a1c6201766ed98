"""Booking and moving appointments: every view goes through here.

No double booking: on PostgreSQL an exclusion constraint (migration 0003) refuses a second
active appointment of one vet overlapping another, even under concurrent requests; on
SQLite the transaction takes the write lock first (transaction_mode IMMEDIATE), so the
check and the insert below cannot interleave with another booking.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinic.scheduling.models import Appointment
from clinic.scheduling.services.availability import Availability, describe_slot
from clinic.sites.current import member_site_ids

NO_DOUBLE_BOOKING = "appointment_no_double_booking"
SEARCH_DAYS = 7


class SlotTaken(ValidationError):
    """The vet already has an active appointment overlapping this time."""

    def __init__(self, vet, start, end, free_slots):
        self.free_slots = free_slots
        if free_slots:
            nearest = ", ".join(describe_slot(slot) for slot in free_slots)
            message = (f"That slot was just taken. Nearest free slots with "
                       f"{vet.get_full_name()}: {nearest}.")
        else:
            message = (f"That slot was just taken, and {vet.get_full_name()} has no free slot "
                       f"in the week around it.")
        super().__init__(message, code="slot_taken")


def nearest_free_slots(vet, start, end, site, count=3, exclude_appointment=None):
    day = timezone.localtime(start).date()
    first = max(day - timedelta(days=SEARCH_DAYS), timezone.localdate())
    availability = Availability(
        first, day + timedelta(days=SEARCH_DAYS), site, vets=[vet],
        exclude_appointment=exclude_appointment,
    )
    return availability.free_slots(vet.pk, end - start, near=start, count=count)


def check_slot(vet, start, end, site, exclude_appointment=None):
    """Raise ValidationError on the right field, or SlotTaken, unless the slot is bookable
    at `site`: its hours and closed days, and the vet free at every site."""
    if site.pk not in member_site_ids(vet):
        raise ValidationError({"vet": f"{vet.get_full_name()} does not work at {site}."})
    day = timezone.localtime(start).date()
    availability = Availability(day, day, site, vets=[vet],
                                exclude_appointment=exclude_appointment)
    errors = availability.refusals(vet.pk, start, end)
    if errors:
        raise ValidationError(errors)
    if availability.clashes(vet.pk, start, end):
        raise SlotTaken(vet, start, end, [])


def _save_or_slot_taken(appointment, save, exclude=None):
    try:
        with transaction.atomic():
            check_slot(appointment.vet, appointment.start, appointment.end, appointment.site,
                       exclude)
            save()
    except SlotTaken:
        pass
    except IntegrityError as error:
        if NO_DOUBLE_BOOKING not in str(error):
            raise
    else:
        return appointment
    raise SlotTaken(
        appointment.vet, appointment.start, appointment.end,
        nearest_free_slots(appointment.vet, appointment.start, appointment.end,
                           appointment.site, exclude_appointment=exclude),
    )


def book_appointment(*, site, dog, vet, appointment_type, start, end=None, case=None,
                     follow_up=None, reason="", booked_by=None):
    """Book one appointment at `site`, refusing anything outside the rules (check_slot)."""
    end = end or start + appointment_type.default_length
    if not appointment_type.sites.filter(pk=site.pk).exists():
        raise ValidationError(
            {"appointment_type": f"{site} does not offer {appointment_type.name} visits."})
    if follow_up is not None and case is None:
        case = follow_up.case
    if case is not None and case.dog_id != dog.pk:
        raise ValidationError({"dog": f"This case is {case.dog.name}'s, not {dog.name}'s."})
    appointment = Appointment(
        site=site, dog=dog, vet=vet, appointment_type=appointment_type, start=start, end=end,
        case=case, follow_up=follow_up, reason=reason, booked_by=booked_by,
        booked_at=timezone.now(),
    )
    return _save_or_slot_taken(appointment, appointment.save)


def move_appointment(appointment, *, start, end=None, vet=None):
    """Reschedule to a new time (and optionally another vet), with the same checks."""
    if appointment.status not in (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED):
        raise ValidationError("Only a booked or confirmed appointment can be moved.")
    length = appointment.end - appointment.start
    appointment.start = start
    appointment.end = end or start + length
    appointment.vet = vet or appointment.vet
    # A moved appointment needs a fresh reminder for its new time.
    appointment.reminder_sent_at = None
    appointment.reminder_skipped_reason = ""

    def save():
        appointment.save()
        appointment.reminder_deliveries.all().delete()

    return _save_or_slot_taken(appointment, save, exclude=appointment)
