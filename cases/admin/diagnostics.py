from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import (
    Analyte,
    Biopsy,
    ConsentRecord,
    ConsentTemplate,
    ImagingStudy,
    LabPanel,
    LabValue,
)
from clinic.lib.concurrency import VersionedAdminMixin


@admin.register(ConsentTemplate)
class ConsentTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("name", "is_default", "updated_at")


@admin.register(Analyte)
class AnalyteAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "panel_kind", "default_unit", "reference_low",
                    "reference_high", "in_acth_monitoring", "position")
    list_filter = ("panel_kind", "in_acth_monitoring")
    list_editable = ("reference_low", "reference_high", "in_acth_monitoring", "position")
    search_fields = ("name", "code")


@admin.register(Biopsy)
class BiopsyAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """Read-mostly: steps are taken in the clinic's pages, where the rules are enforced."""

    list_display = ("case", "site", "technique", "status", "sent_on", "conclusion")
    list_filter = ("status", "technique", "conclusion")
    raw_id_fields = ("case",)
    readonly_fields = ("status",)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(SimpleHistoryAdmin):
    list_display = ("biopsy", "consented_by", "consented_at", "explained_by")
    raw_id_fields = ("biopsy",)


@admin.register(ImagingStudy)
class ImagingStudyAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("case", "study_date", "soft_tissue_mineralisation", "reporting_vet")
    raw_id_fields = ("case",)


class LabValueInline(admin.TabularInline):
    model = LabValue
    extra = 0


@admin.register(LabPanel)
class LabPanelAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("case", "kind", "acth_purpose", "collected_on", "sent_on", "reported_on")
    list_filter = ("kind", "acth_purpose")
    raw_id_fields = ("case",)
    inlines = [LabValueInline]
