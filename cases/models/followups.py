from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from clinic.accounts.querysets import AudienceQuerySet
from clinic.lib.validators import validate_plausible_date


class FollowUpQuerySet(AudienceQuerySet):
    def outstanding(self):
        """Due (or overdue) and not yet done or cancelled."""
        return self.filter(status=FollowUp.Status.DUE)

    def followed_up_at(self, site):
        """The follow-ups `site` books: those of the cases it attends. Not a site scope: a
        follow-up belongs to its case, which every site of the group may open and re-plan.
        No site (staff who work at none) books none."""
        return self.none() if site is None else self.filter(case__attending_site=site)


class FollowUp(models.Model):
    """A recheck or monitoring test that is due on a case.

    Created when a treatment plan is published; reception's worklist shows the ones not
    yet booked (clinic.scheduling links appointments to them).
    """

    class Kind(models.TextChoices):
        RECHECK = "recheck", "Recheck"
        CALCIUM_CHECK = "calcium_check", "Serum calcium check"
        ACTH_STIMULATION = "acth_stimulation", "ACTH stimulation test"
        BLOOD_TEST = "blood_test", "Other blood test"
        BANDAGE_CHANGE = "bandage_change", "Bandage change"

    class Status(models.TextChoices):
        DUE = "due", "Due"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RECHECK)
    due_on = models.DateField(validators=[validate_plausible_date])
    repeat_every_days = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="When done, the next one falls due this many days later.",
    )
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} due {date_format(self.due_on)}"

    @property
    def is_overdue(self):
        return self.status == self.Status.DUE and self.due_on < timezone.localdate()
