"""Skin biopsy, the test that confirms calcinosis cutis, and the owner's consent to it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from cases.models.results import SharedResult
from cases.models.sites import BodySite
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.concurrency import VersionedModel
from clinic.lib.status import StatusFlow, offers
from clinic.lib.uploads import upload_to
from clinic.lib.validators import (
    DOCUMENT_TEXT,
    SHORT_TEXT,
    text_limit,
    validate_no_control_characters,
    validate_plausible_date,
)


class ConsentTemplate(models.Model):
    """The procedure and risks a vet explains before a biopsy; the clinic edits it in the admin.
    A consent keeps its own copy of the text, so editing the template never rewrites history."""

    name = models.CharField(max_length=100, unique=True)
    procedure_text = models.TextField("the procedure explained", **text_limit(DOCUMENT_TEXT))
    risks_text = models.TextField("the risks explained", **text_limit(DOCUMENT_TEXT))
    is_default = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_default", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def default(cls):
        return cls.objects.order_by("-is_default", "name").first()


class Biopsy(StatusFlow, VersionedModel, SharedResult):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        CONSENT_SIGNED = "consent_signed", "Consent signed"
        COLLECTED = "collected", "Collected"
        SENT = "sent", "Sent to laboratory"
        REPORTED = "reported", "Report received"
        CANCELLED = "cancelled", "Cancelled"

    # No sample is collected before the owner's consent is on file; an open biopsy can be
    # cancelled at any step, a reported one cannot.
    TRANSITIONS = {
        Status.PLANNED: (Status.CONSENT_SIGNED, Status.CANCELLED),
        Status.CONSENT_SIGNED: (Status.COLLECTED, Status.CANCELLED),
        Status.COLLECTED: (Status.SENT, Status.CANCELLED),
        Status.SENT: (Status.REPORTED, Status.CANCELLED),
        Status.REPORTED: (),
        Status.CANCELLED: (),
    }
    # What the biopsy page offers, asked of the flow rather than listed again there.
    can_record_consent = offers(Status.CONSENT_SIGNED)
    can_record_collection = offers(Status.COLLECTED)
    can_record_sending = offers(Status.SENT)
    can_record_report = offers(Status.REPORTED)
    can_cancel = offers(Status.CANCELLED)

    class Technique(models.TextChoices):
        PUNCH = "punch", "Punch"
        INCISIONAL = "incisional", "Incisional"
        EXCISIONAL = "excisional", "Excisional"

    class StainResult(models.TextChoices):
        POSITIVE = "positive", "Positive (mineral stained)"
        NEGATIVE = "negative", "Negative"

    class Conclusion(models.TextChoices):
        CONSISTENT = "consistent", "Consistent with calcinosis cutis"
        NOT_CONSISTENT = "not_consistent", "Not consistent with calcinosis cutis"
        INCONCLUSIVE = "inconclusive", "Inconclusive"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="biopsies")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    site = models.CharField(max_length=20, choices=BodySite.choices)
    site_detail = models.CharField(
        "site detail", max_length=200, blank=True, validators=[validate_no_control_characters],
    )
    technique = models.CharField(max_length=12, choices=Technique.choices)
    planned_on = models.DateField(default=timezone.localdate, validators=[validate_plausible_date])
    collected_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    sample_id = models.CharField(
        "sample id", max_length=60, blank=True, validators=[validate_no_control_characters],
    )
    laboratory = models.CharField(
        max_length=120, blank=True, validators=[validate_no_control_characters],
    )
    sent_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    report_received_on = models.DateField(
        null=True, blank=True, validators=[validate_plausible_date],
    )
    histopathology = models.TextField(
        "histopathology description", blank=True, **text_limit(DOCUMENT_TEXT)
    )
    von_kossa_requested = models.BooleanField("von Kossa stain requested", default=False)
    von_kossa_result = models.CharField(
        "von Kossa result", max_length=10, choices=StainResult.choices, blank=True,
        help_text="Calcium phosphate stains black.",
    )
    alizarin_red_requested = models.BooleanField("Alizarin red stain requested", default=False)
    alizarin_red_result = models.CharField(
        "Alizarin red result", max_length=10, choices=StainResult.choices, blank=True,
        help_text="Calcium stains red-orange.",
    )
    conclusion = models.CharField(max_length=16, choices=Conclusion.choices, blank=True)
    report_pdf = models.FileField("laboratory report (PDF)", upload_to=upload_to("biopsy-reports"),
                                  blank=True)
    cancelled_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    cancel_reason = models.TextField("reason for cancelling", blank=True, **text_limit(SHORT_TEXT))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    owner_title = "Skin biopsy"

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name_plural = "biopsies"
        constraints = [
            models.CheckConstraint(
                condition=Q(collected_on__isnull=True) | Q(collected_on__gte=F("planned_on")),
                name="biopsy_collected_after_planned",
            ),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(sent_on__gte=F("collected_on")),
                name="biopsy_sent_after_collected",
            ),
            models.CheckConstraint(
                condition=Q(report_received_on__isnull=True)
                | Q(report_received_on__gte=F("collected_on")),
                name="biopsy_report_after_collected",
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_on"])]

    def __str__(self):
        return f"{self.get_technique_display()} biopsy, {self.get_site_display().lower()}"

    @property
    def is_open(self):
        return self.status not in (self.Status.REPORTED, self.Status.CANCELLED)

    @property
    def owner_result_date(self):
        return self.report_received_on or self.planned_on

    def move_refused_message(self, status):
        if status == self.Status.COLLECTED and self.status == self.Status.PLANNED:
            return "Record the owner's consent before the sample is collected."
        return f"This biopsy is “{self.get_status_display()}”; that step is not possible now."

    @property
    def offers_confirmation(self):
        """A 'consistent' report may confirm a case still only suspected (the vet decides)."""
        return (
            self.status == self.Status.REPORTED
            and self.conclusion == self.Conclusion.CONSISTENT
            and self.case.status == Case.Status.SUSPECTED
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.collected_on and self.collected_on > timezone.localdate():
            errors["collected_on"] = "A sample cannot be collected in the future."
        if self.collected_on and self.planned_on and self.collected_on < self.planned_on:
            errors["collected_on"] = "Collection cannot come before the biopsy was planned."
        if self.sent_on and self.collected_on and self.sent_on < self.collected_on:
            errors["sent_on"] = "A sample cannot be sent before it was collected."
        if self.sent_on and self.sent_on > timezone.localdate():
            errors["sent_on"] = "This date is in the future."
        received = self.report_received_on
        if received and self.collected_on and received < self.collected_on:
            errors["report_received_on"] = "The report cannot be dated before collection."
        if received and received > timezone.localdate():
            errors["report_received_on"] = "This date is in the future."
        if self.von_kossa_result and not self.von_kossa_requested:
            errors["von_kossa_result"] = "Tick the stain as requested to record its result."
        if self.alizarin_red_result and not self.alizarin_red_requested:
            errors["alizarin_red_result"] = "Tick the stain as requested to record its result."
        if errors:
            raise ValidationError(errors)


class ConsentRecord(models.Model):
    """Who agreed to a biopsy, when, and what they were told: signed on screen or on paper."""

    class Consenter(models.TextChoices):
        OWNER = "owner", "The owner"
        AGENT = "agent", "An agent acting for the owner"

    biopsy = models.OneToOneField(Biopsy, on_delete=models.PROTECT, related_name="consent")
    consented_by = models.CharField(max_length=8, choices=Consenter.choices,
                                    default=Consenter.OWNER)
    agent_name = models.CharField(
        max_length=120, blank=True, validators=[validate_no_control_characters],
    )
    agent_relationship = models.CharField(
        "agent's relationship to the owner", max_length=120, blank=True,
        validators=[validate_no_control_characters],
    )
    consented_at = models.DateTimeField(default=timezone.now, validators=[validate_plausible_date])
    procedure_text = models.TextField("the procedure explained", **text_limit(DOCUMENT_TEXT))
    risks_text = models.TextField("the risks explained", **text_limit(DOCUMENT_TEXT))
    explained_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    signature = models.FileField(upload_to=upload_to("consent-signatures"), blank=True)
    scanned_form = models.FileField("scanned signed form", upload_to=upload_to("consent-scans"),
                                    blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicalNotesQuerySet.as_manager()
    history = HistoricalRecords()

    def __str__(self):
        return f"Consent for {self.biopsy}"

    @property
    def signer_name(self):
        if self.consented_by == self.Consenter.AGENT:
            return f"{self.agent_name} ({self.agent_relationship})"
        return self.biopsy.case.dog.owner.full_name

    def clean(self):
        super().clean()
        if self.consented_by == self.Consenter.AGENT:
            errors = {}
            if not self.agent_name.strip():
                errors["agent_name"] = "Name the person who consented."
            if not self.agent_relationship.strip():
                errors["agent_relationship"] = "Say how they are related to the owner."
            if errors:
                raise ValidationError(errors)
        if self.consented_at and self.consented_at > timezone.now():
            raise ValidationError({"consented_at": "Consent cannot be dated in the future."})
