from django.contrib import admin

from clinic.accounts.admin import UserAdmin
from clinic.accounts.models import User
from clinic.sites.models import Clinic, SiteMembership


class MembershipInline(admin.TabularInline):
    model = SiteMembership
    extra = 0


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "phone", "email"]
    search_fields = ["name"]


class StaffSiteInline(MembershipInline):
    verbose_name = "site this person works at"
    verbose_name_plural = "sites this person works at"
    autocomplete_fields = ["site"]


# Which sites a member of staff works at is edited on the user's own admin page; the user
# admin stays clinic.accounts', extended here because accounts does not know about sites.
admin.site.unregister(User)


@admin.register(User)
class UserWithSitesAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, StaffSiteInline]
