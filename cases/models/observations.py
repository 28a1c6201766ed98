"""What owners report from home: how the lesions look, itch, pain signs, appetite, photos.

They belong to the clinical record (they appear on the case timeline) although owners write
them through the portal. A report that suggests the dog needs help now is `is_urgent`: it
stays on the attending vet's dashboard until a vet acknowledges it.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.uploads import upload_to
from clinic.lib.validators import validate_plausible_date
from clinic.patients.models import Dog


class LesionTrend(models.TextChoices):
    BETTER = "better", "Better"
    SAME = "same", "About the same"
    WORSE = "worse", "Worse"


class Appetite(models.TextChoices):
    NORMAL = "normal", "Normal"
    REDUCED = "reduced", "Eating less than usual"
    INCREASED = "increased", "Hungrier than usual"
    NOT_EATING = "not_eating", "Not eating"


class PainSign(models.TextChoices):
    """Signs of pain owners are asked to call about (domain.md, 'What owners are told')."""

    RESTLESS = "restless", "Restless, cannot settle"
    GUARDING = "guarding", "Guarding a sore area or not wanting it touched"
    CRYING = "crying", "Crying or whining"
    WONT_LIE_DOWN = "wont_lie_down", "Won't lie down"
    LICKING_LESION = "licking_lesion", "Licking a lesion constantly"


ITCH_SCALE_MAX = 10


class HomeObservationQuerySet(ClinicalNotesQuerySet):
    """Vets read owners' reports in the staff UI. Owners reach their own through
    clinic.portal.access."""

    def awaiting_acknowledgement(self):
        return self.filter(is_urgent=True, acknowledged_at__isnull=True)


class HomeObservation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dog = models.ForeignKey(Dog, on_delete=models.PROTECT, related_name="home_observations")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="home_observations",
        help_text="The dog's open case when the report arrived, if there was one.",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    observed_on = models.DateField(
        "date", default=timezone.localdate, validators=[validate_plausible_date]
    )
    lesion_trend = models.CharField(
        "the skin lesions look", max_length=8, choices=LesionTrend.choices
    )
    new_lesions = models.BooleanField("new lesions", default=False)
    new_lesions_where = models.CharField("where", max_length=200, blank=True)
    itch_score = models.PositiveSmallIntegerField(
        "scratching or licking (0–10)", validators=[MaxValueValidator(ITCH_SCALE_MAX)],
    )
    pain_signs = models.JSONField("signs of pain", default=list, blank=True)
    appetite = models.CharField(max_length=12, choices=Appetite.choices)
    note = models.TextField("anything else", blank=True, max_length=2000)
    is_urgent = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    acknowledgement_note = models.TextField(blank=True, max_length=2000)

    objects = HomeObservationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-observed_on", "-created_at"]
        permissions = [("acknowledge_homeobservation", "Can acknowledge an urgent home report")]
        indexes = [models.Index(fields=["is_urgent", "acknowledged_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(itch_score__lte=ITCH_SCALE_MAX), name="home_obs_itch_0_to_10"
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
                name="home_obs_acknowledged_by_whom_and_when",
            ),
        ]

    def __str__(self):
        return f"Home report on {self.dog.name}, {self.observed_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.is_urgent = bool(self.urgent_reasons())
        super().save(*args, **kwargs)

    def urgent_reasons(self):
        """Why this report needs a vet now, in words; empty when it does not."""
        reasons = []
        if self.lesion_trend == LesionTrend.WORSE:
            reasons.append("lesions look worse")
        if self.pain_signs:
            reasons.append("signs of pain: " + ", ".join(self.pain_sign_labels).lower())
        if self.appetite == Appetite.NOT_EATING:
            reasons.append("not eating")
        return reasons

    @property
    def urgent_reasons_text(self):
        return "; ".join(self.urgent_reasons())

    @property
    def pain_sign_labels(self):
        labels = dict(PainSign.choices)
        return [labels.get(code, code) for code in self.pain_signs]

    @property
    def is_acknowledged(self):
        return self.acknowledged_at is not None

    def clean(self):
        super().clean()
        errors = {}
        if self.observed_on and self.observed_on > timezone.localdate():
            errors["observed_on"] = "The date cannot be in the future."
        if self.new_lesions and not self.new_lesions_where.strip():
            errors["new_lesions_where"] = "Please say where the new lesions are."
        unknown = set(self.pain_signs or []) - set(PainSign.values)
        if unknown:
            errors["pain_signs"] = "Unknown sign of pain."
        if errors:
            raise ValidationError(errors)


class HomeObservationPhoto(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    observation = models.ForeignKey(
        HomeObservation, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(upload_to=upload_to("observations/photos"))
    thumbnail = models.FileField(upload_to=upload_to("observations/photos"))
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Photo {self.pk} of {self.observation}"
