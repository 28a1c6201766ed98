from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import (
    CareWording,
    DoseRange,
    Drug,
    DrugStrength,
    PlanItem,
    SafetyAcknowledgement,
    SteroidCourse,
    TreatmentPlan,
)
from clinic.lib.concurrency import VersionedAdminMixin


class DrugStrengthInline(admin.TabularInline):
    model = DrugStrength
    extra = 1


class DoseRangeInline(admin.TabularInline):
    """Per-dose ranges by frequency: with any here, other frequencies are flagged."""

    model = DoseRange
    extra = 0


@admin.register(Drug)
class DrugAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "drug_class",
        "dose_min_mg_per_kg",
        "dose_max_mg_per_kg",
        "daily_min_mg_per_kg",
        "daily_max_mg_per_kg",
        "needs_calcium_monitoring",
        "needs_acth_monitoring",
        "is_active",
    )
    list_filter = ("drug_class", "is_active")
    search_fields = ("name",)
    inlines = [DoseRangeInline, DrugStrengthInline]


@admin.register(CareWording)
class CareWordingAdmin(admin.ModelAdmin):
    list_display = ("topic",)

    def has_delete_permission(self, request, obj=None):
        return False


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    can_delete = False
    fields = (
        "kind",
        "drug",
        "strength",
        "dose_mg_per_kg",
        "dose_mg",
        "units_per_dose",
        "frequency",
        "start_date",
        "end_date",
    )
    readonly_fields = fields


class SafetyAcknowledgementInline(admin.TabularInline):
    model = SafetyAcknowledgement
    extra = 0
    can_delete = False
    readonly_fields = ("code", "message", "reason", "acknowledged_by", "acknowledged_at")


@admin.register(TreatmentPlan)
class TreatmentPlanAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """Read-only: plans are written and published in the staff pages, where the rules live."""

    list_display = ("case", "version", "status", "published_at", "published_by")
    list_filter = ("status",)
    raw_id_fields = ("case",)
    inlines = [PlanItemInline, SafetyAcknowledgementInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(SteroidCourse)
class SteroidCourseAdmin(SimpleHistoryAdmin):
    list_display = ("case", "drug", "route", "started_on", "stopped_on")
    list_filter = ("route",)
    search_fields = ("drug", "case__dog__name")
    raw_id_fields = ("case",)
