"""Lab values: flags from the interval, calcium and phosphate in either unit, Ca × P."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.models import ClinicalSettings, LabValue
from cases.models.labs import convert
from tests.factories.diagnostics import LabPanelFactory, add_value

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "flag"), [
    ("2.0", "low"), ("2.2", "normal"), ("2.9", "normal"), ("3.1", "high"),
])
def test_it_flags_a_value_against_its_own_interval(value, flag):
    assert add_value(LabPanelFactory(), "calcium", value, low=Decimal("2.2"),
                     high=Decimal("2.9")).flag == flag


def test_a_value_without_an_interval_has_no_flag():
    value = LabValue(value=Decimal(5), reference_low=None, reference_high=None)
    assert value.flag is None


def test_it_converts_calcium_and_phosphate_with_the_published_factors():
    assert convert("calcium", Decimal("2.5"), "mmol/L", "mg/dL") == Decimal("10.0200")
    assert convert("phosphate", Decimal("3.097"), "mg/dL", "mmol/L") == Decimal(1)
    with pytest.raises(ValueError, match="No conversion"):
        convert("alp", Decimal(100), "U/L", "mg/dL")


def test_the_ca_p_product_in_mg_dl_warns_above_the_clinics_threshold():
    panel = LabPanelFactory()
    add_value(panel, "calcium", "10.0", unit="mg/dL", low=Decimal("9"), high=Decimal("11.6"))
    add_value(panel, "phosphate", "8.0", unit="mg/dL", low=Decimal("2.5"), high=Decimal("6"))
    product = panel.ca_p_product(Decimal(70))
    assert (product.value, product.unit) == (Decimal("80.00"), "(mg/dL)²")
    assert product.above_threshold


def test_the_ca_p_product_in_mmol_l_is_shown_in_mmol_l_and_compared_converted():
    panel = LabPanelFactory()
    add_value(panel, "calcium", "2.5")
    add_value(panel, "phosphate", "2.4")
    product = panel.ca_p_product(ClinicalSettings.load().ca_p_threshold_mg)
    assert (product.value, product.unit) == (Decimal("6.00"), "(mmol/L)²")
    assert product.value_mg == Decimal("74.5")  # 2.5 × 4.008 × 2.4 × 3.097
    assert product.threshold == Decimal("5.64")  # 70 (mg/dL)² in (mmol/L)²
    assert product.above_threshold


def test_mixed_units_are_shown_in_mg_dl():
    panel = LabPanelFactory()
    add_value(panel, "calcium", "2.5")
    add_value(panel, "phosphate", "4.0", unit="mg/dL", low=Decimal("2.5"), high=Decimal("6"))
    product = panel.ca_p_product(Decimal(70))
    assert product.unit == "(mg/dL)²"
    assert not product.above_threshold


def test_no_product_without_both_values():
    panel = LabPanelFactory()
    add_value(panel, "calcium", "2.5")
    assert panel.ca_p_product(Decimal(70)) is None


def test_the_model_refuses_negative_values_wrong_units_and_inverted_intervals():
    panel = LabPanelFactory()
    value = add_value(panel, "alp", "100")
    value.value = Decimal(-1)
    with pytest.raises(ValidationError, match="cannot be negative"):
        value.full_clean()
    value.value, value.unit = Decimal(100), "mmol/L"
    with pytest.raises(ValidationError, match="in U/L"):
        value.full_clean()
    value.unit, value.reference_low, value.reference_high = "U/L", Decimal(200), Decimal(20)
    with pytest.raises(ValidationError, match="upper limit is below"):
        value.full_clean()


def test_values_and_intervals_are_shown_as_a_laboratory_prints_them():
    value = LabValue(value=Decimal("2.700"), reference_low=Decimal("0.800"),
                     reference_high=Decimal("2.000"))
    assert (value.value_display, value.interval_display) == ("2.7", "0.8–2")
    value.reference_low = None
    assert value.interval_display == "< 2"
