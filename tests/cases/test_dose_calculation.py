"""Doses from mg/kg and the dog's latest weight, with real numbers."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models.drugs import units_text
from cases.services.doses import NoWeightOnRecord, calculate_dose, outside_clinic_range
from clinic.patients.models import WeightRecord
from tests.factories.patients import DogFactory, WeightRecordFactory
from tests.factories.treatment import DrugStrengthFactory, strength, trilostane

pytestmark = pytest.mark.django_db

D = Decimal


def weight(kg, on=date(2026, 11, 2)):
    return WeightRecord(weight_kg=D(kg), recorded_on=on)


def test_it_calculates_35_2_kg_at_1_mg_per_kg_with_10_mg_half_tablets():
    tablet = DrugStrengthFactory(strength_mg=D("10"), split=2)
    dose = calculate_dose(weight("35.2"), D("1"), tablet)
    assert dose.dose_mg == D("35.20")
    assert dose.units == D("3.5")
    assert dose.given_mg == D("35.00")
    assert dose.given_mg_per_kg == D("0.99")
    assert units_text(dose.units, dose.unit_name) == "3½ tablets"


def test_it_rounds_a_30_mg_tablet_to_the_nearest_half_and_states_the_mg_given():
    tablet = DrugStrengthFactory(strength_mg=D("30"), split=2)
    dose = calculate_dose(weight("35.2"), D("1"), tablet)
    assert dose.units == D("1")  # 1.17 tablets → 1
    assert dose.given_mg == D("30.00")
    assert dose.given_mg_per_kg == D("0.85")


def test_it_rounds_a_quartered_tablet_to_the_nearest_quarter():
    tablet = DrugStrengthFactory(strength_mg=D("30"), split=4)
    dose = calculate_dose(weight("35.2"), D("1"), tablet)
    assert dose.units == D("1.25")  # 1.17 → 1¼
    assert dose.given_mg == D("37.50")
    assert units_text(dose.units, dose.unit_name) == "1¼ tablets"


def test_it_gives_trilostane_capsules_whole():
    capsule = strength(trilostane(), "30")
    dose = calculate_dose(weight("35.2"), D("1"), capsule)
    assert (dose.units, dose.given_mg, dose.unit_name) == (D("1"), D("30.00"), "capsule")
    assert units_text(dose.units, dose.unit_name) == "1 capsule"


def test_it_measures_a_suspension_in_ml_to_one_decimal():
    meloxicam = DrugStrengthFactory(form="liquid", strength_mg=D("1.5"))
    dose = calculate_dose(weight("29.8"), D("0.1"), meloxicam)
    assert dose.dose_mg == D("2.98")
    assert dose.units == D("2.0")  # 1.99 ml
    assert dose.unit_name == "ml"
    assert dose.given_mg == D("3.00")


def test_it_reports_a_dose_too_small_for_the_strength():
    tablet = DrugStrengthFactory(strength_mg=D("120"), split=1)
    assert calculate_dose(weight("6.4"), D("1"), tablet).too_small_for_strength


def test_it_refuses_without_a_weight_on_record():
    with pytest.raises(NoWeightOnRecord):
        calculate_dose(None, D("1"), None)


def test_it_uses_the_latest_weight_of_the_dog():
    dog = DogFactory()
    WeightRecordFactory(dog=dog, weight_kg=D("33.8"), recorded_on=date(2026, 6, 1))
    WeightRecordFactory(dog=dog, weight_kg=D("35.2"), recorded_on=date(2026, 10, 1))
    latest = dog.latest_weight()
    assert calculate_dose(latest, D("1"), None).weight_recorded_on == date(2026, 10, 1)


def test_it_flags_a_prescribed_dose_outside_the_clinic_range():
    drug = trilostane()  # seeded 0.5–2 mg/kg
    dose = calculate_dose(weight("35.2"), D("3"), strength(drug, "30"))
    assert "outside the clinic's range for Trilostane (0.5–2 mg/kg)" in outside_clinic_range(
        drug, dose
    )


def test_it_flags_a_dose_pushed_outside_the_range_by_rounding():
    drug = trilostane()
    dose = calculate_dose(weight("6.4"), D("1"), strength(drug, "10"))  # 1 capsule = 1.56 mg/kg
    assert outside_clinic_range(drug, dose) == ""
    small = calculate_dose(weight("4.0"), D("2"), strength(drug, "10"))  # 8 mg → 1 capsule
    assert "After rounding to 1 capsule the dog gets 2.50 mg/kg" in outside_clinic_range(
        drug, small
    )
