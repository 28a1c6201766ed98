from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts import two_factor
from clinic.accounts.models import User
from clinic.accounts.roles import Role

# Secrets and recovery codes are their owner's, shown once to them: the administrator does
# not browse or edit devices, only resets a user's (the action on the users' list).
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)

RESET_MESSAGE = "Reset two-factor authentication (authenticator and recovery codes removed)."


def check_role_combination(cleaned_data):
    """Owners never get the admin site, and an account is either staff or an owner."""
    names = {group.name for group in cleaned_data.get("groups") or ()}
    if Role.OWNER.value in names:
        if cleaned_data.get("is_staff") or cleaned_data.get("is_superuser"):
            raise ValidationError("An owner account cannot have admin site access.")
        if names & {Role.VET.value, Role.RECEPTION.value, Role.ADMINISTRATOR.value}:
            raise ValidationError(
                "An account is either clinic staff or an owner; use two accounts."
            )


class ClinicUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "groups")

    def clean(self):
        cleaned_data = super().clean()
        check_role_combination(cleaned_data)
        return cleaned_data


class ClinicUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        check_role_combination(cleaned_data)
        return cleaned_data


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = ClinicUserChangeForm
    add_form = ClinicUserCreationForm
    ordering = ("full_name", "email")
    list_display = ("email", "full_name", "roles", "is_active", "is_staff", "two_factor_on",
                    "last_login")
    list_filter = ("groups", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "mobile_phone")}),
        ("Role and access", {"fields": ("is_active", "groups", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {
            "classes": ("wide",),
            "fields": ("email", "full_name", "password1", "password2", "groups"),
        }),
    )
    filter_horizontal = ("groups",)
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups").annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )

    @admin.display(description="two-factor", boolean=True, ordering="has_two_factor")
    def two_factor_on(self, user):
        return user.has_two_factor

    @admin.action(description="Reset two-factor authentication (lost phone)",
                  permissions=["change"])
    def reset_two_factor(self, request, queryset):
        """For someone who lost both phone and recovery codes: they log in with the password
        and set up again (at once, if their role requires it). Kept in each user's history."""
        for user in queryset:
            two_factor.remove_devices(user)
            self.log_change(request, user, RESET_MESSAGE)
        self.message_user(
            request, f"Two-factor authentication reset for {len(queryset)} user(s).",
            messages.SUCCESS)

    @admin.display(description="roles")
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all()) or "—"
