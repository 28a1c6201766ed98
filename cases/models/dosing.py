"""The clinic's per-dose range of a drug at one frequency (admin-editable reference data).

A drug with ranges here is checked against the range for the frequency prescribed, and a
frequency without a range is outside the clinic's protocol (meloxicam twice daily, for
example). A drug without any is checked against its own per-dose range. The per-day range
on the drug is checked as well, whatever the frequency.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from cases.models.drugs import Drug
from cases.models.plans import Frequency


class DoseRange(models.Model):
    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="dose_ranges")
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    min_mg_per_kg = models.DecimalField(
        "per dose from (mg/kg)", max_digits=6, decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    max_mg_per_kg = models.DecimalField(
        "per dose to (mg/kg)", max_digits=6, decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    note = models.CharField(
        max_length=200, blank=True,
        help_text="Shown with a warning: the range's basis, e.g. 'Vetoryl label'.",
    )

    class Meta:
        ordering = ["drug__name", "frequency"]
        constraints = [
            models.UniqueConstraint(fields=["drug", "frequency"], name="one_range_per_frequency"),
            models.CheckConstraint(condition=models.Q(min_mg_per_kg__lte=models.F("max_mg_per_kg")),
                                   name="dose_range_low_not_above_high"),
        ]

    def __str__(self):
        return f"{self.drug.name} {self.get_frequency_display().lower()}: {self.display}"

    @property
    def display(self):
        low, high = self.min_mg_per_kg.normalize(), self.max_mg_per_kg.normalize()
        return f"{low:f} mg/kg" if low == high else f"{low:f}–{high:f} mg/kg"

    def clean(self):
        super().clean()
        if (self.min_mg_per_kg is not None and self.max_mg_per_kg is not None
                and self.min_mg_per_kg > self.max_mg_per_kg):
            raise ValidationError(
                {"max_mg_per_kg": "The upper end must not be below the lower end."}
            )
