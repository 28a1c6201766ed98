"""Entering lab panels, the list with flags and Ca × P, trends, and what is refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Analyte, LabPanel, LabValue
from cases.views.labs import trend_charts
from tests.factories.diagnostics import LabPanelFactory, add_value

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def panel_data(rows, **panel):
    data = {
        "kind": "serum_chemistry", "collected_on": TODAY().isoformat(),
        "reported_on": TODAY().isoformat(), **panel,
        "values-TOTAL_FORMS": str(len(rows)), "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0", "values-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        code, value = row[0], row[1]
        data[f"values-{index}-analyte"] = Analyte.objects.get(code=code).pk
        data[f"values-{index}-value"] = value
        for key, extra in zip(("unit", "reference_low", "reference_high"), row[2:], strict=False):
            data[f"values-{index}-{key}"] = extra
    return data


def post(client, case, data):
    return client.post(reverse("cases:lab_panel_create", args=[case.pk]), data)


def test_the_new_panel_form_offers_the_analytes_of_its_kind(vet_client, case):
    response = vet_client.get(reverse("cases:lab_panel_create", args=[case.pk]) + "?kind=lddst")
    rows = response.context["values"].forms
    codes = {Analyte.objects.get(pk=f.initial["analyte"]).code for f in rows if f.initial}
    assert codes == {"cortisol_lddst_0h", "cortisol_lddst_4h", "cortisol_lddst_8h"}


def test_it_saves_a_panel_with_default_units_and_intervals_and_flags_it(vet_client, case):
    response = post(vet_client, case, panel_data([("alp", "480"), ("calcium", "10.4", "mg/dL"),
                                                  ("phosphate", "1.2")]))
    assert response.status_code == 302
    panel = LabPanel.objects.get()
    alp = panel.values.get(analyte__code="alp")
    assert (alp.unit, alp.reference_high, alp.flag) == ("U/L", Decimal("150.000"), "high")
    calcium = panel.values.get(analyte__code="calcium")
    # the default mmol/L interval, converted to the unit entered
    assert (calcium.unit, calcium.reference_low, calcium.reference_high) == (
        "mg/dL", Decimal("8.820"), Decimal("11.620"))
    page = vet_client.get(response.url).content.decode()
    assert "High" in page
    assert "Ca × P product" in page


@pytest.mark.parametrize(("row", "field", "message"), [
    (("alp", "lots"), "value", "Enter a number"),
    (("calcium", "-2.1"), "value", "cannot be negative"),
    (("alp", "100", "U/L", "200", "20"), "reference_high", "upper limit is below"),
    (("alp", "100", "mg/dL"), "unit", "in U/L"),
])
def test_bad_values_are_refused_on_their_field_and_nothing_saved(
    vet_client, case, row, field, message
):
    response = post(vet_client, case, panel_data([row]))
    assert response.status_code == 200
    errors = response.context["values"].forms[0].errors
    assert message in str(errors[field])
    assert not LabPanel.objects.exists()


def test_a_report_date_before_collection_is_refused_on_its_field(vet_client, case):
    response = post(vet_client, case, panel_data(
        [("alp", "100")], reported_on=(TODAY() - timedelta(days=3)).isoformat()))
    assert "before collection" in str(response.context["form"].errors["reported_on"])
    assert not LabPanel.objects.exists()


def test_the_same_analyte_twice_is_refused(vet_client, case):
    response = post(vet_client, case, panel_data([("alp", "100"), ("alp", "120")]))
    assert response.status_code == 200
    assert not LabPanel.objects.exists()


def test_the_panel_list_warns_above_the_clinics_threshold_without_saying_diagnostic(
    vet_client, case
):
    panel = LabPanelFactory(case=case)
    add_value(panel, "calcium", "2.6")
    add_value(panel, "phosphate", "2.9")
    page = vet_client.get(reverse("cases:lab_panel_list", args=[case.pk])).content.decode()
    assert "above the clinic's threshold" in page.replace("&#x27;", "'")
    assert "(mmol/L)²" in page
    assert "no validated canine cut-off exists" in page
    assert "diagnostic" not in page.lower().replace("diagnostics", "")


def test_trends_use_one_unit_per_analyte_and_show_the_threshold(case):
    first = LabPanelFactory(case=case, collected_on=TODAY() - timedelta(days=40),
                            reported_on=TODAY() - timedelta(days=39))
    add_value(first, "calcium", "10.02", unit="mg/dL", low=Decimal(9), high=Decimal("11.6"))
    add_value(first, "phosphate", "1.5")
    second = LabPanelFactory(case=case)
    add_value(second, "calcium", "2.6")
    add_value(second, "alp", "300")
    charts = {chart["id"]: chart["spec"] for chart in trend_charts(case, case.attending_vet)}
    assert charts["trend-calcium"]["y_label"] == "mmol/L"
    assert [p["y"] for p in charts["trend-calcium"]["datasets"][0]["data"]] == [2.5, 2.6]
    assert charts["trend-alp"]["datasets"][0]["data"] == [
        {"x": second.collected_on.isoformat(), "y": 300.0}]
    # Mixed unit systems: the product falls back to (mg/dL)² against the threshold of 70.
    assert charts["trend-ca-p"]["y_label"] == "(mg/dL)²"
    assert {p["y"] for p in charts["trend-ca-p"]["threshold"]["data"]} == {70.0}
    assert "trend-urea" not in charts


def test_trends_shade_the_reference_interval(case):
    panel = LabPanelFactory(case=case)
    value = add_value(panel, "calcium", "2.6")
    analyte = value.analyte
    spec = {chart["id"]: chart["spec"] for chart in trend_charts(case, case.attending_vet)}
    assert spec["trend-calcium"]["band"] == {
        "label": "Reference interval", "low": float(analyte.reference_low),
        "high": float(analyte.reference_high)}


def test_the_ca_p_trend_uses_the_unit_system_of_the_lab_pages(case):
    for days_ago, calcium, phosphate in ((30, "2.6", "1.9"), (1, "2.7", "2.9")):
        day = TODAY() - timedelta(days=days_ago)
        panel = LabPanelFactory(case=case, collected_on=day, reported_on=day)
        add_value(panel, "calcium", calcium)
        add_value(panel, "phosphate", phosphate)
    spec = {chart["id"]: chart["spec"] for chart in trend_charts(case, case.attending_vet)}
    product = spec["trend-ca-p"]
    assert product["y_label"] == "(mmol/L)²"
    assert [p["y"] for p in product["datasets"][0]["data"]] == [4.94, 7.83]
    threshold = {p["y"] for p in product["threshold"]["data"]}
    assert len(threshold) == 1
    assert 5.0 < threshold.pop() < 6.0  # 70 (mg/dL)² in (mmol/L)²


def test_the_trends_page_and_the_list_keep_their_query_counts(
    vet_client, case, django_assert_max_num_queries
):
    def add_panel(days_ago):
        panel = LabPanelFactory(case=case, collected_on=TODAY() - timedelta(days=days_ago),
                                reported_on=TODAY() - timedelta(days=days_ago))
        for code, value in (("calcium", "2.5"), ("phosphate", "1.6"), ("alp", "200"),
                            ("urea", "6"), ("creatinine", "100")):
            add_value(panel, code, value)

    add_panel(30)
    urls = [reverse("cases:lab_trends", args=[case.pk]),
            reverse("cases:lab_panel_list", args=[case.pk])]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(15) as captured:
            vet_client.get(url)
        counts.append(len(captured.captured_queries))
    for days in (20, 10, 5, 1):
        add_panel(days)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert vet_client.get(url).status_code == 200
    assert LabValue.objects.count() == 25


def test_reception_cannot_open_lab_results(reception_client, case):
    assert reception_client.get(reverse("cases:lab_panel_list", args=[case.pk])).status_code \
        == 403
