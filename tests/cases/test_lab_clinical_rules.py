"""Lab values judged by the clinical rule that applies: a trilostane monitoring ACTH test by
the Vetoryl label's action bands (not the diagnostic interval), creatinine and UPC by IRIS
staging; the work-up analytes exist; the Na:K ratio is computed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Analyte, ClinicalSettings, LabPanel
from cases.timeline import case_timeline
from tests.cases.test_lab_pages import panel_data, post
from tests.factories.diagnostics import CaseFactory, LabPanelFactory, add_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(vet, owner_a):
    return CaseFactory(dog=owner_a.dogs.get(), attending_vet=vet)


def monitoring_panel(case, **fields):
    timing = {"hours_after_dose": Decimal(5), "dose_given_with_food": True, **fields}
    return LabPanelFactory(case=case, kind="acth_stimulation", acth_purpose="monitoring",
                           **timing)


def judge(panel, code, value):
    return add_value(panel, code, value).judge(ClinicalSettings.load())


@pytest.mark.parametrize(("cortisol", "level", "words"), [
    ("30", "danger", "stop trilostane"),
    ("40", "ok", "good control"),
    ("120", "ok", "good control"),
    ("150", "ok", "good control"),
    ("200", "warning", "depends on clinical signs"),
    ("250", "warning", "depends on clinical signs"),
    ("260", "warning", "consider increasing"),
])
def test_a_monitoring_post_acth_cortisol_is_judged_by_the_label_bands(case, cortisol, level,
                                                                      words):
    judgement = judge(monitoring_panel(case), "cortisol_post_acth", cortisol)
    assert (judgement.level, judgement.replaces_interval) == (level, True)
    assert words in judgement.text


def test_good_control_is_not_flagged_low_on_the_page_or_the_timeline(vet, vet_client, case):
    panel = monitoring_panel(case)
    add_value(panel, "cortisol_basal", "25")
    add_value(panel, "cortisol_post_acth", "95")  # below the diagnostic interval's 200
    page = vet_client.get(reverse("cases:lab_panel_detail", args=[case.pk, panel.pk]))
    text = page.content.decode()
    assert "good control, continue the dose" in text
    assert ">Low<" not in text
    assert "Trilostane monitoring test" in text
    [entry] = case_timeline(case, vet, kinds={"lab"})
    assert entry.extra["flagged"] == []


def test_a_diagnostic_acth_test_keeps_the_diagnostic_interval(vet_client, case):
    panel = LabPanelFactory(case=case, kind="acth_stimulation", acth_purpose="diagnostic")
    value = add_value(panel, "cortisol_post_acth", "95")
    assert value.flag == "low"
    assert value.judge(ClinicalSettings.load()) is None
    page = vet_client.get(reverse("cases:lab_panel_detail", args=[case.pk, panel.pk]))
    assert ">Low<" in page.content.decode()


def test_an_over_suppressed_dog_is_a_danger_on_the_timeline(vet, case):
    add_value(monitoring_panel(case), "cortisol_post_acth", "28")
    [entry] = case_timeline(case, vet, kinds={"lab"})
    assert "stop trilostane" in entry.extra["flagged"][0]


def test_the_bands_are_the_clinics_settings(case):
    rules = ClinicalSettings.load()
    rules.acth_good_control_up_to = Decimal(120)
    rules.save()
    assert judge(monitoring_panel(case), "cortisol_post_acth", "130").level == "warning"


def test_the_settings_refuse_bands_out_of_order():
    rules = ClinicalSettings.load()
    rules.acth_good_control_up_to = Decimal(30)
    with pytest.raises(ValidationError, match="above the one before"):
        rules.full_clean()


def test_a_test_timed_outside_the_label_window_carries_a_caveat(vet_client, case):
    panel = monitoring_panel(case, hours_after_dose=Decimal(8), dose_given_with_food=False)
    assert "8 hours after the dose" in panel.timing_caveat
    assert "not given with food" in panel.timing_caveat
    page = vet_client.get(reverse("cases:lab_panel_detail", args=[case.pk, panel.pk]))
    assert "Interpret with care" in page.content.decode()


def test_a_monitoring_panel_starts_with_cortisol_sodium_and_potassium(vet_client, case):
    url = reverse("cases:lab_panel_create", args=[case.pk])
    response = vet_client.get(url + "?kind=acth_stimulation&purpose=monitoring")
    codes = {Analyte.objects.get(pk=f.initial["analyte"]).code
             for f in response.context["values"].forms if f.initial}
    assert codes == {"cortisol_basal", "cortisol_post_acth", "sodium", "potassium"}
    diagnostic = vet_client.get(url + "?kind=acth_stimulation&purpose=diagnostic")
    codes = {Analyte.objects.get(pk=f.initial["analyte"]).code
             for f in diagnostic.context["values"].forms if f.initial}
    assert codes == {"cortisol_basal", "cortisol_post_acth"}


@pytest.mark.parametrize(("answers", "field", "message"), [
    ({}, "acth_purpose", "diagnostic or monitors trilostane"),
    ({"acth_purpose": "monitoring", "dose_given_with_food": "true"}, "hours_after_dose",
     "hours between the last trilostane dose"),
    ({"acth_purpose": "monitoring", "hours_after_dose": "5"}, "dose_given_with_food",
     "given with food"),
    ({"acth_purpose": "monitoring", "hours_after_dose": "five",
      "dose_given_with_food": "true"}, "hours_after_dose", "Enter a number"),
    ({"acth_purpose": "monitoring", "hours_after_dose": "-1",
      "dose_given_with_food": "true"}, "hours_after_dose", "greater than or equal to 0"),
])
def test_an_acth_panel_refuses_missing_answers_next_to_the_field(vet_client, case, answers,
                                                                  field, message):
    data = panel_data([("cortisol_post_acth", "95")], kind="acth_stimulation",
                      notes="Keep me", **answers)
    response = post(vet_client, case, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Keep me" in response.content.decode()
    assert not LabPanel.objects.exists()


def test_a_monitoring_panel_is_saved_with_its_timing(vet_client, case):
    data = panel_data([("cortisol_post_acth", "95"), ("sodium", "146"), ("potassium", "4.6")],
                      kind="acth_stimulation", acth_purpose="monitoring",
                      hours_after_dose="4.5", dose_given_with_food="true")
    assert post(vet_client, case, data).status_code == 302
    panel = LabPanel.objects.get()
    assert (panel.hours_after_dose, panel.dose_given_with_food) == (Decimal("4.5"), True)
    assert "trilostane monitoring" in str(panel)


def test_acth_answers_do_not_stick_to_another_kind_of_panel(vet_client, case):
    data = panel_data([("alp", "100")], acth_purpose="monitoring", hours_after_dose="x")
    assert post(vet_client, case, data).status_code == 302
    panel = LabPanel.objects.get()
    assert (panel.acth_purpose, panel.hours_after_dose) == ("", None)


def test_the_na_k_ratio_is_computed_and_warns_below_the_clinics_threshold(vet_client, case):
    panel = monitoring_panel(case)
    add_value(panel, "sodium", "140")
    add_value(panel, "potassium", "6.0")
    ratio = panel.na_k_ratio(ClinicalSettings.load().na_k_ratio_warn_below)
    assert (ratio.value, ratio.low) == (Decimal("23.3"), True)
    page = vet_client.get(reverse("cases:lab_panel_detail", args=[case.pk, panel.pk]))
    assert "Na:K ratio: 23.3" in page.content.decode()


@pytest.mark.parametrize(("creatinine", "level", "words"), [
    ("100", "ok", "Below the IRIS stage 2"),
    ("128", "warning", "IRIS stage 2"),  # inside the laboratory's 44–133 interval
    ("300", "danger", "IRIS stage 3"),
    ("500", "danger", "IRIS stage 4"),
])
def test_creatinine_is_staged_by_iris_not_only_the_interval(case, creatinine, level, words):
    judgement = judge(LabPanelFactory(case=case), "creatinine", creatinine)
    assert judgement.level == level
    assert words in judgement.text
    assert not judgement.replaces_interval


@pytest.mark.parametrize(("upc", "level", "words"), [
    ("0.1", "ok", "Non-proteinuric"),
    ("0.2", "warning", "Borderline"),
    ("0.4", "warning", "Borderline"),  # inside the 0–0.5 interval
    ("0.8", "danger", "Proteinuric"),
])
def test_upc_is_substaged_by_iris(case, upc, level, words):
    judgement = judge(LabPanelFactory(case=case, kind="urinalysis"), "upc", upc)
    assert judgement.level == level
    assert words in judgement.text


def test_a_borderline_creatinine_shows_on_the_page_and_timeline(vet, vet_client, case):
    panel = LabPanelFactory(case=case)
    add_value(panel, "creatinine", "128")
    page = vet_client.get(reverse("cases:lab_panel_detail", args=[case.pk, panel.pk]))
    assert "IRIS stage 2 range" in page.content.decode()
    [entry] = case_timeline(case, vet, kinds={"lab"})
    assert "IRIS stage 2" in entry.extra["flagged"][0]


def test_the_work_up_analytes_exist_with_ionised_calcium_in_either_unit(vet_client, case):
    codes = set(Analyte.objects.values_list("code", flat=True))
    assert {"ionised_calcium", "pth", "pthrp", "vitamin_d_25oh", "sdma", "sodium",
            "potassium"} <= codes
    response = post(vet_client, case, panel_data([("ionised_calcium", "5.2", "mg/dL")]))
    assert response.status_code == 302
    value = LabPanel.objects.get().values.get()
    assert (value.unit, value.reference_low) == ("mg/dL", Decimal("4.730"))


@pytest.mark.parametrize("name", [
    "admin:cases_analyte_changelist", "admin:cases_labpanel_changelist",
    "admin:cases_homeobservation_changelist",
])
def test_the_administrator_sees_the_new_fields(admin_client_, name):
    ClinicalSettings.load()
    assert admin_client_.get(reverse(name)).status_code == 200
    page = admin_client_.get(reverse("admin:cases_clinicalsettings_change", args=[1]))
    assert "Vetoryl label" in page.content.decode()
    assert "IRIS 2023" in page.content.decode()
