"""Slots to propose when booking a follow-up: the case's attending vet first."""

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


def propose_slots(follow_up, vets, site, per_vet=3):
    """[(vet, [starts])] at `site`: the attending vet's first free slots from the due date
    (or today, when overdue), then the other vets'."""
    appointment_type = type_for_follow_up(follow_up, site)
    length = appointment_type.default_length if appointment_type else timedelta(minutes=20)
    first = max(follow_up.due_on, timezone.localdate())
    vets = sorted(vets, key=lambda vet: vet.pk != follow_up.case.attending_vet_id)
    availability = Availability(first, first + timedelta(days=LOOK_AHEAD_DAYS), site,
                                vets=vets)
    near = max(aware(first, time.min), timezone.now())
    return [
        (vet, availability.free_slots(vet.pk, length, near=near, count=per_vet))
        for vet in vets
    ], appointment_type

