"""What owners report from home: how the lesions look, itch, pain and other signs, appetite,
photos.

They belong to the clinical record (they appear on the case timeline) although owners write
them through the portal. Each report is triaged when it is saved (domain.md, "What owners are
told"): a sign the owner is told to call about makes it urgent (the owner is told to call now;
on trilostane, to stop the dose too); lesions that look worse, or new lesions, alone make it a
priority review for the vet (owners are told lesions may look worse before they get better).
Urgent and priority reports stay on the attending vet's dashboard until a vet acknowledges them.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.uploads import upload_to
from clinic.lib.validators import SHORT_TEXT, text_limit, validate_plausible_date
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


class HomeSign(models.TextChoices):
    """Other signs owners are told to call the clinic about (domain.md, "What owners are
    told"; the trilostane label's stop-and-call signs)."""

    VOMITING = "vomiting", "Vomiting"
    DIARRHOEA = "diarrhoea", "Diarrhoea"
    LETHARGY = "lethargy", "Lethargic, much quieter or sleepier than usual"
    WEAKNESS = "weakness", "Weak or wobbly"
    COLLAPSE = "collapse", "Collapsed or fainted"
    FEVER = "fever", "A fever (feels hot, shivering)"
    LESION_BLEEDING_OR_PUS = "lesion_bleeding_or_pus", "A lesion bleeds, smells or has pus"
    DRINKING_CHANGE = (
        "drinking_change", "Drinking or weeing much more, or much less, than usual"
    )


# Signs that can mean the trilostane dose is too high (product label: stop and call).
ADRENAL_SUPPRESSANT_ADVERSE_SIGNS = {
    HomeSign.VOMITING, HomeSign.DIARRHOEA, HomeSign.LETHARGY, HomeSign.WEAKNESS,
    HomeSign.COLLAPSE,
}
ADRENAL_SUPPRESSANT_ADVERSE_APPETITE = {Appetite.REDUCED, Appetite.NOT_EATING}


class Triage(models.TextChoices):
    ROUTINE = "routine", "Routine"
    PRIORITY_REVIEW = "priority_review", "Priority review"
    URGENT = "urgent", "Urgent"


# A simple owner-assessed 0–10 itch score; not Hill's validated pruritus visual analogue
# scale (a line with behavioural descriptors and no printed numbers).
ITCH_SCALE_MAX = 10


def sees_urgent_queue(user):
    return user.is_authenticated and user.is_active and user.is_clinic_staff


class HomeObservationQuerySet(ClinicalNotesQuerySet):
    """Vets read owners' reports in the staff UI. Owners reach their own through
    clinic.portal.access."""

    def awaiting_acknowledgement(self):
        """Urgent and priority-review reports no vet has acknowledged yet."""
        return self.exclude(triage=Triage.ROUTINE).filter(acknowledged_at__isnull=True)

    def in_urgent_queue_for(self, user):
        """The clinic-wide queue of urgent reports no vet has acknowledged, for every vet
        and receptionist (reception calls owners and books rechecks). Reception sees the
        owner-facing part only: the queue page never shows them the clinical notes."""
        return self.in_urgent_queue() if sees_urgent_queue(user) else self.none()

    def in_urgent_queue(self):
        return self.filter(triage=Triage.URGENT, acknowledged_at__isnull=True)

    def open_to_reply_by(self, user):
        """Every report, for staff who may reply to owners: reception answers from the
        urgent queue too, on a page showing what the owner reported, not the clinical
        notes (those stay behind visible_to)."""
        if not (user.is_authenticated and user.is_clinic_staff
                and user.has_perm("cases.add_observationreply")):
            return self.none()
        return self

    def urgent_first(self):
        return self.order_by(
            models.Case(models.When(triage=Triage.URGENT, then=0), default=1), "-created_at"
        )


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
        "itch score: scratching or licking (0–10)",
        validators=[MaxValueValidator(ITCH_SCALE_MAX)],
        help_text="A simple owner-assessed 0–10 score, not the validated pruritus visual "
        "analogue scale.",
    )
    pain_signs = models.JSONField("signs of pain", default=list, blank=True)
    signs = models.JSONField("other signs", default=list, blank=True)
    appetite = models.CharField(max_length=12, choices=Appetite.choices)
    note = models.TextField("anything else", blank=True, **text_limit(SHORT_TEXT))
    adrenal_suppressant = models.CharField(
        max_length=80, blank=True, editable=False,
        help_text="The adrenal suppressant (e.g. trilostane) on the dog's published plan when "
        "the report arrived: with its adverse-effect signs the owner is told to stop the dose.",
    )
    triage = models.CharField(
        max_length=16, choices=Triage.choices, default=Triage.ROUTINE, editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    acknowledgement_note = models.TextField(blank=True, **text_limit(SHORT_TEXT))

    objects = HomeObservationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-observed_on", "-created_at"]
        permissions = [("acknowledge_homeobservation", "Can acknowledge an urgent home report")]
        indexes = [
            models.Index(fields=["triage", "acknowledged_at"]),
            # The dashboards' reports awaiting a vet: only the unacknowledged few, however
            # many years of reports the clinic keeps.
            models.Index(fields=["-created_at"], name="home_obs_awaiting_vet",
                         condition=Q(acknowledged_at__isnull=True) & ~Q(triage=Triage.ROUTINE)),
        ]
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
        return f"Home report on {self.dog.name}, {date_format(self.observed_on)}"

    def save(self, *args, **kwargs):
        self.triage = self.assess_triage()
        super().save(*args, **kwargs)

    def assess_triage(self):
        if self.urgent_reasons():
            return Triage.URGENT
        if self.review_reasons():
            return Triage.PRIORITY_REVIEW
        return Triage.ROUTINE

    def urgent_reasons(self):
        """Signs the owner is told to call about at once, in words; empty when none."""
        reasons = []
        if self.pain_signs:
            reasons.append("signs of pain: " + ", ".join(self.pain_sign_labels).lower())
        reasons += [label.lower() for label in self.sign_labels]
        if self.appetite in (Appetite.REDUCED, Appetite.NOT_EATING):
            reasons.append(self.get_appetite_display().lower())
        return reasons

    def review_reasons(self):
        """Changes the vet should look at soon but that alone are no reason to call."""
        reasons = []
        if self.lesion_trend == LesionTrend.WORSE:
            reasons.append("lesions look worse")
        if self.new_lesions:
            reasons.append(f"new lesions ({self.new_lesions_where})")
        return reasons

    @property
    def alert_reasons(self):
        """Everything that put the report on the vet's dashboard, the urgent first."""
        return self.urgent_reasons() + self.review_reasons()

    @property
    def urgent_reasons_text(self):
        return "; ".join(self.urgent_reasons())

    @property
    def stop_dose(self):
        """True when the owner is told to stop the adrenal suppressant and call: the dog was
        on it and shows a sign that its dose may be too high (trilostane label)."""
        if not self.adrenal_suppressant:
            return False
        return bool(set(self.signs) & ADRENAL_SUPPRESSANT_ADVERSE_SIGNS) or (
            self.appetite in ADRENAL_SUPPRESSANT_ADVERSE_APPETITE
        )

    @property
    def is_urgent(self):
        return self.triage == Triage.URGENT

    @property
    def needs_vet(self):
        """Urgent or priority review: waits on the dashboard until acknowledged."""
        return self.triage != Triage.ROUTINE

    @property
    def sign_labels(self):
        labels = dict(HomeSign.choices)
        return [labels.get(code, code) for code in self.signs]

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
        if set(self.signs or []) - set(HomeSign.values):
            errors["signs"] = "Unknown sign."
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Photo {self.pk} of {self.observation}"


# Long enough to say what to do next, short enough for a text-like note the owner reads
# on a phone (the full conversation happens on the phone or at the recheck).
REPLY_MAX_LENGTH = 500


class ObservationReply(models.Model):
    """A short message from the clinic to the owner about one home report: shown to the
    owner on that report in the portal and sent to them by e-mail."""

    observation = models.ForeignKey(
        HomeObservation, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("message to the owner", max_length=REPLY_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "observation replies"
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""), name="observation_reply_not_empty"
            ),
        ]

    def __str__(self):
        return f"Reply to {self.observation} by {self.author}"

    def clean(self):
        super().clean()
        if not self.body.strip():
            raise ValidationError({"body": "Write the message to the owner."})
