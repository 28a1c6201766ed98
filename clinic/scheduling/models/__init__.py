from clinic.scheduling.models.appointments import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentChangeRequest,
    AppointmentType,
)
from clinic.scheduling.models.feeds import CalendarFeedToken
from clinic.scheduling.models.hours import ClinicHours, ClosedDay, VetAbsence
from clinic.scheduling.models.reminders import ReminderDelivery

__all__ = [
    "ACTIVE_STATUSES",
    "Appointment",
    "AppointmentChangeRequest",
    "AppointmentType",
    "CalendarFeedToken",
    "ClinicHours",
    "ClosedDay",
    "ReminderDelivery",
    "VetAbsence",
]
