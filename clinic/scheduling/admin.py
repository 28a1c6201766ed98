from django import forms
from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from clinic.lib.concurrency import VersionedAdminMixin
from clinic.lib.pagination import EstimatedCountPaginator
from clinic.scheduling.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentChangeRequest,
    AppointmentType,
    CalendarFeedToken,
    ClinicHours,
    ClosedDay,
    VetAbsence,
)
from clinic.scheduling.services.availability import Availability


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "default_minutes", "colour", "is_active"]
    list_editable = ["default_minutes", "colour", "is_active"]
    filter_horizontal = ["sites"]


class AppointmentAdminForm(forms.ModelForm):
    """The admin may fix records outside the usual rules (hours, the past), but never
    double-book a vet: SQLite has no exclusion constraint to stop it."""

    class Meta:
        model = Appointment
        fields = ["site", "dog", "case", "follow_up", "vet", "appointment_type", "start", "end",
                  "status", "reason", "cancel_reason"]

    def clean(self):
        cleaned = super().clean()
        vet, start, end = cleaned.get("vet"), cleaned.get("start"), cleaned.get("end")
        status = cleaned.get("status")
        if vet and start and end and end > start and status in ACTIVE_STATUSES:
            day = timezone.localtime(start).date()
            # Hours do not matter here, only the vet's diary at every site.
            availability = Availability(day, day, cleaned.get("site"), vets=[vet],
                                        exclude_appointment=self.instance
                                        if self.instance.pk else None)
            if availability.clashes(vet.pk, start, end):
                self.add_error("start", "This vet already has an appointment at that time.")
        return cleaned


@admin.register(Appointment)
class AppointmentAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    form = AppointmentAdminForm
    list_display = ["start", "site", "dog", "vet", "appointment_type", "status",
                    "reminder_sent_at"]
    # No date_hierarchy: its list of years is a DISTINCT over every appointment (896 ms of
    # a million rows, EXPLAIN in docs/benchmarks.md); the date filter narrows by date
    # without reading them all.
    list_filter = ["site", "status", "appointment_type", "vet", "start"]
    search_fields = ["dog__name", "dog__owner__last_name"]
    # A million appointments: no exact count of the whole table, the latest first (the
    # start index read backwards), and the columns' rows in the same query.
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    ordering = ["-start", "-id"]
    list_select_related = ["site", "dog", "vet", "appointment_type"]
    raw_id_fields = ["dog", "case", "follow_up"]
    readonly_fields = ["booked_by", "booked_at", "reminder_sent_at", "reminder_skipped_reason"]


@admin.register(AppointmentChangeRequest)
class AppointmentChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "appointment", "requested_by", "handled_at"]
    raw_id_fields = ["appointment"]


@admin.register(ClinicHours)
class ClinicHoursAdmin(admin.ModelAdmin):
    list_display = ["site", "weekday", "is_closed", "open_24_hours", "opens_at", "closes_at"]
    list_filter = ["site"]


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "site", "reason"]
    list_filter = ["site"]


@admin.register(VetAbsence)
class VetAbsenceAdmin(admin.ModelAdmin):
    list_display = ["vet", "start", "end", "reason"]
    list_filter = ["vet"]


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ["owner", "created_at", "revoked_at"]
    readonly_fields = ["token"]
    raw_id_fields = ["owner"]
