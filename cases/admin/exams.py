from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Exam, ExamAddendum, LesionObservation, LesionPhoto
from clinic.lib.concurrency import VersionedAdminMixin


class ReadOnlyWhenSignedMixin:
    """A signed exam and everything on it is read-only here as everywhere."""

    def _signed(self, obj):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._signed(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._signed(obj):
            return False
        return super().has_delete_permission(request, obj)


class LesionInline(admin.TabularInline):
    model = LesionObservation
    extra = 0
    can_delete = False
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_signed

    def has_add_permission(self, request, obj=None):
        return obj is None or not obj.is_signed


class AddendumInline(admin.TabularInline):
    model = ExamAddendum
    extra = 0
    can_delete = False
    readonly_fields = ("author", "created_at", "reason", "text")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Exam)
class ExamAdmin(VersionedAdminMixin, ReadOnlyWhenSignedMixin, SimpleHistoryAdmin):
    list_display = ("case", "examined_on", "vet", "pain_total", "signed_off_at")
    list_filter = ("vet", ("signed_off_at", admin.EmptyFieldListFilter))
    search_fields = ("case__dog__name",)
    raw_id_fields = ("case", "weight_record")
    readonly_fields = ("pain_total", "signed_off_at", "signed_off_by")
    date_hierarchy = "examined_on"
    inlines = [LesionInline, AddendumInline]

    def _signed(self, obj):
        return obj.is_signed


@admin.register(LesionObservation)
class LesionObservationAdmin(VersionedAdminMixin, ReadOnlyWhenSignedMixin, SimpleHistoryAdmin):
    list_display = ("exam", "site", "lesion_count", "largest_diameter_mm", "ulceration")
    list_filter = ("site", "ulceration", "secondary_infection")
    raw_id_fields = ("exam",)

    def _signed(self, obj):
        return obj.exam.is_signed


@admin.register(LesionPhoto)
class LesionPhotoAdmin(ReadOnlyWhenSignedMixin, SimpleHistoryAdmin):
    # No file links: photos are served only by the permission-checked staff view.
    list_display = ("lesion", "uploaded_by", "uploaded_at")
    fields = ("lesion", "uploaded_by")
    raw_id_fields = ("lesion",)

    def has_add_permission(self, request):
        return False  # photos arrive only through the checked upload path (lesion form)

    def _signed(self, obj):
        return obj.lesion.exam.is_signed


@admin.register(ExamAddendum)
class ExamAddendumAdmin(SimpleHistoryAdmin):
    list_display = ("exam", "author", "created_at", "reason")
    readonly_fields = ("exam", "author", "created_at", "reason", "text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
