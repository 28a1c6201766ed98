from decimal import Decimal
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from clinic.lib.cache import SharedValue


class ClinicalSettings(models.Model):
    """The clinic's clinical defaults, edited by the administrator in the Django admin.

    One row (pk=1). Every interval here is a default the vet can change per plan.
    """

    ca_p_threshold_mg = models.DecimalField(
        "Ca × P warning threshold, (mg/dL)²", max_digits=5, decimal_places=1, default=70,
        validators=[MinValueValidator(1)],
        help_text="Warn above this product. From human/renal medicine: no validated canine "
        "cut-off exists. The mmol/L equivalent is derived.",
    )
    pending_result_days = models.PositiveSmallIntegerField(
        "days before a sent sample counts as overdue", default=14,
        validators=[MinValueValidator(1)],
    )
    recheck_interval_days = models.PositiveSmallIntegerField(
        "default recheck interval (days)", default=21, validators=[MinValueValidator(1)],
        help_text="Typically every 2–4 weeks while lesions are active.",
    )
    dmso_calcium_check_days = models.PositiveSmallIntegerField(
        "serum calcium check interval on topical DMSO (days)", default=14,
        validators=[MinValueValidator(1)],
    )
    trilostane_monitoring_days = models.CharField(
        "trilostane monitoring after starting or changing the dose (days)",
        max_length=60, default="14,30,90",
        help_text="Comma-separated days (Vetoryl label: 10–14, 30 and 90 days) after the "
        "start or any change in the mg given per dose or per day, a new weight included.",
    )
    trilostane_stable_check_days = models.PositiveSmallIntegerField(
        "trilostane monitoring once stable, every (days)", default=90,
        validators=[MinValueValidator(1)],
        help_text="After the last check of the series (Vetoryl label: every 3 months).",
    )
    taper_acth_check_days = models.PositiveSmallIntegerField(
        "ACTH stimulation test after the last dose of a steroid taper (days)", default=2,
        validators=[MinValueValidator(1)],
        help_text="domain.md: an ACTH stimulation test at the end of the taper. At least a "
        "day after the last dose: prednisolone cross-reacts with cortisol assays.",
    )

    # Trilostane monitoring: post-ACTH cortisol action bands, nmol/L (Vetoryl product label).
    acth_stop_below = models.DecimalField(
        "monitoring ACTH: stop trilostane below (nmol/L)", max_digits=6, decimal_places=1,
        default=40, validators=[MinValueValidator(1)],
        help_text="Vetoryl label: post-ACTH cortisol < 40 nmol/L, stop and contact the owner.",
    )
    acth_good_control_up_to = models.DecimalField(
        "monitoring ACTH: good control up to (nmol/L)", max_digits=6, decimal_places=1,
        default=150, validators=[MinValueValidator(1)],
        help_text="Vetoryl label: 40–150 nmol/L, good control, continue the dose.",
    )
    acth_depends_on_signs_up_to = models.DecimalField(
        "monitoring ACTH: depends on clinical signs up to (nmol/L)", max_digits=6,
        decimal_places=1, default=250, validators=[MinValueValidator(1)],
        help_text="Vetoryl label: 150–250 nmol/L, continue if signs are controlled; above, "
        "consider increasing the dose.",
    )
    na_k_ratio_warn_below = models.DecimalField(
        "warn when Na:K ratio is below", max_digits=4, decimal_places=1, default=27,
        validators=[MinValueValidator(1)],
        help_text="A Na:K ratio below about 27 is commonly taken to suggest "
        "hypoadrenocorticism (on trilostane: over-suppression); not diagnostic on its own.",
    )
    # Kidney disease: IRIS staging of CKD in dogs (IRIS 2023), for a stable patient.
    iris_creatinine_stage_2_from = models.DecimalField(
        "IRIS stage 2 from creatinine (µmol/L)", max_digits=6, decimal_places=1, default=125,
        validators=[MinValueValidator(1)], help_text="IRIS 2023, dogs: stage 2 is 125–250 µmol/L.",
    )
    iris_creatinine_stage_3_from = models.DecimalField(
        "IRIS stage 3 from creatinine (µmol/L)", max_digits=6, decimal_places=1, default=251,
        validators=[MinValueValidator(1)], help_text="IRIS 2023, dogs: stage 3 is 251–440 µmol/L.",
    )
    iris_creatinine_stage_4_from = models.DecimalField(
        "IRIS stage 4 from creatinine (µmol/L)", max_digits=6, decimal_places=1, default=441,
        validators=[MinValueValidator(1)], help_text="IRIS 2023, dogs: stage 4 is > 440 µmol/L.",
    )
    iris_upc_borderline_from = models.DecimalField(
        "IRIS borderline proteinuric from UPC", max_digits=4, decimal_places=2,
        default=Decimal("0.2"), validators=[MinValueValidator(0)],
        help_text="IRIS substaging, dogs: UPC < 0.2 non-proteinuric, 0.2–0.5 borderline.",
    )
    iris_upc_proteinuric_above = models.DecimalField(
        "IRIS proteinuric above UPC", max_digits=4, decimal_places=2, default=Decimal("0.5"),
        validators=[MinValueValidator(0)],
        help_text="IRIS substaging, dogs: UPC > 0.5 proteinuric.",
    )

    class Meta:
        verbose_name = "clinical settings"
        verbose_name_plural = "clinical settings"

    def __str__(self):
        return "Clinical settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        ordered = [
            ("acth_stop_below", "acth_good_control_up_to", "acth_depends_on_signs_up_to"),
            ("iris_creatinine_stage_2_from", "iris_creatinine_stage_3_from",
             "iris_creatinine_stage_4_from"),
            ("iris_upc_borderline_from", "iris_upc_proteinuric_above"),
        ]
        for names in ordered:
            for below, name in pairwise(names):
                lower, value = getattr(self, below), getattr(self, name)
                if lower is not None and value is not None and value <= lower:
                    raise ValidationError({name: "Each limit must be above the one before."})

    @classmethod
    def load(cls):
        return CLINICAL_SETTINGS.get()


# Read on most clinical pages, changed a few times a year: every app server keeps it in the
# shared cache, and a save on any node drops it there for all of them.
CLINICAL_SETTINGS = SharedValue(
    "cases:clinical-settings",
    lambda: ClinicalSettings.objects.get_or_create(pk=1)[0],
    depends_on=["cases.ClinicalSettings"],
)
