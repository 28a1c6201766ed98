"""X-ray studies: radiographs look for soft-tissue mineralisation and mineral elsewhere."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from cases.models.results import SharedResult
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.concurrency import VersionedModel
from clinic.lib.uploads import upload_to
from clinic.lib.validators import (
    NOTE_TEXT,
    SHORT_TEXT,
    text_limit,
    validate_no_control_characters,
    validate_plausible_date,
)


class Region(models.TextChoices):
    THORAX = "thorax", "Thorax"
    ABDOMEN = "abdomen", "Abdomen"
    SKULL = "skull", "Skull / head"
    NECK = "neck", "Neck"
    SPINE = "spine", "Spine"
    FORELIMB = "forelimb", "Forelimb"
    HINDLIMB = "hindlimb", "Hindlimb"
    SOFT_TISSUE = "soft_tissue", "Skin and soft tissues (lesion area)"


class ImagingStudy(VersionedModel, SharedResult):
    class Mineralisation(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        EQUIVOCAL = "equivocal", "Equivocal"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="imaging_studies")
    study_date = models.DateField(default=timezone.localdate, validators=[validate_plausible_date])
    regions = models.JSONField(default=list, help_text="Region codes (see Region).")
    views = models.CharField(max_length=200, blank=True,
                             validators=[validate_no_control_characters],
                             help_text="e.g. right lateral, ventrodorsal")
    clinical_question = models.TextField(blank=True, **text_limit(SHORT_TEXT))
    soft_tissue_mineralisation = models.CharField(
        max_length=10, choices=Mineralisation.choices, blank=True
    )
    mineralisation_sites = models.TextField(
        "where the mineralisation is", blank=True, **text_limit(NOTE_TEXT)
    )
    organ_findings = models.TextField(
        "internal organs seen", blank=True, **text_limit(NOTE_TEXT),
        help_text="e.g. mineralisation elsewhere, liver size, adrenal region, kidneys.",
    )
    impression = models.TextField(blank=True, **text_limit(NOTE_TEXT))
    reporting_vet = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    owner_title = "X-rays"

    class Meta:
        ordering = ["-study_date", "-id"]
        verbose_name_plural = "imaging studies"

    def __str__(self):
        return f"X-ray study {date_format(self.study_date)}"

    @property
    def owner_result_date(self):
        return self.study_date

    @property
    def region_labels(self):
        labels = dict(Region.choices)
        return [labels.get(code, code) for code in self.regions]

    def clean(self):
        super().clean()
        if self.study_date and self.study_date > timezone.localdate():
            raise ValidationError({"study_date": "A study cannot be dated in the future."})
        unknown = set(self.regions or []) - set(Region.values)
        if unknown:
            raise ValidationError({"regions": "Unknown region."})
        if self.soft_tissue_mineralisation == self.Mineralisation.NO and (
            self.mineralisation_sites.strip()
        ):
            raise ValidationError({
                "mineralisation_sites": "Sites are only for mineralisation that was seen."
            })


class StudyImage(models.Model):
    """One image of a study: a viewable rendition and its thumbnail, both made once at upload;
    for DICOM, the original file too and the key header fields."""

    class Source(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        DICOM = "dicom", "DICOM"

    study = models.ForeignKey(ImagingStudy, on_delete=models.CASCADE, related_name="images")
    source = models.CharField(max_length=5, choices=Source.choices)
    image = models.FileField(upload_to=upload_to("imaging"))
    thumbnail = models.FileField(upload_to=upload_to("imaging"))
    original = models.FileField(upload_to=upload_to("imaging-dicom"), blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    modality = models.CharField(max_length=16, blank=True)
    dicom_study_date = models.DateField("study date (DICOM)", null=True, blank=True)
    body_part = models.CharField("body part (DICOM)", max_length=64, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicalNotesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["study", "id"]

    def __str__(self):
        return self.original_name or f"Image {self.pk}"
