"""What scheduling adds to other apps' pages: the dog page and the case timeline."""

from django.utils import timezone

from cases.timeline import TimelineEntry
from clinic.scheduling.models import Appointment

PAST_SHOWN = 10


def dog_appointments(dog, user):
    """Upcoming and recent appointments of one dog, for staff (two queries)."""
    if not (user.is_authenticated and user.is_clinic_staff):
        return None
    appointments = Appointment.objects.visible_to(user).for_calendar().filter(dog=dog)
    now = timezone.now()
    return {
        "upcoming": list(appointments.upcoming()),
        "past": list(appointments.filter(start__lt=now).order_by("-start")[:PAST_SHOWN]),
    }


def case_appointments(case, user):
    appointments = Appointment.objects.visible_to(user).for_calendar().filter(case=case)
    return [
        TimelineEntry(
            kind="appointment", when=appointment.start,
            title=f"{appointment.appointment_type.name} with {appointment.vet.get_full_name()}"
                  f" ({appointment.get_status_display().lower()})",
            template="scheduling/includes/timeline_appointment.html", obj=appointment,
        )
        for appointment in appointments
    ]
