"""The clinic's drug reference list: what a medication item is prescribed from.

Dose ranges are the clinic's own (admin-editable); the seeded values are widely used
defaults, not a formulary.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from clinic.lib.validators import NOTE_TEXT, text_limit


class DrugClass(models.TextChoices):
    ADRENAL_SUPPRESSANT = "adrenal_suppressant", "Adrenal suppressant (e.g. trilostane)"
    GLUCOCORTICOID = "glucocorticoid", "Glucocorticoid (corticosteroid)"
    ANTIBIOTIC = "antibiotic", "Antibiotic"
    ANALGESIC = "analgesic", "Analgesic"
    NSAID = "nsaid", "Non-steroidal anti-inflammatory (NSAID)"
    TOPICAL = "topical", "Topical agent"
    ANTISEPTIC = "antiseptic", "Antiseptic"
    OTHER = "other", "Other"


class Drug(models.Model):
    name = models.CharField(max_length=80, unique=True)
    drug_class = models.CharField("class", max_length=24, choices=DrugClass.choices)
    dose_min_mg_per_kg = models.DecimalField(
        "clinic dose range from (mg/kg)", max_digits=6, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    dose_max_mg_per_kg = models.DecimalField(
        "clinic dose range to (mg/kg)", max_digits=6, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    daily_min_mg_per_kg = models.DecimalField(
        "clinic range per day from (mg/kg/day)", max_digits=6, decimal_places=3, null=True,
        blank=True, validators=[MinValueValidator(Decimal("0.001"))],
        help_text="The total over a day, whatever the frequency (e.g. trilostane label "
        "2.2–6.7 mg/kg/day). Empty: no per-day check.",
    )
    daily_max_mg_per_kg = models.DecimalField(
        "clinic range per day to (mg/kg/day)", max_digits=6, decimal_places=3, null=True,
        blank=True, validators=[MinValueValidator(Decimal("0.001"))],
    )
    needs_calcium_monitoring = models.BooleanField(
        default=False, help_text="Topical DMSO: serum calcium is checked while it is used.",
    )
    needs_acth_monitoring = models.BooleanField(
        default=False,
        help_text="Trilostane: ACTH stimulation checks after starting or changing the dose.",
    )
    notes = models.TextField(
        blank=True, help_text="Shown to the vet when prescribing (cautions, the range's basis).",
        **text_limit(NOTE_TEXT),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_glucocorticoid(self):
        return self.drug_class == DrugClass.GLUCOCORTICOID

    @property
    def is_analgesic(self):
        return self.drug_class in (DrugClass.ANALGESIC, DrugClass.NSAID)

    @property
    def dosed_by_weight(self):
        return self.dose_min_mg_per_kg is not None and self.dose_max_mg_per_kg is not None

    @property
    def dose_range_display(self):
        if not self.dosed_by_weight:
            return ""
        low, high = self.dose_min_mg_per_kg.normalize(), self.dose_max_mg_per_kg.normalize()
        return f"{low:f}–{high:f} mg/kg"

    @property
    def has_daily_range(self):
        return self.daily_min_mg_per_kg is not None and self.daily_max_mg_per_kg is not None

    def clean(self):
        super().clean()
        if (self.dose_min_mg_per_kg is None) != (self.dose_max_mg_per_kg is None):
            raise ValidationError("Give both ends of the dose range, or neither.")
        if self.dosed_by_weight and self.dose_min_mg_per_kg > self.dose_max_mg_per_kg:
            raise ValidationError(
                {"dose_max_mg_per_kg": "The upper end must not be below the lower end."}
            )
        if (self.daily_min_mg_per_kg is None) != (self.daily_max_mg_per_kg is None):
            raise ValidationError("Give both ends of the per-day range, or neither.")
        if self.has_daily_range and self.daily_min_mg_per_kg > self.daily_max_mg_per_kg:
            raise ValidationError(
                {"daily_max_mg_per_kg": "The upper end must not be below the lower end."}
            )


class DrugStrength(models.Model):
    """One form and strength the clinic dispenses, e.g. 'capsule 30 mg'."""

    class Form(models.TextChoices):
        TABLET = "tablet", "Tablet"
        CAPSULE = "capsule", "Capsule"
        LIQUID = "liquid", "Oral liquid / suspension"
        INJECTION = "injection", "Injection"
        GEL = "gel", "Gel"
        SOLUTION = "solution", "Solution / wipes"

    class Split(models.IntegerChoices):
        WHOLE = 1, "Whole units only"
        HALVES = 2, "Can be halved"
        QUARTERS = 4, "Can be quartered"

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="strengths")
    form = models.CharField(max_length=12, choices=Form.choices)
    strength_mg = models.DecimalField(
        "strength (mg per unit, or mg per ml for liquids)", max_digits=8, decimal_places=3,
        null=True, blank=True, validators=[MinValueValidator(Decimal("0.001"))],
    )
    split = models.PositiveSmallIntegerField(
        "tablet splitting", choices=Split.choices, default=Split.WHOLE,
        help_text="Scored tablets may be halved or quartered; capsules are given whole.",
    )

    class Meta:
        ordering = ["drug__name", "form", "strength_mg"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "form", "strength_mg"], name="one_strength_row")
        ]

    def __str__(self):
        return f"{self.drug.name} {self.label_after_name}".strip()

    @property
    def label_after_name(self):
        """The label to print after the drug's name: empty when it only names the form the
        name already ends with ("DMSO gel" + "gel" reads once, not "gel gel")."""
        if self.drug.name.lower().endswith(self.label.lower()):
            return ""
        return self.label

    @property
    def is_liquid(self):
        return self.form in (self.Form.LIQUID, self.Form.INJECTION)

    @property
    def is_countable(self):
        """Tablets and capsules: a dose is a number of units."""
        return self.form in (self.Form.TABLET, self.Form.CAPSULE)

    @property
    def label(self):
        if self.strength_mg is None:
            return self.get_form_display().lower()
        mg = f"{self.strength_mg.normalize():f}"
        if self.is_liquid:
            return f"{self.get_form_display().lower()} {mg} mg/ml"
        return f"{self.get_form_display().lower()} {mg} mg"

    def clean(self):
        super().clean()
        if (self.is_countable or self.is_liquid) and self.strength_mg is None:
            raise ValidationError({"strength_mg": "Give the strength of this form."})
        if self.form != self.Form.TABLET and self.split != self.Split.WHOLE:
            raise ValidationError({"split": "Only tablets can be split."})


def units_text(units, unit_name):
    """1.5 tablet → '1½ tablets'; 0.25 → '¼ tablet'; 2.4 ml → '2.4 ml'."""
    if unit_name == "ml":
        return f"{units.normalize():f} ml"
    whole, fraction = divmod(units, 1)
    glyph = {Decimal("0.25"): "¼", Decimal("0.5"): "½", Decimal("0.75"): "¾"}.get(
        fraction.normalize(), ""
    )
    count = f"{int(whole) if whole else ''}{glyph}" or "0"
    plural = "" if units <= 1 else "s"
    return f"{count} {unit_name}{plural}"
