"""Safety prompts at publishing: each fires, blocks publishing, and can be acknowledged."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import Drug, SafetyAcknowledgement
from cases.services.safety import (
    PromptNotApplicable,
    acknowledge_prompt,
    safety_prompts,
    unacknowledged_prompts,
)
from cases.services.treatment import PublishRefused, publish_plan
from tests.factories.cases import CaseFactory, ExamFactory
from tests.factories.treatment import (
    PlanItemFactory,
    TreatmentPlanFactory,
    owner_text_read,
    prompt_codes,
    publish,
)

pytestmark = pytest.mark.django_db


def dmso():
    return Drug.objects.get(name__startswith="Dimethyl sulfoxide")


def prednisolone():
    return Drug.objects.get(name="Prednisolone")


def test_dmso_without_calcium_monitoring_prompts():
    plan = TreatmentPlanFactory(calcium_check_days=None)
    PlanItemFactory(plan=plan, kind="topical", drug=dmso(), frequency="sid")
    assert prompt_codes(plan) == ["dmso_without_calcium"]
    plan.calcium_check_days = 14
    assert prompt_codes(plan) == []


def test_continued_corticosteroids_on_a_glucocorticoid_excess_case_prompt():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="exogenous_glucocorticoids"))
    item = PlanItemFactory(plan=plan, kind="underlying_cause", drug=prednisolone(),
                           frequency="sid")
    assert prompt_codes(plan) == ["glucocorticoid_continued"]
    assert "Prednisolone is continued" in safety_prompts(plan)[0].message
    item.is_taper = True
    item.save()
    assert prompt_codes(plan) == []


def test_corticosteroids_on_a_case_with_another_cause_do_not_prompt():
    plan = TreatmentPlanFactory(case=CaseFactory(suspected_cause="chronic_kidney_disease"))
    PlanItemFactory(plan=plan, drug=prednisolone(), frequency="sid")
    assert prompt_codes(plan) == []


def scored_exam(plan, day, vocalisation=0, wound=0, mobility=0, touch=0, demeanour=0,
                posture=0, mobility_assessable=True):
    """A real exam with a Glasgow CMPS-SF score (the total is computed on save)."""
    return ExamFactory(
        case=plan.case, examined_on=date(2026, 11, day), pain_vocalisation=vocalisation,
        pain_attention_to_wound=wound, pain_mobility=mobility if mobility_assessable else None,
        pain_mobility_assessable=mobility_assessable, pain_response_to_touch=touch,
        pain_demeanour=demeanour, pain_posture=posture,
    )


def test_no_analgesia_after_a_pain_score_at_the_threshold_prompts():
    plan = TreatmentPlanFactory()
    PlanItemFactory(plan=plan)
    scored_exam(plan, 20, wound=2, mobility=1, touch=2, demeanour=1)  # 6/24
    assert prompt_codes(plan) == ["no_analgesia"]
    assert "6/24" in safety_prompts(plan)[0].message
    PlanItemFactory(plan=plan, kind="analgesia", description="Gabapentin as dispensed")
    assert prompt_codes(plan) == []


@pytest.mark.parametrize(("scores", "prompts"), [
    ({"wound": 2, "mobility": 1, "touch": 2}, []),  # 5/24: below 6/24
    ({"wound": 2, "mobility": 1, "touch": 2, "demeanour": 1}, ["no_analgesia"]),  # 6/24
    ({"wound": 2, "touch": 1, "mobility_assessable": False}, []),  # 3/20: below 5/20
    ({"wound": 2, "touch": 2, "demeanour": 1, "mobility_assessable": False},
     ["no_analgesia"]),  # 5/20: the threshold without mobility
])
def test_a_pain_score_prompts_from_the_intervention_level_and_not_below(scores, prompts):
    plan = TreatmentPlanFactory()
    PlanItemFactory(plan=plan)
    scored_exam(plan, 20, **scores)
    assert prompt_codes(plan) == prompts


def test_the_pain_prompt_reads_the_latest_scored_exam():
    plan = TreatmentPlanFactory()
    PlanItemFactory(plan=plan)
    scored_exam(plan, 10, vocalisation=2, wound=2, mobility=1, touch=2)  # 7/24
    assert prompt_codes(plan) == ["no_analgesia"]
    scored_exam(plan, 20, wound=2, mobility=1, touch=2)  # 5/24, and the latest
    assert prompt_codes(plan) == []


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
    assert prompt_codes(plan) == []
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
    assert prompt_codes(plan) == []
    WeightRecordFactory(dog=dog, weight_kg=Decimal("35.2"), recorded_on=date(2026, 11, 1))
    assert prompt_codes(plan) == ["dose_from_older_weight"]
    assert "latest is 35.2 kg (1 Nov 2026)" in safety_prompts(plan)[0].message
    save_item(item, dog.latest_weight())
    assert prompt_codes(plan) == []
