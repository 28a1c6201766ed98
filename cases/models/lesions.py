from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cases.models.exams import Exam, SignedExamError
from cases.models.sites import BodySite
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.concurrency import VersionedModel
from clinic.lib.uploads import upload_to
from clinic.lib.validators import validate_no_control_characters

MAX_DIAMETER_MM = Decimal("300")


def _refuse_if_signed(exam_id):
    if exam_id and Exam.objects.signed().filter(pk=exam_id).exists():
        raise SignedExamError()


class LesionObservation(VersionedModel):
    """The lesions at one body site at one exam: comparing a site across exams shows progress."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="lesions")
    site = models.CharField(max_length=20, choices=BodySite.choices)
    site_detail = models.CharField(
        "site detail", max_length=80, blank=True, validators=[validate_no_control_characters],
        help_text="Where exactly, e.g. 'left elbow'; needed for 'Other'.",
    )
    lesion_count = models.PositiveSmallIntegerField(
        "number of lesions", validators=[MinValueValidator(1, "Record at least one lesion.")]
    )
    largest_diameter_mm = models.DecimalField(
        "largest diameter (mm)", max_digits=4, decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.1"), "A lesion's diameter must be more than 0 mm."),
            MaxValueValidator(
                MAX_DIAMETER_MM, "A diameter above 300 mm is not plausible; check the unit (mm)."
            ),
        ],
    )
    ulceration = models.BooleanField("ulcerated", default=False)
    secondary_infection = models.BooleanField("signs of secondary infection", default=False)
    pruritus = models.BooleanField("pruritic (itchy)", default=False)
    notes = models.CharField(
        max_length=300, blank=True, validators=[validate_no_control_characters],
    )

    objects = ClinicalNotesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["site", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(largest_diameter_mm__gt=0) & Q(largest_diameter_mm__lte=300),
                name="lesion_diameter_above_0_up_to_300_mm",
            ),
            models.CheckConstraint(condition=Q(lesion_count__gte=1), name="lesion_count_positive"),
        ]

    def __str__(self):
        return f"{self.site_display}: {self.lesion_count} × up to {self.largest_diameter_mm} mm"

    def save(self, *args, **kwargs):
        _refuse_if_signed(self.exam_id)
        super().save(*args, **kwargs)

    @property
    def site_display(self):
        label = self.get_site_display()
        return f"{label} ({self.site_detail})" if self.site_detail else label

    def clean(self):
        super().clean()
        if self.site == BodySite.OTHER and not self.site_detail:
            raise ValidationError({"site_detail": "Say where the lesions are."})

    def delete(self, *args, **kwargs):
        _refuse_if_signed(self.exam_id)
        return super().delete(*args, **kwargs)


class LesionPhoto(models.Model):
    """A photo of the lesions at one site; private, served only by a permission-checked view."""

    lesion = models.ForeignKey(LesionObservation, on_delete=models.CASCADE, related_name="photos")
    photo = models.FileField(upload_to=upload_to("cases/lesions"))
    thumbnail = models.FileField(upload_to=upload_to("cases/lesions"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicalNotesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"Photo of {self.lesion.get_site_display()}"

    def save(self, *args, **kwargs):
        _refuse_if_signed(self.lesion.exam_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_signed(self.lesion.exam_id)
        return super().delete(*args, **kwargs)
