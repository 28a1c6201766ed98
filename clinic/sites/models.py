"""The clinic group's sites: where appointments happen and what printed sheets say.

The environment settings CLINIC_NAME, CLINIC_PHONE, CLINIC_EMAIL and CLINIC_ADDRESS only seed
the first site (migration 0002); from then on the administrator edits sites in the Django
admin. Sites are few and read on every page, so the list is kept in the shared cache
(`Clinic.objects.cached()`, clinic.lib.cache), dropped whenever a site is saved or deleted.
"""

from django.conf import settings
from django.db import models

from clinic.lib.cache import SharedValue
from clinic.lib.validators import validate_no_control_characters


class ClinicManager(models.Manager):

    def cached(self):
        """Every site, main site first (one shared-cache read; the database on a miss)."""
        return SITES.get()

    def main(self):
        """The group's first site: what group-wide documents (privacy notice, invitations,
        password e-mails) name. None only before the first migration has run."""
        sites = self.cached()
        return sites[0] if sites else None

    def cached_get(self, pk):
        return next((site for site in self.cached() if site.pk == pk), None)


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


SITES = SharedValue("sites:all", lambda: list(Clinic.objects.order_by("pk")),
                    depends_on=["clinic_sites.Clinic"])
# Per person (a change to anyone's memberships drops them all: they change rarely).
MEMBER_SITE_IDS = SharedValue(
    "sites:staff",
    lambda user_id: tuple(
        SiteMembership.objects.filter(user_id=user_id).values_list("site_id", flat=True)),
    depends_on=["clinic_sites.SiteMembership"],
)
