"""Free slots to offer: booking a follow-up (its attending vet first) and moving a visit
(its own vet first); the same picker shows both."""

from datetime import time, timedelta

from django.utils import timezone

from cases.models import FollowUp
from clinic.scheduling.models import AppointmentType
from clinic.scheduling.services.availability import Availability, aware

# Which appointment type books which kind of follow-up (by the type's name, as seeded).
TYPE_FOR_KIND = {
    FollowUp.Kind.RECHECK: "Recheck",
    FollowUp.Kind.CALCIUM_CHECK: "Blood test",
    FollowUp.Kind.ACTH_STIMULATION: "ACTH stimulation test",  # ≥ 60 minutes
    FollowUp.Kind.BLOOD_TEST: "Blood test",
    FollowUp.Kind.BANDAGE_CHANGE: "Bandage change",
}
LOOK_AHEAD_DAYS = 14


def type_for_follow_up(follow_up, site=None):
    name = TYPE_FOR_KIND.get(follow_up.kind, "Recheck")
    types = AppointmentType.objects.filter(name=name, is_active=True)
    if site is not None:
        types = types.filter(sites=site)
    return types.first()


def free_slots_by_vet(vets, length, first_day, first_vet_id, per_vet, site, exclude=None):
    """[(vet, [starts])]: each vet's first free slots of `length` at `site` from
    `first_day` (today at the earliest) over the next LOOK_AHEAD_DAYS, the vet
    `first_vet_id` first."""
    first = max(first_day, timezone.localdate())
    vets = sorted(vets, key=lambda vet: vet.pk != first_vet_id)
    availability = Availability(first, first + timedelta(days=LOOK_AHEAD_DAYS), site,
                                vets=vets, exclude_appointment=exclude)
    near = max(aware(first, time.min), timezone.now())
    return [
        (vet, availability.free_slots(vet.pk, length, near=near, count=per_vet))
        for vet in vets
    ]


def propose_slots(follow_up, vets, site, per_vet=3):
    """[(vet, [starts])] at `site`: the attending vet's first free slots from the due date
    (or today, when overdue), then the other vets'."""
    appointment_type = type_for_follow_up(follow_up, site)
    length = appointment_type.default_length if appointment_type else timedelta(minutes=20)
    return free_slots_by_vet(
        vets, length, follow_up.due_on, follow_up.case.attending_vet_id, per_vet, site,
    ), appointment_type


def move_slots(appointment, vets, first_day, per_vet=6):
    """Where an appointment can move within its site: its own vet's free slots of the same
    length from `first_day`, then the other vets' (the slot it holds now counts as free)."""
    return free_slots_by_vet(vets, appointment.end - appointment.start, first_day,
                             appointment.vet_id, per_vet, appointment.site, exclude=appointment)

