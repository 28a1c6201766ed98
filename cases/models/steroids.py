"""The dog's steroid history on a case: every glucocorticoid it has had, however given.

Steroid treatment is the commonest cause of calcinosis cutis, and ear, eye and skin
products and long-acting injections count as well as tablets (domain.md).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.validators import validate_no_control_characters, validate_plausible_date


class SteroidRoute(models.TextChoices):
    ORAL = "oral", "By mouth (tablets, liquid)"
    LONG_ACTING_INJECTION = "depot", "Long-acting (depot) injection"
    INJECTION = "injection", "Short-acting injection"
    TOPICAL_SKIN = "skin", "On the skin (cream, spray, ointment)"
    EAR = "ear", "Ear drops or ointment"
    EYE = "eye", "Eye drops or ointment"
    INHALED = "inhaled", "Inhaled"

    @classmethod
    def systemic(cls):
        return {cls.ORAL, cls.LONG_ACTING_INJECTION, cls.INJECTION}


class SteroidCourseQuerySet(ClinicalNotesQuerySet):
    def ongoing_on(self, day):
        return self.filter(started_on__lte=day).filter(
            Q(stopped_on__isnull=True) | Q(stopped_on__gte=day)
        )


class SteroidCourse(models.Model):
    """One steroid product the dog had, as far as the history tells."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steroid_courses")
    drug = models.CharField(
        "drug or product", max_length=120, validators=[validate_no_control_characters],
        help_text="E.g. prednisolone, methylprednisolone acetate (Depo-Medrol), "
        "an ear product with a steroid.",
    )
    route = models.CharField(max_length=12, choices=SteroidRoute.choices)
    dose = models.CharField(
        max_length=120, blank=True, validators=[validate_no_control_characters],
        help_text="As given, e.g. '10 mg once daily', '40 mg injection', "
        "'twice daily to both ears'.",
    )
    started_on = models.DateField("started", validators=[validate_plausible_date])
    stopped_on = models.DateField("stopped", null=True, blank=True,
                                  validators=[validate_plausible_date],
                                  help_text="Empty: still being given.")
    note = models.CharField(max_length=200, blank=True, validators=[validate_no_control_characters],
                            help_text="Who prescribed it, why, how sure the date is.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = SteroidCourseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=models.F("started_on")),
                name="steroid_course_stops_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.drug} ({self.get_route_display().lower()})"

    @property
    def is_systemic(self):
        return self.route in SteroidRoute.systemic()

    def clean(self):
        super().clean()
        today = timezone.localdate()
        errors = {}
        if self.started_on and self.started_on > today:
            errors["started_on"] = "Record steroids already given; this date is in the future."
        if self.stopped_on and self.started_on and self.stopped_on < self.started_on:
            errors["stopped_on"] = "The stop date is before the start date."
        if errors:
            raise ValidationError(errors)
