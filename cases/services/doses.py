"""Dose calculation: mg/kg × the dog's latest weight → mg, and units per dose.

Tablets are rounded to the nearest fraction the tablet can be split into (whole, half or
quarter); capsules to whole capsules; liquids to 0.1 ml. The mg actually given after
rounding is stated beside the prescribed dose.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cases.models.drugs import units_text
from cases.models.plans import Frequency, doses_per_day


class NoWeightOnRecord(Exception):
    """The dog has no weight recorded: a weight-based dose cannot be calculated."""


@dataclass(frozen=True)
class DoseCalculation:
    weight_kg: Decimal
    weight_recorded_on: object
    dose_mg_per_kg: Decimal
    dose_mg: Decimal  # prescribed: mg/kg × weight
    units: Decimal | None  # tablets/capsules or ml per dose
    unit_name: str
    given_mg: Decimal | None  # what the rounded units actually contain

    @property
    def given_mg_per_kg(self):
        if self.given_mg is None:
            return None
        return (self.given_mg / self.weight_kg).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def too_small_for_strength(self):
        return self.units is not None and self.units == 0


def _round_to_fraction(value, parts):
    return (value * parts).quantize(Decimal("1"), ROUND_HALF_UP) / parts


def calculate_dose(weight_record, dose_mg_per_kg, strength):
    """The dose for one weight record; raises NoWeightOnRecord when there is none."""
    if weight_record is None:
        raise NoWeightOnRecord
    weight = weight_record.weight_kg
    dose_mg = (dose_mg_per_kg * weight).quantize(Decimal("0.01"), ROUND_HALF_UP)
    units = given = None
    unit_name = ""
    if strength is not None and strength.strength_mg:
        exact = dose_mg / strength.strength_mg
        if strength.is_liquid:
            unit_name = "ml"
            units = exact.quantize(Decimal("0.1"), ROUND_HALF_UP)
        elif strength.is_countable:
            unit_name = strength.get_form_display().lower()
            units = _round_to_fraction(exact, strength.split)
        if units is not None:
            given = (units * strength.strength_mg).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return DoseCalculation(
        weight_kg=weight, weight_recorded_on=weight_record.recorded_on,
        dose_mg_per_kg=dose_mg_per_kg, dose_mg=dose_mg, units=units, unit_name=unit_name,
        given_mg=given,
    )


def _range_for(drug, frequency):
    """(low, high, description) per dose for `frequency`, or a reason it has none."""
    ranges = {r.frequency: r for r in drug.dose_ranges.all()}
    if not ranges:
        return drug.dose_min_mg_per_kg, drug.dose_max_mg_per_kg, drug.dose_range_display, ""
    match = ranges.get(frequency)
    if match is None:
        protocol = "; ".join(f"{r.display} {r.get_frequency_display().lower()}"
                             for r in ranges.values())
        how_often = Frequency(frequency).label.lower() if frequency else "without a frequency"
        return None, None, "", (f"{drug.name} {how_often} is outside the clinic's protocol "
                                f"({protocol}).")
    description = f"{match.display} {match.get_frequency_display().lower()}"
    if match.note:
        description += f"; {match.note}"
    return match.min_mg_per_kg, match.max_mg_per_kg, description, ""


def outside_clinic_range(drug, calculation, frequency):
    """Why the dose is outside the clinic's range for `drug` given `frequency` times, or ''
    when it is within: per dose for that frequency, then per day."""
    if drug is None or not drug.dosed_by_weight:
        return ""
    low, high, rng, refused = _range_for(drug, frequency)
    if refused:
        return refused
    if not low <= calculation.dose_mg_per_kg <= high:
        return (f"{calculation.dose_mg_per_kg.normalize():f} mg/kg is outside the clinic's "
                f"range for {drug.name} ({rng}).")
    given = calculation.given_mg_per_kg
    if given is not None and not low <= given <= high:
        return (f"After rounding to {units_text(calculation.units, calculation.unit_name)} the "
                f"dog gets {given} mg/kg, outside the clinic's range for {drug.name} ({rng}).")
    per_day = doses_per_day(frequency)
    if drug.has_daily_range and per_day is not None:
        daily = ((given if given is not None else calculation.dose_mg_per_kg) * per_day
                 ).quantize(Decimal("0.01"), ROUND_HALF_UP)
        day_low, day_high = drug.daily_min_mg_per_kg, drug.daily_max_mg_per_kg
        if not day_low <= daily <= day_high:
            return (f"{daily.normalize():f} mg/kg a day is outside the clinic's per-day range "
                    f"for {drug.name} ({day_low.normalize():f}–{day_high.normalize():f} "
                    "mg/kg/day).")
    return ""


def apply_dose(item, weight_record):
    """Store the calculated dose (and the weight it used) on a plan item."""
    if item.drug_id is None or item.dose_mg_per_kg is None:
        item.weight_kg_used = item.weight_recorded_on = None
        item.dose_mg = item.units_per_dose = item.given_mg = None
        return None
    calculation = calculate_dose(weight_record, item.dose_mg_per_kg, item.strength)
    item.weight_kg_used = calculation.weight_kg
    item.weight_recorded_on = calculation.weight_recorded_on
    item.dose_mg = calculation.dose_mg
    item.units_per_dose = calculation.units
    item.given_mg = calculation.given_mg
    return calculation
