"""Lab panels and their values, flagged against each value's reference interval."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from clinic.accounts.querysets import ClinicalNotesQuerySet

CALCIUM, PHOSPHATE = "calcium", "phosphate"
# mg/dL per mmol/L. Phosphate is reported as phosphorus when in mg/dL.
MG_PER_MMOL = {CALCIUM: Decimal("4.008"), PHOSPHATE: Decimal("3.097")}
MMOL, MG = "mmol/L", "mg/dL"
TREND_ANALYTES = [CALCIUM, PHOSPHATE, "alp", "urea", "creatinine"]


def convert(analyte_code, value, from_unit, to_unit):
    """`value` in `to_unit`; only calcium and phosphate change between mmol/L and mg/dL."""
    if value is None or from_unit == to_unit:
        return value
    factor = MG_PER_MMOL.get(analyte_code)
    if factor is None or {from_unit, to_unit} != {MMOL, MG}:
        raise ValueError(f"No conversion for {analyte_code} from {from_unit} to {to_unit}.")
    return value * factor if to_unit == MG else value / factor


def _plain(number):
    """2.700 → "2.7", 2.000 → "2": as a laboratory prints it."""
    return f"{number.normalize():f}" if number is not None else ""


class PanelKind(models.TextChoices):
    SERUM_CHEMISTRY = "serum_chemistry", "Serum chemistry"
    HAEMATOLOGY = "haematology", "Haematology"
    URINALYSIS = "urinalysis", "Urinalysis"
    ACTH_STIMULATION = "acth_stimulation", "ACTH stimulation test"
    LDDST = "lddst", "Low-dose dexamethasone suppression test"
    UCCR = "uccr", "Urine cortisol:creatinine ratio"


class Analyte(models.Model):
    """Reference list the clinic edits in the admin: default unit and reference interval.
    Intervals differ between laboratories; the one printed on each report wins."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    panel_kind = models.CharField(max_length=20, choices=PanelKind.choices)
    default_unit = models.CharField(max_length=20, blank=True)
    reference_low = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    reference_high = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["panel_kind", "position", "name"]

    def __str__(self):
        return f"{self.name} ({self.default_unit})" if self.default_unit else self.name

    @property
    def units(self):
        """Units a value may be entered in."""
        if self.code in MG_PER_MMOL:
            return [MMOL, MG]
        return [self.default_unit]

    def clean(self):
        super().clean()
        check_interval(self.reference_low, self.reference_high)

    @classmethod
    def reference_list(cls):
        """Every analyte, in order, from the shared cache: each lab form offers all of them."""
        analytes = cache.get(ANALYTES_CACHE_KEY)
        if analytes is None:
            analytes = list(cls.objects.all())
            cache.set(ANALYTES_CACHE_KEY, analytes)
        return analytes


ANALYTES_CACHE_KEY = "cases:analytes:v1"


@receiver([post_save, post_delete], sender=Analyte, dispatch_uid="forget_cached_analytes")
def _forget_cached_analytes(**kwargs):
    cache.delete(ANALYTES_CACHE_KEY)


def check_interval(low, high):
    if low is not None and high is not None and low > high:
        raise ValidationError({"reference_high": "The upper limit is below the lower limit."})


class LabPanel(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="lab_panels")
    kind = models.CharField(max_length=20, choices=PanelKind.choices)
    collected_on = models.DateField(default=timezone.localdate)
    laboratory = models.CharField(max_length=120, blank=True, help_text="Blank: in-house.")
    sent_on = models.DateField(null=True, blank=True)
    reported_on = models.DateField(null=True, blank=True,
                                   help_text="Blank while the results are awaited.")
    notes = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    shared_with_owner = models.BooleanField(default=False)
    owner_summary = models.TextField(blank=True, help_text="In plain words for the owner.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClinicalNotesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-collected_on", "-id"]
        indexes = [models.Index(fields=["reported_on", "sent_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reported_on__isnull=True)
                | models.Q(reported_on__gte=models.F("collected_on")),
                name="lab_panel_reported_after_collected",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.collected_on:%d/%m/%Y}"

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.collected_on and self.collected_on > today:
            errors["collected_on"] = "A sample cannot be collected in the future."
        if self.sent_on and self.collected_on and self.sent_on < self.collected_on:
            errors["sent_on"] = "A sample cannot be sent before it was collected."
        if self.reported_on and self.collected_on and self.reported_on < self.collected_on:
            errors["reported_on"] = "The report cannot be dated before collection."
        if self.reported_on and self.reported_on > today:
            errors["reported_on"] = "This date is in the future."
        if errors:
            raise ValidationError(errors)

    def ca_p_product(self, threshold_mg):
        """The Ca × P product from this panel's values (prefetched), or None."""
        found = {v.analyte.code: v for v in self.values.all() if v.analyte.code in MG_PER_MMOL}
        if CALCIUM not in found or PHOSPHATE not in found:
            return None
        return CaPProduct.of(found[CALCIUM], found[PHOSPHATE], threshold_mg)


@dataclass(frozen=True)
class CaPProduct:
    """Shown in the unit system the values were entered in (mg/dL when mixed); the warning
    compares against the clinic's threshold in (mg/dL)². No validated canine cut-off exists."""

    value: Decimal
    unit: str
    value_mg: Decimal
    threshold: Decimal  # in `unit`
    above_threshold: bool

    @classmethod
    def of(cls, calcium, phosphate, threshold_mg):
        ca_mg = convert(CALCIUM, calcium.value, calcium.unit, MG)
        p_mg = convert(PHOSPHATE, phosphate.value, phosphate.unit, MG)
        value_mg = ca_mg * p_mg
        threshold_mg = Decimal(threshold_mg)
        if calcium.unit == phosphate.unit == MMOL:
            mg_per_mmol_squared = MG_PER_MMOL[CALCIUM] * MG_PER_MMOL[PHOSPHATE]
            value, unit = calcium.value * phosphate.value, "(mmol/L)²"
            threshold = threshold_mg / mg_per_mmol_squared
        else:
            value, unit, threshold = value_mg, "(mg/dL)²", threshold_mg
        return cls(
            value=value.quantize(Decimal("0.01")), unit=unit,
            value_mg=value_mg.quantize(Decimal("0.1")),
            threshold=threshold.quantize(Decimal("0.01")),
            above_threshold=value_mg > threshold_mg,
        )


class LabValue(models.Model):
    class Flag(models.TextChoices):
        LOW = "low", "Low"
        NORMAL = "normal", "Within interval"
        HIGH = "high", "High"

    panel = models.ForeignKey(LabPanel, on_delete=models.CASCADE, related_name="values")
    analyte = models.ForeignKey(Analyte, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=10, decimal_places=3,
                                validators=[MinValueValidator(0, "A value cannot be negative.")])
    unit = models.CharField(max_length=20, blank=True)
    reference_low = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    reference_high = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)

    objects = ClinicalNotesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["analyte__panel_kind", "analyte__position", "analyte__name"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "analyte"], name="one_value_per_analyte"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="lab_value_not_negative"),
            models.CheckConstraint(
                condition=models.Q(reference_low__isnull=True)
                | models.Q(reference_high__isnull=True)
                | models.Q(reference_low__lte=models.F("reference_high")),
                name="lab_reference_low_not_above_high",
            ),
        ]

    def __str__(self):
        return f"{self.analyte.name} {self.value} {self.unit}"

    def get_flag_display(self):
        return self.Flag(self.flag).label if self.flag else ""

    @property
    def flag(self):
        """Low/high against this value's own interval; None when there is no interval."""
        if self.reference_low is None and self.reference_high is None:
            return None
        if self.reference_low is not None and self.value < self.reference_low:
            return self.Flag.LOW
        if self.reference_high is not None and self.value > self.reference_high:
            return self.Flag.HIGH
        return self.Flag.NORMAL

    @property
    def value_display(self):
        return _plain(self.value)

    @property
    def interval_display(self):
        if self.reference_low is None and self.reference_high is None:
            return ""
        if self.reference_low is None:
            return f"< {_plain(self.reference_high)}"
        if self.reference_high is None:
            return f"> {_plain(self.reference_low)}"
        return f"{_plain(self.reference_low)}–{_plain(self.reference_high)}"

    def value_in(self, unit):
        return convert(self.analyte.code, self.value, self.unit, unit)

    def clean(self):
        super().clean()
        check_interval(self.reference_low, self.reference_high)
        if self.analyte_id and self.unit not in self.analyte.units:
            raise ValidationError({
                "unit": f"Enter {self.analyte.name} in {' or '.join(self.analyte.units)}."
            })
