"""Issue 12 point 9: the safety prompts a dermatologist would want before publishing —
trilostane for a steroid-caused case or without its checks, an NSAID with a steroid or
in kidney disease, DMSO over a high calcium. Each blocks publishing until acknowledged."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cases.models import ClinicalSettings, Drug, SteroidCourse
from cases.services.safety import acknowledge_prompt, safety_prompts, unacknowledged_prompts
from cases.services.treatment import PublishRefused, publish_plan
from tests.factories.cases import CaseFactory
from tests.factories.diagnostics import LabPanelFactory, add_value
from tests.factories.treatment import (
    PlanItemFactory,
    TreatmentPlanFactory,
    owner_text_read,
    prompt_codes,
    trilostane,
)

pytestmark = pytest.mark.django_db


def drug(name):
    return Drug.objects.get(name__startswith=name)


def add(plan, name, **fields):
    return PlanItemFactory(plan=plan, kind=fields.pop("kind", "other"), description="",
                           drug=drug(name), frequency=fields.pop("frequency", "sid"), **fields)


def test_trilostane_for_a_steroid_caused_case_prompts():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="exogenous_glucocorticoids"),
                                acth_check_days="14,30,90")
    add(plan, "Trilostane", kind="underlying_cause")
    assert prompt_codes(plan) == ["trilostane_for_steroid_cause"]
    assert "does not treat it" in safety_prompts(plan)[0].message
    plan.case.suspected_cause = "hyperadrenocorticism"
    plan.case.save()
    assert prompt_codes(plan) == []


def test_trilostane_without_its_acth_checks_prompts_and_blocks_publishing(vet):
    plan = TreatmentPlanFactory(acth_check_days="")
    add(plan, "Trilostane", kind="underlying_cause")
    assert prompt_codes(plan) == ["trilostane_without_monitoring"]
    with pytest.raises(PublishRefused) as refused:
        publish_plan(plan, vet)
    assert [p.code for p in refused.value.prompts] == ["trilostane_without_monitoring"]
    acknowledge_prompt(plan, "trilostane_without_monitoring",
                       "Checks booked at the referral centre.", vet)
    assert unacknowledged_prompts(plan) == []


def test_an_nsaid_with_a_glucocorticoid_on_the_plan_prompts():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="idiopathic"))
    add(plan, "Meloxicam", kind="analgesia")
    assert prompt_codes(plan) == []
    add(plan, "Prednisolone", is_taper=True, end_date=timezone.localdate())
    assert prompt_codes(plan) == ["nsaid_with_glucocorticoid"]
    assert "Meloxicam (an NSAID) together with a glucocorticoid (Prednisolone)" in \
        safety_prompts(plan)[0].message


def test_an_nsaid_with_a_steroid_still_given_per_the_history_prompts(vet):
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="idiopathic"))
    add(plan, "Meloxicam", kind="analgesia")
    today = timezone.localdate()
    SteroidCourse.objects.create(case=plan.case, drug="Ear drops with a steroid",
                                 route="ear", started_on=today, recorded_by=vet)
    assert prompt_codes(plan) == []  # an ear product is not a systemic steroid
    SteroidCourse.objects.create(case=plan.case, drug="Methylprednisolone (depot)",
                                 route="depot", started_on=today - timedelta(days=10),
                                 recorded_by=vet)
    assert prompt_codes(plan) == ["nsaid_with_glucocorticoid"]
    assert "Methylprednisolone (depot)" in safety_prompts(plan)[0].message


def test_an_nsaid_in_kidney_disease_prompts():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="chronic_kidney_disease"))
    add(plan, "Meloxicam", kind="analgesia")
    assert prompt_codes(plan) == ["nsaid_kidney"]
    assert "chronic kidney disease" in safety_prompts(plan)[0].message


def test_an_nsaid_with_azotaemia_on_the_latest_panel_prompts():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="idiopathic"))
    add(plan, "Meloxicam", kind="analgesia")
    today = timezone.localdate()
    older = LabPanelFactory(case=plan.case, collected_on=today - timedelta(days=30),
                            reported_on=today - timedelta(days=29))
    add_value(older, "creatinine", "210")
    latest = LabPanelFactory(case=plan.case)
    add_value(latest, "creatinine", "98")
    assert prompt_codes(plan) == []  # the latest panel is within its interval
    add_value(latest, "urea", "15.2")
    assert prompt_codes(plan) == ["nsaid_kidney"]
    assert "urea 15.2 mmol/L" in safety_prompts(plan)[0].message


def test_a_panel_still_awaited_does_not_count():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="idiopathic"))
    add(plan, "Meloxicam", kind="analgesia")
    pending = LabPanelFactory(case=plan.case, reported_on=None)
    add_value(pending, "creatinine", "300")
    assert prompt_codes(plan) == []


def test_dmso_over_a_high_calcium_prompts():
    plan = TreatmentPlanFactory(calcium_check_days=14)
    add(plan, "Dimethyl sulfoxide", kind="topical", route="topical")
    panel = LabPanelFactory(case=plan.case)
    add_value(panel, "calcium", "2.6")
    assert prompt_codes(plan) == []
    panel.values.update(value=Decimal("3.2"))
    assert prompt_codes(plan) == ["dmso_with_high_calcium"]
    assert "calcium 3.2 mmol/L is above its interval" in safety_prompts(plan)[0].message


def test_dmso_over_a_ca_x_p_above_the_clinics_threshold_prompts():
    plan = TreatmentPlanFactory(calcium_check_days=14)
    add(plan, "Dimethyl sulfoxide", kind="topical", route="topical")
    panel = LabPanelFactory(case=plan.case)
    add_value(panel, "calcium", "2.8")  # 11.2 mg/dL
    add_value(panel, "phosphate", "1.9")  # 5.9 mg/dL: Ca × P 66 (mg/dL)²
    assert prompt_codes(plan) == []
    settings = ClinicalSettings.load()
    settings.ca_p_threshold_mg = 60
    settings.save()
    assert prompt_codes(plan) == ["dmso_with_high_calcium"]
    assert "above the clinic's threshold" in safety_prompts(plan)[0].message


def test_trilostane_on_a_steroid_caused_case_can_only_be_published_with_a_reason(vet):
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="exogenous_glucocorticoids"),
                                acth_check_days="14,30,90")
    PlanItemFactory(plan=plan, kind="underlying_cause", description="", drug=trilostane(),
                    frequency="sid")
    owner_text_read(plan)
    with pytest.raises(PublishRefused):
        publish_plan(plan, vet)
    with pytest.raises(ValueError, match="reason"):
        acknowledge_prompt(plan, "trilostane_for_steroid_cause", "", vet)
