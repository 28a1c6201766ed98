"""Doses from mg/kg and the dog's latest weight, with real numbers."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import Drug
from cases.models.drugs import units_text
from cases.services.doses import NoWeightOnRecord, calculate_dose, outside_clinic_range
from clinic.patients.models import WeightRecord
from tests.factories.patients import DogFactory, WeightRecordFactory
from tests.factories.treatment import DrugFactory, DrugStrengthFactory, strength, trilostane

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
    drug = trilostane()  # seeded once daily 2.2–6.7 mg/kg (Vetoryl label)
    dose = calculate_dose(weight("35.2"), D("8"), strength(drug, "30"))
    assert ("outside the clinic's range for Trilostane (2.2–6.7 mg/kg once daily; Vetoryl "
            "label starting dose, once daily)") in outside_clinic_range(drug, dose, "sid")


def test_it_flags_a_dose_pushed_outside_the_range_by_rounding():
    drug = trilostane()
    dose = calculate_dose(weight("6.4"), D("2.5"), strength(drug, "5"))  # 3 capsules = 2.34
    assert outside_clinic_range(drug, dose, "sid") == ""
    small = calculate_dose(weight("4.0"), D("2.5"), strength(drug, "30"))  # 10 mg → 0 …
    assert small.too_small_for_strength
    pushed = calculate_dose(weight("6.0"), D("2.2"), strength(drug, "10"))  # 13.2 mg → 1
    assert "After rounding to 1 capsule the dog gets 1.67 mg/kg" in outside_clinic_range(
        drug, pushed, "sid"
    )


def test_the_label_once_daily_start_passes_and_twice_daily_is_checked_per_dose():
    """Issue 12 point 6: 2.2 mg/kg once daily (label) passes; 2 mg/kg twice daily (4 a day,
    twice the AAHA dose per dose) does not pass a per-dose check."""
    drug = trilostane()
    once = calculate_dose(weight("27.3"), D("2.2"), strength(drug, "60"))  # 60.06 → 60 mg
    assert outside_clinic_range(drug, once, "sid") == ""
    twice = calculate_dose(weight("30"), D("2"), strength(drug, "60"))  # 60 mg
    assert "2 mg/kg is outside the clinic's range for Trilostane (0.5–1 mg/kg twice daily" \
        in outside_clinic_range(drug, twice, "bid")
    aaha = calculate_dose(weight("30"), D("1"), strength(drug, "30"))
    assert outside_clinic_range(drug, aaha, "bid") == ""
    assert "Trilostane three times daily is outside the clinic's protocol" in \
        outside_clinic_range(drug, aaha, "tid")


def test_the_per_day_range_is_checked_whatever_the_frequency():
    drug = DrugFactory(dose_min_mg_per_kg=D("1"), dose_max_mg_per_kg=D("4"),
                       daily_min_mg_per_kg=D("1"), daily_max_mg_per_kg=D("6"))
    tablet = DrugStrengthFactory(drug=drug, strength_mg=D("10"), split=1)
    three_a_day = calculate_dose(weight("10"), D("3"), tablet)  # 3 mg/kg per dose: in range
    assert outside_clinic_range(drug, three_a_day, "sid") == ""
    assert outside_clinic_range(drug, three_a_day, "bid") == ""
    assert "9 mg/kg a day is outside the clinic's per-day range" in outside_clinic_range(
        drug, three_a_day, "tid")
    assert outside_clinic_range(drug, three_a_day, "prn") == ""  # no per-day total known


def test_meloxicam_loads_on_day_one_only_then_0_1_once_daily():
    meloxicam = Drug.objects.get(name="Meloxicam")
    liquid = strength(meloxicam, "1.5")
    loading = calculate_dose(weight("30"), D("0.2"), liquid)  # 6 mg = 4 ml
    assert outside_clinic_range(meloxicam, loading, "once") == ""
    assert "0.2 mg/kg is outside the clinic's range for Meloxicam (0.1 mg/kg once daily" \
        in outside_clinic_range(meloxicam, loading, "sid")
    maintenance = calculate_dose(weight("30"), D("0.1"), liquid)
    assert outside_clinic_range(meloxicam, maintenance, "sid") == ""
    assert "Meloxicam twice daily is outside the clinic's protocol" in outside_clinic_range(
        meloxicam, maintenance, "bid")


def test_cefalexin_is_22_to_30_mg_per_kg_every_12_hours():
    cefalexin = Drug.objects.get(name="Cefalexin")
    tablet = strength(cefalexin, "300")
    low = calculate_dose(weight("20"), D("15"), tablet)  # the old range's lower end
    assert "outside the clinic's range for Cefalexin (22–30 mg/kg twice daily" in \
        outside_clinic_range(cefalexin, low, "bid")
    usual = calculate_dose(weight("20"), D("30"), tablet)  # 600 mg = 2 tablets
    assert outside_clinic_range(cefalexin, usual, "bid") == ""
    assert "Cefalexin once daily is outside the clinic's protocol" in outside_clinic_range(
        cefalexin, usual, "sid")


def test_a_strength_named_by_its_form_alone_is_not_said_twice():
    dmso = Drug.objects.get(name__startswith="Dimethyl sulfoxide")
    labels = [str(strength) for strength in dmso.strengths.all()]
    assert labels == ["Dimethyl sulfoxide (DMSO) gel"]
    trilostane = Drug.objects.get(name="Trilostane")
    assert "Trilostane capsule 30 mg" in [str(s) for s in trilostane.strengths.all()]
