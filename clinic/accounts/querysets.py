"""The one shape of `Model.objects.visible_to(user)`, which every audience-scoped lookup
starts from.

Inactive and anonymous users reach nothing. Clinic staff reach what `for_staff` returns
(every row by default; each view still checks its role's permission). A portal owner
reaches what `for_owner` returns: nothing unless the model says which rows are theirs (the
portal's own lookups live in clinic.portal.access). Anyone else reaches nothing.

Site-owned models (appointments and what hangs off them) name the path to their site in
`site_field`; staff then reach only the rows of `user.current_site`, which
clinic.sites.current sets for each request. No current site (a member of staff who works at
no site, or a caller that never chose one) reaches none of them: it fails closed.
"""

from django.db import models


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
        if self.site_field is None:
            return self
        site = getattr(user, "current_site", None)
        if site is None:
            return self.none()
        return self.filter(**{self.site_field: site})

    def for_staff(self, user):
        return self

    def for_owner(self, user):
        return self.none()


class ClinicalNotesQuerySet(AudienceQuerySet):
    """Clinical notes and photos: staff holding cases.view_clinical_record (vets and the
    administrator), never reception."""

    def for_staff(self, user):
        return self if user.has_perm("cases.view_clinical_record") else self.none()
