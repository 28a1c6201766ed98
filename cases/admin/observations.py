from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import HomeObservation, HomeObservationPhoto


class HomeObservationPhotoInline(admin.TabularInline):
    model = HomeObservationPhoto
    fields = ("public_id", "width", "height", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(HomeObservation)
class HomeObservationAdmin(SimpleHistoryAdmin):
    list_display = ("dog", "observed_on", "lesion_trend", "triage", "acknowledged_at")
    list_filter = ("triage", "lesion_trend", "appetite")
    search_fields = ("dog__name", "dog__owner__last_name")
    raw_id_fields = ("dog", "case", "reported_by", "acknowledged_by")
    readonly_fields = ("triage", "adrenal_suppressant", "created_at")
    date_hierarchy = "observed_on"
    inlines = [HomeObservationPhotoInline]
