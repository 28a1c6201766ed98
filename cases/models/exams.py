from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from cases.models import glasgow
from cases.models.case import Case
from cases.models.signs import ClinicalSign
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.concurrency import VersionedModel
from clinic.lib.validators import NOTE_TEXT, text_limit, validate_plausible_date
from clinic.patients.models import WeightRecord

MIN_TEMPERATURE_C = Decimal("32.0")
MAX_TEMPERATURE_C = Decimal("43.0")


class SignedExamError(ValidationError):
    """A signed exam (and its lesions and photos) is read-only; corrections are addenda."""

    def __init__(self, message=None):
        super().__init__(
            message or "This exam is signed off and read-only. Add an addendum to correct it.",
            code="signed",
        )


class ExamQuerySet(ClinicalNotesQuerySet):
    def signed(self):
        return self.filter(signed_off_at__isnull=False)

    def drafts(self):
        return self.filter(signed_off_at__isnull=True)

    def pain_scored(self):
        return self.filter(pain_total__isnull=False)

    def with_details(self):
        """Vet, signer, weight, lesions and the number of addenda (`addendum_count`), in two
        queries."""
        from cases.models.addenda import ExamAddendum

        addenda = (ExamAddendum.objects.filter(exam=models.OuterRef("pk")).order_by()
                   .values("exam").annotate(n=models.Count("pk")).values("n"))
        return (self.select_related("vet", "signed_off_by", "weight_record")
                .prefetch_related("lesions")
                .annotate(addendum_count=Coalesce(models.Subquery(addenda), 0)))


def _pain_item(choices, label):
    top = max(choices.values)
    return models.PositiveSmallIntegerField(
        label, choices=choices.choices, null=True, blank=True,
        validators=[MaxValueValidator(top)],
        error_messages={
            "invalid_choice": f"{label.capitalize()} is scored 0–{top}; "
            "%(value)s is outside the scale.",
        },
    )


class Exam(VersionedModel):
    """A consultation note on a case (SOAP), with pain and pruritus scores.

    A draft until the vet signs it off; from then on read-only (corrections are addenda).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="exams")
    examined_on = models.DateField(default=timezone.localdate, validators=[validate_plausible_date])
    vet = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exams"
    )
    subjective = models.TextField(
        blank=True, help_text="History and the owner's account since the last visit.",
        **text_limit(NOTE_TEXT),
    )
    objective = models.TextField(
        blank=True, help_text="Findings on examination.", **text_limit(NOTE_TEXT)
    )
    assessment = models.TextField(blank=True, **text_limit(NOTE_TEXT))
    plan = models.TextField(blank=True, **text_limit(NOTE_TEXT))
    weight_record = models.OneToOneField(
        WeightRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="exam",
        help_text="The weight taken at this exam, kept in the dog's weight history.",
    )
    temperature_c = models.DecimalField(
        "temperature (°C)", max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[
            MinValueValidator(
                MIN_TEMPERATURE_C, "Below 32.0 °C is not a plausible reading; check it."
            ),
            MaxValueValidator(
                MAX_TEMPERATURE_C, "Above 43.0 °C is not a plausible reading; check it."
            ),
        ],
    )
    pain_vocalisation = _pain_item(glasgow.Vocalisation, "vocalisation")
    pain_attention_to_wound = _pain_item(
        glasgow.AttentionToWound, "attention to wound or painful area"
    )
    pain_mobility = _pain_item(glasgow.Mobility, "mobility")
    pain_mobility_assessable = models.BooleanField(
        "mobility can be assessed", default=True,
        help_text="Untick when the dog cannot be walked (the total is then out of 20).",
    )
    pain_response_to_touch = _pain_item(glasgow.ResponseToTouch, "response to touch")
    pain_demeanour = _pain_item(glasgow.Demeanour, "demeanour")
    pain_posture = _pain_item(glasgow.Posture, "posture / activity")
    # Computed from the items in save(); never typed.
    pain_total = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    pruritus_score = models.PositiveSmallIntegerField(
        "itch score (0–10)", null=True, blank=True,
        validators=[MaxValueValidator(10, "The itch score is from 0 to 10.")],
        help_text="A simple 0–10 itch score as the owner reports it (0 none, 10 constant); "
        "not the validated pruritus visual analogue scale (Hill et al. 2007).",
    )
    clinical_signs = models.JSONField(default=list, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="signed_exams", editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-examined_on", "-id"]
        permissions = [("sign_off_exam", "Can sign off an exam")]
        indexes = [models.Index(fields=["case", "examined_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_total__isnull=True) | Q(pain_total__lte=glasgow.MAX_FULL),
                name="exam_pain_total_within_scale",
            ),
            models.CheckConstraint(
                condition=Q(pruritus_score__isnull=True) | Q(pruritus_score__lte=10),
                name="exam_pruritus_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(temperature_c__isnull=True)
                | (Q(temperature_c__gte=MIN_TEMPERATURE_C)
                   & Q(temperature_c__lte=MAX_TEMPERATURE_C)),
                name="exam_temperature_plausible",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | Q(signed_off_by__isnull=False),
                name="exam_signed_by_someone",
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{name}__isnull": True})
                | Q(**{f"{name}__lte": max(choices.values)}),
                name=f"exam_{name}_within_scale",
            )
            for name, _label, choices in glasgow.ITEMS
        ]

    def __str__(self):
        return f"Exam of {self.case.dog.name} on {date_format(self.examined_on)}"

    def save(self, *args, **kwargs):
        # The model-level guard: nothing saves over a signed exam, whatever the caller.
        if self.pk and Exam.objects.signed().filter(pk=self.pk).exists():
            raise SignedExamError()
        self.clinical_signs = list(dict.fromkeys(self.clinical_signs or []))
        self.pain_total = self.compute_pain_total()
        super().save(*args, **kwargs)

    @property
    def is_signed(self):
        return self.signed_off_at is not None

    @property
    def pain_max(self):
        return glasgow.pain_max(self.pain_mobility_assessable)

    @property
    def pain_threshold(self):
        return glasgow.intervention_threshold(self.pain_mobility_assessable)

    @property
    def analgesia_indicated(self):
        """At or above the CMPS-SF suggested intervention level (≥ 6/24 or ≥ 5/20)."""
        return self.pain_total is not None and self.pain_total >= self.pain_threshold

    @property
    def weight_kg(self):
        return self.weight_record.weight_kg if self.weight_record_id else None

    def scored_pain_items(self):
        names = [name for name, _label, _choices in glasgow.ITEMS]
        if not self.pain_mobility_assessable:
            names.remove("pain_mobility")
        return {name: getattr(self, name) for name in names}

    def compute_pain_total(self):
        """The CMPS-SF total, or None unless every item that applies is scored."""
        scores = self.scored_pain_items().values()
        if any(score is None for score in scores):
            return None
        return sum(scores)

    def clinical_sign_labels(self):
        labels = dict(ClinicalSign.choices)
        return [labels.get(code, code) for code in self.clinical_signs]

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.examined_on and self.examined_on > today:
            errors["examined_on"] = "An exam cannot be dated in the future."
        elif self.examined_on and self.case_id and self.examined_on < self.case.opened_on:
            errors["examined_on"] = (
                f"The case was opened on {date_format(self.case.opened_on)}; "
                "an exam cannot be dated before that."
            )
        if not self.pain_mobility_assessable and self.pain_mobility is not None:
            errors["pain_mobility"] = "Leave mobility empty when it cannot be assessed."
        items = self.scored_pain_items()
        if any(score is not None for score in items.values()):
            for name, score in items.items():
                if score is None:
                    errors[name] = "Score every item of the pain scale, or none of them."
        invalid = _invalid_signs(self.clinical_signs)
        if invalid:
            errors["clinical_signs"] = f"Unknown clinical sign code(s): {', '.join(invalid)}."
        if errors:
            raise ValidationError(errors)


def _invalid_signs(codes):
    if not isinstance(codes, list):
        return [str(codes)]
    return [str(code) for code in codes if code not in ClinicalSign.values]
