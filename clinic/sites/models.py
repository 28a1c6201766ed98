"""The clinic group's sites: where appointments happen and what printed sheets say.

The environment settings CLINIC_NAME, CLINIC_PHONE, CLINIC_EMAIL and CLINIC_ADDRESS only seed
the first site (migration 0002); from then on the administrator edits sites in the Django
admin. Sites are few and read on every page, so the list is kept in the shared cache
(`Clinic.objects.cached()`), dropped whenever a site is saved, as ClinicalSettings does.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction

from clinic.lib.validators import validate_no_control_characters

CACHE_KEY = "sites:all:v1"
MEMBERSHIP_CACHE_KEY = "sites:staff:{user_id}:v1"


class ClinicManager(models.Manager):

    def cached(self):
        """Every site, main site first (one shared-cache read; the database on a miss)."""
        sites = cache.get(CACHE_KEY)
        if sites is None:
            sites = list(self.order_by("pk"))
            cache.set(CACHE_KEY, sites)
        return sites

    def main(self):
        """The group's first site: what group-wide documents (privacy notice, invitations,
        password e-mails) name. None only before the first migration has run."""
        sites = self.cached()
        return sites[0] if sites else None

    def cached_get(self, pk):
        return next((site for site in self.cached() if site.pk == pk), None)

    @staticmethod
    def forget():
        # Now, and again once the transaction commits: a node that read the old rows in
        # between must not put them back for the cache's lifetime.
        cache.delete(CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))


class Clinic(models.Model):
    """One site of the clinic group: its own address, phone, hours, staff and calendar."""

    name = models.CharField(max_length=120, unique=True,
                            validators=[validate_no_control_characters])
    address = models.CharField(max_length=200, validators=[validate_no_control_characters])
    phone = models.CharField(max_length=40, validators=[validate_no_control_characters])
    email = models.EmailField("e-mail address", blank=True)
    sheet_footer = models.CharField(
        "printed sheet footer", max_length=300, blank=True,
        validators=[validate_no_control_characters],
        help_text="Printed at the foot of care sheets and reminders, e.g. the out-of-hours "
                  "line.",
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="SiteMembership", related_name="clinic_sites",
        blank=True,
    )

    objects = ClinicManager()

    class Meta:
        ordering = ["pk"]
        verbose_name = "clinic site"
        verbose_name_plural = "clinic sites"
        permissions = [("view_all_sites", "Can see other sites' calendars")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Clinic.objects.forget()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Clinic.objects.forget()
        return result

    @property
    def one_line(self):
        return f"{self.name}, {self.address}"


class SiteMembership(models.Model):
    """A member of staff works at a site (reception may work at several)."""

    site = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="site_memberships")

    class Meta:
        ordering = ["site_id"]
        verbose_name = "site"
        constraints = [
            models.UniqueConstraint(fields=["site", "user"], name="one_membership_per_site"),
        ]

    def __str__(self):
        return f"{self.user} at {self.site}"
