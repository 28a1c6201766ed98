from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clinic.scheduling.models import (
    Appointment,
    AppointmentChangeRequest,
    AppointmentType,
    CalendarFeedToken,
    ClinicHours,
    ClosedDay,
    VetAbsence,
)


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "default_minutes", "colour", "is_active"]
    list_editable = ["default_minutes", "colour", "is_active"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["start", "dog", "vet", "appointment_type", "status", "reminder_sent_at"]
    list_filter = ["status", "appointment_type", "vet"]
    date_hierarchy = "start"
    search_fields = ["dog__name", "dog__owner__last_name"]
    raw_id_fields = ["dog", "case", "follow_up"]
    readonly_fields = ["booked_by", "booked_at", "reminder_sent_at", "reminder_skipped_reason"]


@admin.register(AppointmentChangeRequest)
class AppointmentChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "appointment", "requested_by", "handled_at"]
    raw_id_fields = ["appointment"]


@admin.register(ClinicHours)
class ClinicHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "is_closed", "opens_at", "closes_at"]


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]


@admin.register(VetAbsence)
class VetAbsenceAdmin(admin.ModelAdmin):
    list_display = ["vet", "start", "end", "reason"]
    list_filter = ["vet"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["owner", "created_at", "revoked_at"]
    readonly_fields = ["token"]
    raw_id_fields = ["owner"]
