from django.core.validators import MinValueValidator
from django.db import models


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

    class Meta:
        verbose_name = "clinical settings"
        verbose_name_plural = "clinical settings"

    def __str__(self):
        return "Clinical settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings
