"""Issue 12: the ACTH monitoring series restarts with any change in the mg given; a
steroid taper ends with an ACTH stimulation test; the ACTH check is its own appointment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cases.models import ClinicalSettings, Drug, FollowUp
from cases.services.treatment import new_version, recompose_owner_text, save_item
from clinic.scheduling.services.proposals import type_for_follow_up
from tests.factories.cases import CaseFactory
from tests.factories.patients import WeightRecordFactory
from tests.factories.treatment import PlanItemFactory, publish, strength, trilostane

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(owner_a, vet):
    dog = owner_a.dogs.get()
    WeightRecordFactory(dog=dog, weight_kg=Decimal("13.6"), recorded_on=date(2026, 6, 1))
    return CaseFactory(dog=dog, attending_vet=vet)


def publish_trilostane_plan(case, vet, frequency="sid", mg_per_kg="2.2"):
    plan = new_version(case, vet)
    item = PlanItemFactory.build(
        plan=plan, kind="underlying_cause", description="", drug=trilostane(),
        strength=strength(trilostane(), "30"), dose_mg_per_kg=Decimal(mg_per_kg),
        route="oral", frequency=frequency,
    )
    save_item(item, case.dog.latest_weight())
    plan.refresh_from_db()
    recompose_owner_text(plan)
    return publish(plan, vet)


def due_acth_checks(case):
    return list(case.follow_ups.filter(kind="acth_stimulation", status="due")
                .order_by("due_on"))


def test_a_new_weight_that_changes_the_mg_given_restarts_the_acth_checks(case, vet):
    publish_trilostane_plan(case, vet)  # 13.6 kg × 2.2 = 29.9 mg → 1 capsule, 30 mg
    first_series = due_acth_checks(case)
    WeightRecordFactory(dog=case.dog, weight_kg=Decimal("27.3"),
                        recorded_on=timezone.localdate())
    revised = new_version(case, vet)
    item = revised.items.get()
    save_item(item, case.dog.latest_weight())  # same 2.2 mg/kg: 60 mg, 2 capsules
    assert item.given_mg == Decimal("60")
    publish(revised, vet)
    checks = due_acth_checks(case)
    today = timezone.localdate()
    assert 10 <= (checks[0].due_on - today).days <= 14
    assert [c.due_on for c in checks] == [today + timedelta(days=d) for d in (14, 30, 90)]
    assert all(c.status == "due" for c in checks)
    for old in first_series:
        old.refresh_from_db()
        assert old.status == FollowUp.Status.CANCELLED


def test_a_new_weight_that_leaves_the_mg_given_alone_keeps_the_series(case, vet):
    publish_trilostane_plan(case, vet)
    first_series = due_acth_checks(case)
    WeightRecordFactory(dog=case.dog, weight_kg=Decimal("13.9"),
                        recorded_on=timezone.localdate())  # 30.6 mg → still 1 capsule
    revised = new_version(case, vet)
    save_item(revised.items.get(), case.dog.latest_weight())
    publish(revised, vet)
    assert due_acth_checks(case) == first_series


def test_the_same_mg_twice_a_day_instead_of_once_restarts_the_series(case, vet):
    publish_trilostane_plan(case, vet)
    revised = new_version(case, vet)
    item = revised.items.get()
    item.frequency, item.dose_mg_per_kg = "bid", Decimal("2.2")  # 30 mg a dose, 60 a day
    save_item(item, case.dog.latest_weight())
    publish(revised, vet)
    assert case.follow_ups.filter(kind="acth_stimulation", status="cancelled").count() == 3


def test_the_stable_interval_after_the_series_is_the_clinics(case, vet):
    settings = ClinicalSettings.load()
    settings.trilostane_stable_check_days = 84
    settings.save()
    publish_trilostane_plan(case, vet)
    assert [c.repeat_every_days for c in due_acth_checks(case)] == [None, None, 84]


def prednisolone_step(plan, start, days, mg_per_kg, frequency="sid"):
    drug = Drug.objects.get(name="Prednisolone")
    item = PlanItemFactory.build(
        plan=plan, kind="underlying_cause", description="", drug=drug,
        strength=strength(drug, "5"), dose_mg_per_kg=Decimal(mg_per_kg), route="oral",
        frequency=frequency, is_taper=True, start_date=start,
        end_date=start + timedelta(days=days - 1),
    )
    return save_item(item, plan.case.dog.latest_weight())


def test_the_end_of_a_taper_makes_an_acth_stimulation_test_due(owner_a, vet):
    dog = owner_a.dogs.get()
    WeightRecordFactory(dog=dog, weight_kg=Decimal("20"))
    case = CaseFactory(dog=dog, attending_vet=vet, suspected_cause="exogenous_glucocorticoids")
    plan = new_version(case, vet)
    today = timezone.localdate()
    prednisolone_step(plan, today, 14, "0.5")
    prednisolone_step(plan, today + timedelta(days=14), 14, "0.25")
    last = prednisolone_step(plan, today + timedelta(days=28), 14, "0.25", "eod")
    plan.refresh_from_db()
    recompose_owner_text(plan)
    publish(plan, vet)
    test = case.follow_ups.get(kind="acth_stimulation")
    days_after = ClinicalSettings.load().taper_acth_check_days
    assert test.due_on == last.end_date + timedelta(days=days_after)
    assert "end of the steroid taper" in test.reason
    publish(new_version(case, vet), vet)  # the same taper again: still one test
    assert case.follow_ups.filter(kind="acth_stimulation", status="due").count() == 1


def test_a_taper_step_needs_an_end_date(owner_a, vet):
    from django.core.exceptions import ValidationError

    from tests.factories.treatment import TreatmentPlanFactory

    plan = TreatmentPlanFactory()
    item = PlanItemFactory.build(plan=plan, description="Prednisolone", is_taper=True)
    with pytest.raises(ValidationError, match="last day of this step"):
        item.full_clean()


def test_an_acth_check_books_its_own_hour_long_appointment_with_food(case):
    follow_up = FollowUp.objects.create(case=case, kind="acth_stimulation",
                                        due_on=timezone.localdate())
    appointment_type = type_for_follow_up(follow_up)
    assert appointment_type.name == "ACTH stimulation test"
    assert appointment_type.default_minutes >= 60
    assert "morning dose with food" in appointment_type.what_to_bring
    assert "4–6 hours later" in appointment_type.what_to_bring
    assert "skip breakfast" not in appointment_type.what_to_bring
