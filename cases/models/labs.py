"""Lab panels and their values, flagged against each value's reference interval, and judged
by the clinical rule that applies where an interval is the wrong yardstick: a trilostane
monitoring ACTH test by the label's action bands, creatinine and UPC by IRIS staging."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from cases.models.case import Case
from cases.models.results import SharedResult
from clinic.accounts.querysets import ClinicalNotesQuerySet
from clinic.lib.cache import SharedValue
from clinic.lib.concurrency import VersionedModel
from clinic.lib.validators import (
    NOTE_TEXT,
    text_limit,
    validate_no_control_characters,
    validate_plausible_date,
)

CALCIUM, PHOSPHATE, IONISED_CALCIUM = "calcium", "phosphate", "ionised_calcium"
SODIUM, POTASSIUM, CREATININE, UPC = "sodium", "potassium", "creatinine", "upc"
CORTISOL_BASAL, CORTISOL_POST_ACTH = "cortisol_basal", "cortisol_post_acth"
# mg/dL per mmol/L. Phosphate is reported as phosphorus when in mg/dL.
MG_PER_MMOL = {
    CALCIUM: Decimal("4.008"), IONISED_CALCIUM: Decimal("4.008"), PHOSPHATE: Decimal("3.097"),
}
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
    return f"{Decimal(number).normalize():f}" if number is not None else ""


class PanelKind(models.TextChoices):
    SERUM_CHEMISTRY = "serum_chemistry", "Serum chemistry"
    HAEMATOLOGY = "haematology", "Haematology"
    URINALYSIS = "urinalysis", "Urinalysis"
    ACTH_STIMULATION = "acth_stimulation", "ACTH stimulation test"
    LDDST = "lddst", "Low-dose dexamethasone suppression test"
    UCCR = "uccr", "Urine cortisol:creatinine ratio"
    CALCIUM_WORKUP = "calcium_workup", "Hypercalcaemia work-up (PTH, PTHrP, vitamin D)"


class ActhPurpose(models.TextChoices):
    DIAGNOSTIC = "diagnostic", "Diagnostic (hyperadrenocorticism or iatrogenic suppression?)"
    MONITORING = "monitoring", "Monitoring trilostane"


# Vetoryl label: the morning dose with food, the test 4–6 hours later.
MONITORING_HOURS = (Decimal(4), Decimal(6))


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
    in_acth_monitoring = models.BooleanField(
        "on a trilostane monitoring panel", default=False,
        help_text="Filled in on every monitoring ACTH stimulation panel (cortisol, sodium, "
        "potassium: Vetoryl label).",
    )

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
        return ANALYTES.get()


ANALYTES = SharedValue("cases:analytes", lambda: list(Analyte.objects.all()),
                       depends_on=["cases.Analyte"])


def check_interval(low, high):
    if low is not None and high is not None and low > high:
        raise ValidationError({"reference_high": "The upper limit is below the lower limit."})


class LabPanel(VersionedModel, SharedResult):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="lab_panels")
    kind = models.CharField(max_length=20, choices=PanelKind.choices)
    acth_purpose = models.CharField(
        "purpose of the ACTH test", max_length=12, choices=ActhPurpose.choices, blank=True,
        help_text="ACTH stimulation only. A monitoring test is judged by the trilostane "
        "label's action bands, not the diagnostic interval.",
    )
    hours_after_dose = models.DecimalField(
        "hours since the last trilostane dose", max_digits=3, decimal_places=1,
        null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(48)],
        help_text="Monitoring tests: the label's timing is 4–6 hours after the morning dose.",
    )
    dose_given_with_food = models.BooleanField(
        "last dose given with food", null=True, blank=True,
        help_text="Monitoring tests: the label's timing assumes the dose was given with food.",
    )
    collected_on = models.DateField(
        default=timezone.localdate, validators=[validate_plausible_date],
    )
    laboratory = models.CharField(max_length=120, blank=True, help_text="Blank: in-house.",
                                  validators=[validate_no_control_characters])
    sent_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    reported_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date],
                                   help_text="Blank while the results are awaited.")
    notes = models.TextField(blank=True, **text_limit(NOTE_TEXT))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

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
        purpose = {ActhPurpose.DIAGNOSTIC: " (diagnostic)",
                   ActhPurpose.MONITORING: " (trilostane monitoring)"}.get(self.acth_purpose, "")
        return f"{self.get_kind_display()}{purpose} {date_format(self.collected_on)}"

    @property
    def owner_title(self):
        return self.get_kind_display()

    @property
    def owner_result_date(self):
        return self.reported_on or self.collected_on

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
        errors.update(self._acth_errors())
        if errors:
            raise ValidationError(errors)

    def _acth_errors(self):
        if self.kind != PanelKind.ACTH_STIMULATION:
            return {name: "Only for an ACTH stimulation test." for name, empty in (
                ("acth_purpose", not self.acth_purpose),
                ("hours_after_dose", self.hours_after_dose is None),
                ("dose_given_with_food", self.dose_given_with_food is None),
            ) if not empty}
        if not self.acth_purpose:
            return {"acth_purpose": "Say whether this test is diagnostic or monitors trilostane."}
        if self.acth_purpose != ActhPurpose.MONITORING:
            return {}
        errors = {}
        if self.hours_after_dose is None:
            errors["hours_after_dose"] = (
                "Enter the hours between the last trilostane dose and the test."
            )
        if self.dose_given_with_food is None:
            errors["dose_given_with_food"] = "Say whether the last dose was given with food."
        return errors

    @property
    def is_monitoring_acth(self):
        return (self.kind == PanelKind.ACTH_STIMULATION
                and self.acth_purpose == ActhPurpose.MONITORING)

    @property
    def timing_caveat(self):
        """Why a monitoring test's result needs care: not timed as the label says."""
        if not self.is_monitoring_acth:
            return ""
        problems = []
        low, high = MONITORING_HOURS
        if self.hours_after_dose is not None and not low <= self.hours_after_dose <= high:
            problems.append(f"taken {_plain(self.hours_after_dose)} hours after the dose "
                            f"(the label: {low}–{high} hours)")
        if self.dose_given_with_food is False:
            problems.append("the dose was not given with food")
        return "; ".join(problems)

    def na_k_ratio(self, warn_below):
        """Sodium ÷ potassium from this panel's values (prefetched), or None."""
        found = {v.analyte.code: v.value for v in self.values.all()
                 if v.analyte.code in (SODIUM, POTASSIUM)}
        if SODIUM not in found or not found.get(POTASSIUM):
            return None
        ratio = (found[SODIUM] / found[POTASSIUM]).quantize(Decimal("0.1"))
        return NaKRatio(ratio, Decimal(warn_below), ratio < Decimal(warn_below))

    def judge_values(self, rules):
        """Give each prefetched value its `judgement` under the clinic's `rules`
        (ClinicalSettings), for the page to show beside or instead of the interval flag."""
        for value in self.values.all():
            value.judgement = value.judge(rules, panel=self)
        return self

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


@dataclass(frozen=True)
class NaKRatio:
    value: Decimal
    warn_below: Decimal
    low: bool


@dataclass(frozen=True)
class Judgement:
    """A value judged by a clinical rule as well as its interval, or instead of it
    (`replaces_interval`). `level`: "danger", "warning" or "ok"; `source`: whose rule."""

    level: str
    text: str
    source: str
    replaces_interval: bool = False


LABEL = "Vetoryl label"
IRIS = "IRIS staging"


def acth_monitoring_band(cortisol, rules):
    """Post-ACTH cortisol (nmol/L) on a trilostane monitoring test, in the label's bands."""
    if cortisol < rules.acth_stop_below:
        return Judgement("danger", f"Below {_plain(rules.acth_stop_below)} nmol/L: stop "
                         "trilostane and contact the owner", LABEL, True)
    if cortisol <= rules.acth_good_control_up_to:
        return Judgement("ok", f"{_plain(rules.acth_stop_below)}–"
                         f"{_plain(rules.acth_good_control_up_to)} nmol/L: good control, "
                         "continue the dose", LABEL, True)
    if cortisol <= rules.acth_depends_on_signs_up_to:
        return Judgement("warning", f"{_plain(rules.acth_good_control_up_to)}–"
                         f"{_plain(rules.acth_depends_on_signs_up_to)} nmol/L: depends on "
                         "clinical signs (continue if controlled)", LABEL, True)
    return Judgement("warning", f"Above {_plain(rules.acth_depends_on_signs_up_to)} nmol/L: "
                     "consider increasing the dose", LABEL, True)


def iris_creatinine(creatinine, rules):
    """IRIS CKD stage range of a creatinine (µmol/L); staging applies to a stable patient."""
    stages = [(rules.iris_creatinine_stage_4_from, 4), (rules.iris_creatinine_stage_3_from, 3),
              (rules.iris_creatinine_stage_2_from, 2)]
    for start, stage in stages:
        if creatinine >= start:
            return Judgement("danger" if stage > 2 else "warning",
                             f"IRIS stage {stage} range (from {_plain(start)} µmol/L) if the "
                             "kidney disease is stable", IRIS)
    return Judgement("ok", f"Below the IRIS stage 2 range "
                     f"({_plain(rules.iris_creatinine_stage_2_from)} µmol/L)", IRIS)


def iris_upc(upc, rules):
    """IRIS proteinuria substage of a urine protein:creatinine ratio."""
    if upc > rules.iris_upc_proteinuric_above:
        return Judgement(
            "danger", f"Proteinuric (above {_plain(rules.iris_upc_proteinuric_above)})", IRIS
        )
    if upc >= rules.iris_upc_borderline_from:
        return Judgement("warning", f"Borderline proteinuric "
                         f"({_plain(rules.iris_upc_borderline_from)}–"
                         f"{_plain(rules.iris_upc_proteinuric_above)})", IRIS)
    return Judgement("ok", f"Non-proteinuric (below {_plain(rules.iris_upc_borderline_from)})",
                     IRIS)


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

    def judge(self, rules, panel=None):
        """The clinical rule's verdict on this value, or None when only the interval applies.
        On a trilostane monitoring test the cortisol is never judged by the diagnostic
        interval: post-ACTH by the label's bands, basal not at all."""
        panel = panel or self.panel
        code = self.analyte.code
        if panel.is_monitoring_acth and code == CORTISOL_POST_ACTH:
            return acth_monitoring_band(self.value, rules)
        if panel.is_monitoring_acth and code == CORTISOL_BASAL:
            return Judgement("ok", "Not judged on a monitoring test: the label's bands are "
                             "for the post-ACTH cortisol", LABEL, True)
        if code == CREATININE and self.unit == "µmol/L":
            return iris_creatinine(self.value, rules)
        if code == UPC:
            return iris_upc(self.value, rules)
        return None

    def attention(self, rules, panel=None):
        """What a reader must notice about this value in a few words, or "": the interval
        flag unless a clinical rule replaces it, and the rule's verdict unless it is fine."""
        judgement = self.judge(rules, panel)
        text = ""
        if self.flag in (self.Flag.LOW, self.Flag.HIGH) and not (
            judgement and judgement.replaces_interval
        ):
            text = f"{self.analyte.name} {self.get_flag_display().lower()}"
        if judgement and judgement.level != "ok":
            text = f"{text or self.analyte.name}: {judgement.text}"
        return text

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
