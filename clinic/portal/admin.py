from django.contrib import admin

from clinic.portal.models import CareTaskTick, DeletionRequest, Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("owner", "email", "created_by", "created_at", "expires_at", "used_at",
                    "revoked_at")
    list_filter = ("used_at", "revoked_at")
    search_fields = ("owner__last_name", "email")
    readonly_fields = ("owner", "email", "created_by", "created_at", "expires_at", "used_at")
    raw_id_fields = ("owner",)

    def has_add_permission(self, request):
        return False  # staff invite from the owner's page, which e-mails the link


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    list_display = ("owner", "created_at", "handled_at", "handled_by")
    list_filter = ("handled_at",)
    search_fields = ("owner__last_name", "owner__email")
    readonly_fields = ("owner", "requested_by", "reason", "created_at")
    raw_id_fields = ("handled_by",)


@admin.register(CareTaskTick)
class CareTaskTickAdmin(admin.ModelAdmin):
    list_display = ("dog", "task_key", "on", "ticked_at")
    raw_id_fields = ("owner", "dog")
    date_hierarchy = "on"
