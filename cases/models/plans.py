"""Treatment plans: what the vet decides for a case, versioned.

A plan is a draft until published; publishing (cases.services.treatment) supersedes the
previous version, which stays read-only. Owners only ever see published plans.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from cases.models.drugs import Drug, DrugStrength, units_text
from cases.models.sites import BodySite
from clinic.accounts.querysets import AudienceQuerySet
from clinic.lib.concurrency import VersionedModel
from clinic.lib.validators import (
    DOCUMENT_TEXT,
    NOTE_TEXT,
    SHORT_TEXT,
    text_limit,
    validate_no_control_characters,
    validate_plausible_date,
)


class PlanNotEditable(Exception):
    """Published and superseded plans are read-only: changes go into a new version."""


class TreatmentPlanQuerySet(AudienceQuerySet):
    def for_owner(self, user):
        """Owners: only their own dogs' published plans, never a draft."""
        return self.published().filter(case__dog__owner__user=user)

    def published(self):
        return self.filter(status=TreatmentPlan.Status.PUBLISHED)


class TreatmentPlan(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="treatment_plans")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    goals = models.TextField(
        blank=True, help_text="What this plan aims for, in a few lines.", **text_limit(NOTE_TEXT)
    )
    recheck_interval_days = models.PositiveSmallIntegerField(
        "recheck every (days)", validators=[MinValueValidator(1)],
        help_text="Typically every 2–4 weeks while lesions are active.",
    )
    calcium_check_days = models.PositiveSmallIntegerField(
        "serum calcium check every (days)", null=True, blank=True,
        validators=[MinValueValidator(1)],
        help_text="Needed while topical DMSO is on the plan.",
    )
    acth_check_days = models.CharField(
        "ACTH stimulation checks (days after starting or changing trilostane)",
        max_length=60, blank=True,
        help_text="Comma-separated, e.g. 14,30,90; then every 3 months.",
    )
    other_monitoring = models.TextField("other monitoring", blank=True, **text_limit(NOTE_TEXT))
    owner_instructions = models.TextField(
        "care instructions for the owner", blank=True, **text_limit(DOCUMENT_TEXT),
        help_text="Composed from the clinic's wording; edit before publishing. "
        "What is published is exactly what the owner sees.",
    )
    owner_warning_signs = models.TextField(
        "when to call the clinic at once", blank=True, **text_limit(DOCUMENT_TEXT),
    )
    # The items as they were when the vet last composed or saved the owner's text, so a
    # later change to the items prompts a re-read before publishing.
    owner_text_items_signature = models.CharField(max_length=64, blank=True, editable=False)
    changes = models.JSONField(
        "what changed from the previous version", default=list, blank=True, editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = TreatmentPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "-version"]
        permissions = [("publish_treatmentplan", "Can publish a treatment plan")]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="published"),
                name="one_published_plan_per_case",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="draft"), name="one_draft_plan_per_case",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_plan_has_date",
            ),
        ]

    def __str__(self):
        return f"Treatment plan v{self.version} ({self.get_status_display().lower()})"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def ensure_editable(self):
        if not self.is_draft:
            raise PlanNotEditable(
                f"Version {self.version} is {self.get_status_display().lower()} and cannot be "
                "changed. Revise it to make a new draft version."
            )

    @property
    def published_on(self):
        return timezone.localdate(self.published_at) if self.published_at else None

    @cached_property
    def next_recheck_on(self):
        """When the owner should expect the next recheck: the case's outstanding recheck,
        else the plan's interval counted on from publication to the first date not past."""
        if not self.published_at or self.status != self.Status.PUBLISHED:
            return None
        due = self.case.follow_ups.outstanding().filter(kind="recheck").first()
        if due:
            return due.due_on
        step = timezone.timedelta(days=self.recheck_interval_days)
        date = self.published_on + step
        while date < timezone.localdate():
            date += step
        return date

    @property
    def acth_days(self):
        return parse_day_list(self.acth_check_days)

    def clean(self):
        super().clean()
        try:
            parse_day_list(self.acth_check_days)
        except ValueError as error:
            raise ValidationError({"acth_check_days": str(error)}) from None


def parse_day_list(text):
    """'14, 30,90' -> [14, 30, 90]; raises ValueError with a readable message."""
    days = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise ValueError("List whole numbers of days, separated by commas, e.g. 14,30,90.")
        days.append(int(part))
    if days != sorted(set(days)):
        raise ValueError("List the days in increasing order, each once.")
    return days


class ItemKind(models.TextChoices):
    UNDERLYING_CAUSE = "underlying_cause", "Treatment of the underlying cause"
    TOPICAL = "topical", "Topical therapy"
    WOUND_CARE = "wound_care", "Wound care"
    ANTIBIOTIC = "antibiotic", "Antibiotics for secondary infection"
    ANALGESIA = "analgesia", "Analgesia"
    SURGERY = "surgery", "Surgery"
    HYGIENE = "hygiene", "Environment and hygiene"
    OTHER = "other", "Other"


class Frequency(models.TextChoices):
    ONCE_DAILY = "sid", "Once daily"
    TWICE_DAILY = "bid", "Twice daily"
    THREE_TIMES_DAILY = "tid", "Three times daily"
    EVERY_OTHER_DAY = "eod", "Every other day"
    WEEKLY = "weekly", "Once a week"
    ONCE = "once", "Once (on the start date)"
    AS_NEEDED = "prn", "As needed / as directed"


# (times each scheduled day, days between scheduled days); None = not on the day-by-day list
FREQUENCY_SCHEDULE = {
    Frequency.ONCE_DAILY: (("Morning",), 1),
    Frequency.TWICE_DAILY: (("Morning", "Evening"), 1),
    Frequency.THREE_TIMES_DAILY: (("Morning", "Afternoon", "Evening"), 1),
    Frequency.EVERY_OTHER_DAY: (("Morning",), 2),
    Frequency.WEEKLY: (("Any time",), 7),
    Frequency.ONCE: (("Any time",), None),
    Frequency.AS_NEEDED: None,
}


def doses_per_day(frequency):
    """How many doses a day `frequency` gives on average (every other day: ½); a single
    dose counts as one that day; None when it cannot be known ('as needed')."""
    schedule = FREQUENCY_SCHEDULE.get(frequency) if frequency else None
    if schedule is None:
        return None
    times, every = schedule
    return Decimal(len(times)) / Decimal(every or 1)


class Route(models.TextChoices):
    ORAL = "oral", "By mouth"
    TOPICAL = "topical", "On the skin"
    SUBCUTANEOUS = "sc", "Injection under the skin (clinic)"
    INTRAVENOUS = "iv", "Intravenous (clinic)"


class Procedure(models.TextChoices):
    DEBRIDEMENT = "debridement", "Debridement"
    EXCISION = "excision", "Excision"
    SKIN_GRAFT = "skin_graft", "Skin grafting"


MEDICATION_KINDS = {ItemKind.UNDERLYING_CAUSE, ItemKind.TOPICAL, ItemKind.ANTIBIOTIC,
                    ItemKind.ANALGESIA, ItemKind.OTHER}


class PlanItem(VersionedModel):
    """One thing on the plan. Medication items carry the dose and the weight it came from."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(
        max_length=200, blank=True, validators=[validate_no_control_characters],
        help_text="For items without a drug, e.g. 'Chlorhexidine wipes to lesions'.",
    )
    instructions = models.TextField(
        "details for the owner", blank=True, **text_limit(NOTE_TEXT),
        help_text="E.g. 'with food', 'clean with the wipes, pat dry'.",
    )
    drug = models.ForeignKey(Drug, on_delete=models.PROTECT, null=True, blank=True)
    strength = models.ForeignKey(DrugStrength, on_delete=models.PROTECT, null=True, blank=True)
    dose_mg_per_kg = models.DecimalField(
        "dose (mg/kg)", max_digits=7, decimal_places=3, null=True, blank=True,
    )
    route = models.CharField(max_length=8, choices=Route.choices, blank=True)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, blank=True)
    start_date = models.DateField(default=timezone.localdate, validators=[validate_plausible_date])
    end_date = models.DateField(
        null=True, blank=True, validators=[validate_plausible_date],
        help_text="Empty: until the next recheck.",
    )
    is_taper = models.BooleanField(
        "step of a taper to stop", default=False,
        help_text="A corticosteroid being tapered off: add one item per step, each with its "
        "dose and its dates.",
    )
    body_site = models.CharField(
        "area", max_length=24, choices=BodySite.choices, blank=True,
    )
    area_note = models.CharField(
        "area detail", max_length=120, blank=True, validators=[validate_no_control_characters],
    )
    procedure = models.CharField(max_length=16, choices=Procedure.choices, blank=True)
    # The dose as calculated when the item was saved, kept with the weight it used.
    weight_kg_used = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    weight_recorded_on = models.DateField(null=True, blank=True)
    dose_mg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    units_per_dose = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    given_mg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    outside_range_confirmed = models.BooleanField(
        "dose outside the clinic range confirmed", default=False,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="plan_item_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(dose_mg_per_kg__isnull=True) | Q(dose_mg_per_kg__gt=0),
                name="plan_item_dose_positive",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if self.procedure:
            return self.get_procedure_display()
        if self.drug_id:
            return self.drug.name
        return self.description or self.get_kind_display()

    @property
    def area_display(self):
        parts = [self.get_body_site_display() if self.body_site else "", self.area_note]
        return ", ".join(part for part in parts if part)

    @property
    def dose_display(self):
        """'1½ tablets (15 mg)' — the units and the mg they actually contain."""
        if self.units_per_dose is None:
            return f"{self.dose_mg.normalize():f} mg" if self.dose_mg is not None else ""
        unit = "ml" if self.strength.is_liquid else self.strength.get_form_display().lower()
        return f"{units_text(self.units_per_dose, unit)} ({self.given_mg.normalize():f} mg)"

    @property
    def mg_per_dose(self):
        """The mg the dog actually gets per dose: after rounding to whole units."""
        return self.given_mg if self.given_mg is not None else self.dose_mg

    @property
    def mg_per_day(self):
        per_day = doses_per_day(self.frequency)
        if self.mg_per_dose is None or per_day is None:
            return None
        return (self.mg_per_dose * per_day).quantize(Decimal("0.01"))

    @property
    def schedule(self):
        return FREQUENCY_SCHEDULE.get(self.frequency) if self.frequency else None

    def is_active_on(self, day):
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date is before the start date."
        if self.dose_mg_per_kg is not None and self.dose_mg_per_kg <= 0:
            errors["dose_mg_per_kg"] = "A dose must be more than zero."
        if self.strength_id and self.drug_id and self.strength.drug_id != self.drug_id:
            errors["strength"] = "This strength belongs to another drug."
        if self.is_taper and not self.end_date:
            errors["end_date"] = "A taper step ends: give the last day of this step."
        if self.kind == ItemKind.SURGERY and not self.procedure:
            errors["procedure"] = "Say which procedure."
        if not (self.drug_id or self.description or self.procedure):
            errors["description"] = "Describe the item or choose a drug."
        if errors:
            raise ValidationError(errors)


class SafetyAcknowledgement(models.Model):
    """A safety prompt the vet saw at publishing and accepted, with the reason."""

    plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.CASCADE, related_name="acknowledgements",
    )
    code = models.CharField(max_length=40)
    message = models.TextField(help_text="The prompt as the vet saw it.", **text_limit(NOTE_TEXT))
    reason = models.TextField(**text_limit(SHORT_TEXT))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["acknowledged_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="one_acknowledgement_per_prompt")
        ]

    def __str__(self):
        return f"{self.code} acknowledged"
