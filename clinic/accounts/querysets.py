"""The one shape of `Model.objects.visible_to(user)`, which every audience-scoped lookup
starts from.

Inactive and anonymous users reach nothing. Clinic staff reach what `for_staff` returns
(every row by default; each view still checks its role's permission). A portal owner
reaches what `for_owner` returns: nothing unless the model says which rows are theirs (the
portal's own lookups live in clinic.portal.access). Anyone else reaches nothing.

Site-owned models (appointments and what hangs off them) name the path to their site in
`site_field` and take their manager from clinic.sites.scoping: the manager filters their rows
to the active site scope (django-scopes), and raises when there is none. For staff,
`visible_to` adds no second site filter; it checks that the active scope is the user's
current site (which clinic.sites.current sets, with the scope, for each request), so a
caller that never chose a site fails instead of seeing every site's rows.
"""

from django.db import models

from clinic.sites.scoping import require_scope_of


class AudienceQuerySet(models.QuerySet):
    site_field = None  # e.g. "site" or "appointment__site" on site-owned models

    def visible_to(self, user):
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_clinic_staff:
            return self.on_current_site(user).for_staff(user)
        if user.is_portal_owner:
            return self.for_owner(user)
        return self.none()

    def on_current_site(self, user):
        if self.site_field is not None:
            require_scope_of(user)  # the manager has filtered the rows by that scope
        return self

    def for_staff(self, user):
        return self

    def for_owner(self, user):
        return self.none()


class ClinicalNotesQuerySet(AudienceQuerySet):
    """Clinical notes and photos: staff holding cases.view_clinical_record (vets and the
    administrator), never reception."""

    def for_staff(self, user):
        return self if user.has_perm("cases.view_clinical_record") else self.none()
