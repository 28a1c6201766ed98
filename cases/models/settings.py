from django.core.cache import cache
from django.core.validators import MinValueValidator
from django.db import models, transaction

# Read on most clinical pages, changed a few times a year: every app server keeps it in the
# shared cache, and a save on any node drops it there for all of them.
CACHE_KEY = "cases:clinical-settings:v1"


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
        help_text="Comma-separated days (product label: 10–14, 30 and 90 days), "
        "then every 3 months.",
    )

    class Meta:
        verbose_name = "clinical settings"
        verbose_name_plural = "clinical settings"

    def __str__(self):
        return "Clinical settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        self.forget()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget()
        return result

    @staticmethod
    def forget():
        # Now, and again once the transaction commits: a node that read the old row in
        # between must not put it back for the cache's lifetime.
        cache.delete(CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))

    @classmethod
    def load(cls):
        settings = cache.get(CACHE_KEY)
        if settings is None:
            settings, _ = cls.objects.get_or_create(pk=1)
            cache.set(CACHE_KEY, settings)
        return settings
