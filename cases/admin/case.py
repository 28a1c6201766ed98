from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Case, ClinicalSettings, FollowUp
from clinic.lib.concurrency import VersionedAdminMixin


@admin.register(ClinicalSettings)
class ClinicalSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not ClinicalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ("dog", "status", "suspected_cause", "attending_vet", "opened_on", "closed_on")
    list_filter = ("status", "suspected_cause", "diagnosis_basis", "attending_vet")
    search_fields = ("dog__name", "dog__owner__last_name", "presenting_complaint")
    raw_id_fields = ("dog",)
    date_hierarchy = "opened_on"


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("case", "kind", "due_on", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("case",)
    date_hierarchy = "due_on"
