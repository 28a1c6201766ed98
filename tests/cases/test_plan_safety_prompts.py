"""Safety prompts at publishing: each fires, blocks publishing, and can be acknowledged."""

import importlib.util
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cases.models import Case, Drug, SafetyAcknowledgement
from cases.services.safety import (
    PromptNotApplicable,
    acknowledge_prompt,
    safety_prompts,
    unacknowledged_prompts,
)
from cases.services.treatment import PublishRefused, publish_plan
from tests.factories.cases import CaseFactory
from tests.factories.treatment import (
    PlanItemFactory,
    TreatmentPlanFactory,
    owner_text_read,
    publish,
)

pytestmark = pytest.mark.django_db


def codes(plan):
    owner_text_read(plan)
    return [prompt.code for prompt in safety_prompts(plan)]


def dmso():
    return Drug.objects.get(name__startswith="Dimethyl sulfoxide")


def prednisolone():
    return Drug.objects.get(name="Prednisolone")


def test_dmso_without_calcium_monitoring_prompts():
    plan = TreatmentPlanFactory(calcium_check_days=None)
    PlanItemFactory(plan=plan, kind="topical", drug=dmso(), frequency="sid")
    assert codes(plan) == ["dmso_without_calcium"]
    plan.calcium_check_days = 14
    assert codes(plan) == []


def test_continued_corticosteroids_on_a_glucocorticoid_excess_case_prompt():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="exogenous_glucocorticoids"))
    item = PlanItemFactory(plan=plan, kind="underlying_cause", drug=prednisolone(),
                           frequency="sid")
    assert codes(plan) == ["glucocorticoid_continued"]
    assert "Prednisolone is continued" in safety_prompts(plan)[0].message
    item.is_taper = True
    item.save()
    assert codes(plan) == []


def test_corticosteroids_on_a_case_with_another_cause_do_not_prompt():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="chronic_kidney_disease"))
    PlanItemFactory(plan=plan, drug=prednisolone(), frequency="sid")
    assert codes(plan) == []


def painful_exam(total=8, maximum=24, indicated=True):
    return SimpleNamespace(pain_total=total, pain_max=maximum, analgesia_indicated=indicated,
                           examined_on=date(2026, 11, 20))


def test_no_analgesia_after_a_pain_score_at_the_threshold_prompts(monkeypatch):
    plan = TreatmentPlanFactory()
    PlanItemFactory(plan=plan)
    monkeypatch.setattr(Case, "latest_pain_exam", lambda case: painful_exam(6), raising=False)
    assert codes(plan) == ["no_analgesia"]
    assert "6/24" in safety_prompts(plan)[0].message
    PlanItemFactory(plan=plan, kind="analgesia", description="Gabapentin as dispensed")
    assert codes(plan) == []


def test_a_pain_score_below_the_threshold_does_not_prompt(monkeypatch):
    plan = TreatmentPlanFactory()
    PlanItemFactory(plan=plan)
    monkeypatch.setattr(Case, "latest_pain_exam",
                        lambda case: painful_exam(4, 20, indicated=False), raising=False)
    assert codes(plan) == []


@pytest.mark.skipif(importlib.util.find_spec("cases.models.exams") is None,
                    reason="runs once the Exam model (cases branch) is merged")
def test_the_pain_prompt_reads_the_latest_scored_exam():
    from cases.models.exams import Exam

    plan = TreatmentPlanFactory()
    PlanItemFactory(plan=plan)
    Exam.objects.create(  # 0+2+1+2+0+0 = 5/24: below the intervention level
        case=plan.case, examined_on=date(2026, 11, 10), vet=plan.case.attending_vet,
        pain_vocalisation=0, pain_attention_to_wound=2, pain_mobility=1,
        pain_response_to_touch=2, pain_demeanour=0, pain_posture=0,
    )
    assert codes(plan) == []
    Exam.objects.create(  # 2+2+1+2+0+0 = 7/24: at or above it
        case=plan.case, examined_on=date(2026, 11, 20), vet=plan.case.attending_vet,
        pain_vocalisation=2, pain_attention_to_wound=2, pain_mobility=1,
        pain_response_to_touch=2, pain_demeanour=0, pain_posture=0,
    )
    assert codes(plan) == ["no_analgesia"]


def test_unacknowledged_prompts_block_publishing_until_acknowledged(vet):
    plan = TreatmentPlanFactory(calcium_check_days=None)
    PlanItemFactory(plan=plan, kind="topical", drug=dmso(), frequency="sid")
    owner_text_read(plan)
    with pytest.raises(PublishRefused) as refused:
        publish_plan(plan, vet)
    assert [p.code for p in refused.value.prompts] == ["dmso_without_calcium"]
    ack = acknowledge_prompt(plan, "dmso_without_calcium",
                             "Calcium checked at each weekly bandage change instead.", vet)
    assert (ack.acknowledged_by, ack.reason) == (
        vet, "Calcium checked at each weekly bandage change instead."
    )
    assert "DMSO" in ack.message
    assert unacknowledged_prompts(plan) == []
    publish(plan, vet)
    plan.refresh_from_db()
    assert plan.status == "published"
    assert plan.acknowledgements.count() == 1


def test_an_acknowledgement_needs_a_reason_and_a_prompt_that_applies(vet):
    plan = TreatmentPlanFactory(calcium_check_days=None)
    PlanItemFactory(plan=plan, kind="topical", drug=dmso(), frequency="sid")
    with pytest.raises(ValueError, match="reason"):
        acknowledge_prompt(plan, "dmso_without_calcium", "  ", vet)
    with pytest.raises(PromptNotApplicable):
        acknowledge_prompt(plan, "no_analgesia", "Because", vet)
    assert not SafetyAcknowledgement.objects.exists()


def test_dmso_dose_is_not_weight_based():
    assert not dmso().dosed_by_weight
    assert prednisolone().dose_min_mg_per_kg == Decimal("0.1")


def test_changing_an_item_after_the_owner_text_was_written_prompts(vet):
    plan = TreatmentPlanFactory()
    item = PlanItemFactory(plan=plan, description="Wash bedding", frequency="weekly")
    assert codes(plan) == []
    item.frequency = "sid"
    item.save()
    assert [p.code for p in safety_prompts(plan)] == ["owner_text_outdated"]
    with pytest.raises(PublishRefused):
        publish_plan(plan, vet)


def test_a_dose_from_an_older_weight_prompts_until_recalculated(vet):
    from cases.services.treatment import save_item
    from tests.factories.patients import WeightRecordFactory
    from tests.factories.treatment import strength, trilostane

    plan = TreatmentPlanFactory(acth_check_days="14,30,90")
    dog = plan.case.dog
    WeightRecordFactory(dog=dog, weight_kg=Decimal("33.8"), recorded_on=date(2026, 6, 1))
    item = PlanItemFactory.build(plan=plan, kind="underlying_cause", description="",
                                 drug=trilostane(), strength=strength(trilostane(), "10"),
                                 dose_mg_per_kg=Decimal("1"), frequency="sid")
    save_item(item, dog.latest_weight())
    assert codes(plan) == []
    WeightRecordFactory(dog=dog, weight_kg=Decimal("35.2"), recorded_on=date(2026, 11, 1))
    assert codes(plan) == ["dose_from_older_weight"]
    assert "latest is 35.2 kg (1 Nov 2026)" in safety_prompts(plan)[0].message
    save_item(item, dog.latest_weight())
    assert codes(plan) == []
