from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from clinic.accounts.querysets import AudienceQuerySet
from clinic.lib.concurrency import VersionedModel
from clinic.lib.status import StatusFlow
from clinic.lib.validators import (
    NOTE_TEXT,
    SHORT_TEXT,
    text_limit,
    validate_no_control_characters,
    validate_plausible_date,
)
from clinic.patients.models import Dog
from clinic.sites.models import Clinic


class SuspectedCause(models.TextChoices):
    """The underlying cause: the primary field (domain.md)."""

    HYPERADRENOCORTICISM = "hyperadrenocorticism", "Hyperadrenocorticism (Cushing's syndrome)"
    EXOGENOUS_GLUCOCORTICOIDS = (
        "exogenous_glucocorticoids", "Exogenous glucocorticoids (steroid treatment)"
    )
    CHRONIC_KIDNEY_DISEASE = "chronic_kidney_disease", "Chronic kidney disease"
    HYPERVITAMINOSIS_D = "hypervitaminosis_d", "Hypervitaminosis D"
    HYPERCALCAEMIA_OF_MALIGNANCY = "hypercalcaemia_of_malignancy", "Hypercalcaemia of malignancy"
    LOCAL_TISSUE_DAMAGE = (
        "local_tissue_damage", "Local tissue damage (injection site, trauma, inflammation)"
    )
    PERCUTANEOUS_CALCIUM = (
        "percutaneous_calcium",
        "Percutaneous calcium exposure (e.g. calcium chloride, calcium-containing gel)",
    )
    IDIOPATHIC = "idiopathic", "Idiopathic (no cause found)"
    CALCINOSIS_CIRCUMSCRIPTA = "calcinosis_circumscripta", "Calcinosis circumscripta"
    OTHER_UNKNOWN = "other_unknown", "Other / not yet known"

    @classmethod
    def glucocorticoid_excess(cls):
        return {cls.HYPERADRENOCORTICISM, cls.EXOGENOUS_GLUCOCORTICOIDS}


class Diagnosis(models.TextChoices):
    """The disease, recorded apart from its cause (domain.md: circumscripta is its own
    disease and is named as such to owners)."""

    CALCINOSIS_CUTIS = "calcinosis_cutis", "Calcinosis cutis"
    CALCINOSIS_CIRCUMSCRIPTA = "calcinosis_circumscripta", "Calcinosis circumscripta"
    CALCINOSIS_UNIVERSALIS = "calcinosis_universalis", "Calcinosis universalis"


# How the disease is named to owners: its name and a few plain words.
OWNER_DISEASE_NAMES = {
    Diagnosis.CALCINOSIS_CUTIS: "calcinosis cutis (calcium deposits in the skin)",
    Diagnosis.CALCINOSIS_CIRCUMSCRIPTA:
        "calcinosis circumscripta (a firm calcium deposit under the skin, usually a single "
        "lump)",
    Diagnosis.CALCINOSIS_UNIVERSALIS:
        "calcinosis universalis (calcium deposits in the skin and deeper tissues)",
}


class Extent(models.TextChoices):
    LOCALISED = "localised", "Localised"
    GENERALISED = "generalised", "Generalised"


class HyperadrenocorticismSubtype(models.TextChoices):
    PITUITARY_DEPENDENT = "pituitary_dependent", "Pituitary-dependent"
    ADRENAL_TUMOUR = "adrenal_tumour", "Adrenal tumour"
    IATROGENIC = "iatrogenic", "Iatrogenic (steroid treatment)"


class PathogenicForm(models.TextChoices):
    """The pathogenic form: secondary to the cause (domain.md)."""

    DYSTROPHIC_GLUCOCORTICOID = "dystrophic_glucocorticoid", "Dystrophic — glucocorticoid excess"
    DYSTROPHIC_LOCAL = "dystrophic_local", "Dystrophic — local tissue damage"
    METASTATIC = "metastatic", "Metastatic"
    IATROGENIC = "iatrogenic", "Iatrogenic / percutaneous"
    IDIOPATHIC = "idiopathic", "Idiopathic"
    CIRCUMSCRIPTA = "circumscripta", "Calcinosis circumscripta"
    UNDETERMINED = "undetermined", "Not yet determined"


class DiagnosisBasis(models.TextChoices):
    CLINICAL = "clinical", "Clinical signs"
    CYTOLOGY = "cytology", "Cytology"
    HISTOPATHOLOGY = "histopathology", "Histopathology"


class CaseQuerySet(AudienceQuerySet):
    """Staff see every case (reception: list and status only, enforced by views); owners
    see what the portal publishes, through clinic.portal.access."""

    def open(self):
        return self.filter(status__in=Case.OPEN_STATUSES)


class Case(StatusFlow, VersionedModel):
    """One episode of calcinosis cutis in one dog."""

    class Status(models.TextChoices):
        SUSPECTED = "suspected", "Suspected"
        CONFIRMED = "confirmed", "Confirmed"
        MANAGING = "managing", "Managing"
        IN_REMISSION = "in_remission", "In remission"
        RESOLVED = "resolved", "Resolved"
        RULED_OUT = "ruled_out", "Closed — ruled out"

    OPEN_STATUSES = (
        Status.SUSPECTED, Status.CONFIRMED, Status.MANAGING, Status.IN_REMISSION,
    )
    CLOSED_STATUSES = (Status.RESOLVED, Status.RULED_OUT)
    # The status flow: a closed case stays closed (a recurrence is a new case); a case in
    # remission can relapse to managing; circumscripta is often resolved by excision
    # straight from confirmed.
    TRANSITIONS = {
        Status.SUSPECTED: (Status.CONFIRMED, Status.RULED_OUT),
        Status.CONFIRMED: (Status.MANAGING, Status.RESOLVED),
        Status.MANAGING: (Status.IN_REMISSION, Status.RESOLVED),
        Status.IN_REMISSION: (Status.MANAGING, Status.RESOLVED),
        Status.RESOLVED: (),
        Status.RULED_OUT: (),
    }

    dog = models.ForeignKey(Dog, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUSPECTED)
    opened_on = models.DateField(default=timezone.localdate, validators=[validate_plausible_date])
    closed_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    attending_vet = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attended_cases"
    )
    # The site that follows the case up (its worklist books the rechecks); the record
    # itself is read at every site of the group.
    attending_site = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="cases", null=True, blank=True,
        help_text="The site that follows this case up.",
    )
    presenting_complaint = models.TextField(**text_limit(NOTE_TEXT))
    diagnosis = models.CharField(
        max_length=32, choices=Diagnosis.choices, default=Diagnosis.CALCINOSIS_CUTIS,
        help_text="The disease, apart from its cause. Circumscripta: a focal nodule at pressure "
        "points, footpads or tongue.",
    )
    extent = models.CharField(
        max_length=12, choices=Extent.choices, blank=True,
        help_text="Blank until assessed.",
    )
    suspected_cause = models.CharField(
        max_length=32, choices=SuspectedCause.choices, default=SuspectedCause.OTHER_UNKNOWN
    )
    hyperadrenocorticism_subtype = models.CharField(
        "type of hyperadrenocorticism", max_length=20,
        choices=HyperadrenocorticismSubtype.choices, blank=True,
        help_text="Only with hyperadrenocorticism or steroid treatment as the cause; "
        "blank until known.",
    )
    cause_note = models.TextField("note on the cause", blank=True, **text_limit(SHORT_TEXT))
    pathogenic_form = models.CharField(
        max_length=32, choices=PathogenicForm.choices, default=PathogenicForm.UNDETERMINED
    )
    diagnosis_basis = models.CharField(
        "basis of diagnosis", max_length=16, choices=DiagnosisBasis.choices,
        default=DiagnosisBasis.CLINICAL,
    )
    # Licensed code lists (VeNom, SNOMED CT): empty until a clinic imports a real list.
    diagnosis_code_system = models.CharField(
        max_length=20, blank=True, validators=[validate_no_control_characters],
    )
    diagnosis_code = models.CharField(
        max_length=40, blank=True, validators=[validate_no_control_characters],
    )
    diagnosis_code_display = models.CharField(
        max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-id"]
        # Reading the clinical record (exams, lesions, diagnostics, plans, owners' reports)
        # is a permission, not a role: ROLE_PERMISSIONS gives it to vets.
        permissions = [("view_clinical_record", "Can read the clinical record")]
        # The case list's order: without it 20,000 cases are sorted for 25 rows.
        indexes = [models.Index(fields=["-opened_on", "-id"], name="case_list_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["dog"],
                condition=Q(status__in=["suspected", "confirmed", "managing", "in_remission"]),
                name="one_open_case_per_dog",
                violation_error_message="This dog already has an open case; close it first.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]

    def __str__(self):
        return f"{self.dog.name}: {self.disease_name} ({self.get_status_display().lower()})"

    @property
    def disease_name(self):
        """The disease in the clinic's words, e.g. "calcinosis circumscripta"."""
        return self.get_diagnosis_display().lower()

    @property
    def disease_name_for_owner(self):
        return OWNER_DISEASE_NAMES[Diagnosis(self.diagnosis)]

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def move_refused_message(self, status):
        return (f"A case cannot move from “{self.get_status_display()}” to "
                f"“{self.status_label(status)}”.")

    def latest_pain_exam(self):
        """The most recent exam with a Glasgow CMPS-SF total, or None."""
        return self.exams.pain_scored().order_by("-examined_on", "-id").first()

    def clean(self):
        super().clean()
        if self.opened_on and self.opened_on > timezone.localdate():
            raise ValidationError({"opened_on": "A case cannot be opened in the future."})
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": "A case cannot close before it opened."})
        if self.diagnosis_code and not self.diagnosis_code_system:
            raise ValidationError({
                "diagnosis_code_system": "Say which code list (VeNom or SNOMED CT) it is from."
            })
        self._check_diagnosis_against_cause()

    def _check_diagnosis_against_cause(self):
        """The diagnosis, the cause and the hyperadrenocorticism type must tell one story."""
        circumscripta = Diagnosis.CALCINOSIS_CIRCUMSCRIPTA
        errors = {}
        if (self.suspected_cause == SuspectedCause.CALCINOSIS_CIRCUMSCRIPTA
                or self.pathogenic_form == PathogenicForm.CIRCUMSCRIPTA) and (
                self.diagnosis != circumscripta):
            errors["diagnosis"] = (
                "The cause or form says circumscripta: record the diagnosis as calcinosis "
                "circumscripta."
            )
        subtype = self.hyperadrenocorticism_subtype
        if self.suspected_cause == SuspectedCause.EXOGENOUS_GLUCOCORTICOIDS:
            if subtype and subtype != HyperadrenocorticismSubtype.IATROGENIC:
                errors["hyperadrenocorticism_subtype"] = (
                    "With steroid treatment as the cause, the type is iatrogenic."
                )
        elif self.suspected_cause == SuspectedCause.HYPERADRENOCORTICISM:
            if subtype == HyperadrenocorticismSubtype.IATROGENIC:
                errors["hyperadrenocorticism_subtype"] = (
                    "Iatrogenic disease is recorded with the cause 'Exogenous "
                    "glucocorticoids (steroid treatment)'."
                )
        elif subtype:
            errors["hyperadrenocorticism_subtype"] = (
                "Only when the cause is hyperadrenocorticism or steroid treatment."
            )
        if errors:
            raise ValidationError(errors)

    def current_plan(self):
        """The published treatment plan (what the owner sees), or None."""
        return self.treatment_plans.published().first()
