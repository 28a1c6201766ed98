from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import (
    CareWording,
    Drug,
    DrugStrength,
    PlanItem,
    SafetyAcknowledgement,
    TreatmentPlan,
)
from clinic.lib.concurrency import VersionedAdminMixin


class DrugStrengthInline(admin.TabularInline):
    model = DrugStrength
    extra = 1


@admin.register(Drug)
class DrugAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "drug_class",
        "dose_min_mg_per_kg",
        "dose_max_mg_per_kg",
        "needs_calcium_monitoring",
        "needs_acth_monitoring",
        "is_active",
    )
    list_filter = ("drug_class", "is_active")
    search_fields = ("name",)
    inlines = [DrugStrengthInline]


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
