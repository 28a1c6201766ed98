from django.contrib import admin

from clinic.jobs.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["job", "slot", "claimed_at", "node", "task_id"]
    list_filter = ["job"]
    readonly_fields = ["job", "slot", "claimed_at", "node", "task_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
