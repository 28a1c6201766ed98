"""Demo diary: opening hours of both sites, a vet's absence, today's list for both vets
(some already arrived, one no-show candidate), upcoming rechecks, follow-ups due and
overdue, one owner's change request. Each vet's visits are at the site they work at (Dr
Hart at the dermatology practice, Dr Nowak at the 24-hour hospital). Appointments are found
by dog + start, so seeding twice changes nothing."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.models import Case, FollowUp
from clinic.demo.sites import home_site
from clinic.scheduling.models import (
    Appointment,
    AppointmentChangeRequest,
    AppointmentType,
    ClinicHours,
    VetAbsence,
)

# The dermatology practice's day hours; the hospital is open 24 hours every day.
HOURS = {0: ("08:30", "18:00"), 1: ("08:30", "18:00"), 2: ("08:30", "18:00"),
         3: ("08:30", "18:00"), 4: ("08:30", "18:00"), 5: ("09:00", "12:30")}

# Today: (vet e-mail, dog, clock, type, status)
TODAY = [
    ("vet@example.com", "Bramble", "09:00", "Recheck", "completed"),
    ("vet@example.com", "Pip", "09:30", "Consult", "arrived"),
    ("vet@example.com", "Tess", "11:00", "Blood test", "booked"),
    ("vet@example.com", "Nell", "14:00", "Consult", "confirmed"),
    ("vet@example.com", "Kaiser", "16:30", "Bandage change", "booked"),
    ("vet2@example.com", "Rufus", "08:45", "Recheck", "booked"),  # the no-show candidate
    ("vet2@example.com", "Milo", "10:00", "Consult", "arrived"),
    ("vet2@example.com", "Nell", "15:15", "X-ray", "booked"),
]

# Cases that need follow-ups: dog -> (attending vet, kind, days from today, repeat)
FOLLOW_UPS = {
    # Bramble's and Rufus's come from their published treatment plans (demo/treatment.py).
    "Bramble": ("vet@example.com", FollowUp.Kind.RECHECK, -6, 28),
    "Rufus": ("vet2@example.com", FollowUp.Kind.CALCIUM_CHECK, -2, 14),
    "Tess": ("vet@example.com", FollowUp.Kind.RECHECK, -6, 28),
    "Milo": ("vet2@example.com", FollowUp.Kind.BANDAGE_CHANGE, 0, 7),
}

# Upcoming rechecks: (vet e-mail, dog, open days ahead, clock)
UPCOMING = [
    ("vet@example.com", "Pip", 1, "10:00"),
    ("vet2@example.com", "Kaiser", 2, "11:15"),
    ("vet@example.com", "Nell", 3, "09:00"),
]


def _aware(day, clock):
    return datetime.combine(day, time.fromisoformat(clock),
                            tzinfo=timezone.get_current_timezone())


def _ensure_reference_data(context):
    # The types are the data migrations' (clinic.reference_data); both sites offer each.
    main, emergency = context["site:main"], context["site:emergency"]
    for appointment_type in AppointmentType.objects.all():
        appointment_type.sites.add(main, emergency)
    for weekday in range(7):
        opens, closes = HOURS.get(weekday, (None, None))
        ClinicHours.objects.update_or_create(site=main, weekday=weekday, defaults={
            "is_closed": opens is None, "open_24_hours": False,
            "opens_at": time.fromisoformat(opens) if opens else None,
            "closes_at": time.fromisoformat(closes) if closes else None,
        })
        ClinicHours.objects.update_or_create(site=emergency, weekday=weekday, defaults={
            "is_closed": False, "open_24_hours": True, "opens_at": None, "closes_at": None,
        })


def _open_days_ahead(today, count):
    day = today
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _appointment(context, vet_email, dog_name, start, type_name, status="booked", case=None):
    appointment_type = AppointmentType.objects.get(name=type_name)
    appointment, _ = Appointment.objects.get_or_create(
        dog=context[f"dog:{dog_name}"], start=start,
        defaults={
            "site": home_site(context, vet_email),
            "vet": context[vet_email], "appointment_type": appointment_type,
            "end": start + appointment_type.default_length, "status": status, "case": case,
            "booked_by": context["reception@example.com"],
            "booked_at": start - timedelta(days=14),
        },
    )
    return appointment


def _case(context, dog_name, vet_email):
    """The cases section's case for this dog; without that section, the dog's open case
    or a minimal suspected one so the worklist has something to show."""
    dog = context[f"dog:{dog_name}"]
    case = context.get(f"case:{dog_name}") or Case.objects.filter(dog=dog).open().first()
    if case is None:
        case = Case.objects.create(
            dog=dog, attending_vet=context[vet_email],
            attending_site=home_site(context, vet_email),
            presenting_complaint="Firm, gritty plaques on the skin (demo).",
        )
    return case


def seed(context):
    _ensure_reference_data(context)
    today = timezone.localdate()
    for vet_email, dog_name, clock, type_name, status in TODAY:
        _appointment(context, vet_email, dog_name, _aware(today, clock), type_name, status)
    for dog_name, (vet_email, kind, days, repeat) in FOLLOW_UPS.items():
        case = _case(context, dog_name, vet_email)
        if not case.follow_ups.exists():
            FollowUp.objects.create(case=case, kind=kind, due_on=today + timedelta(days=days),
                                    repeat_every_days=repeat, reason="Set by the treatment plan")
    for vet_email, dog_name, days, clock in UPCOMING:
        day = _open_days_ahead(today, days)
        _appointment(context, vet_email, dog_name, _aware(day, clock), "Recheck")
    away = _open_days_ahead(today, 5)
    VetAbsence.objects.get_or_create(
        vet=context["vet2@example.com"], start=_aware(away, "08:00"),
        defaults={"end": _aware(away, "18:30"), "reason": "Dermatology CPD course"},
    )
    pip_recheck = Appointment.objects.filter(
        dog=context["dog:Pip"], start=_aware(_open_days_ahead(today, 1), "10:00")).first()
    if pip_recheck and not pip_recheck.change_requests.exists():
        AppointmentChangeRequest.objects.create(
            appointment=pip_recheck, requested_by=context.get("owner@example.com"),
            message="Could Pip come later in the afternoon? I finish work at 3.",
        )
