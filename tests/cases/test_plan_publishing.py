"""Publishing, superseding, revising, what changed, and the follow-ups a plan makes due."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from cases.models import ClinicalSettings, FollowUp, PlanNotEditable, TreatmentPlan
from cases.services.treatment import PublishRefused, new_version, publish_plan, save_item
from tests.factories.patients import WeightRecordFactory
from tests.factories.treatment import (
    PlanItemFactory,
    TreatmentPlanFactory,
    publish,
    strength,
    trilostane,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(case):
    """The shared case, its dog weighed (doses are worked out from the weight)."""
    WeightRecordFactory(dog=case.dog, weight_kg=Decimal("35.2"))
    return case


def add_trilostane(plan, mg_per_kg="1"):
    item = PlanItemFactory.build(
        plan=plan, kind="underlying_cause", description="", drug=trilostane(),
        strength=strength(trilostane(), "30"), dose_mg_per_kg=Decimal(mg_per_kg),
        route="oral", frequency="sid",
    )
    item = save_item(item, plan.case.dog.latest_weight())
    plan.refresh_from_db()  # the monitoring intervals the drug needs were filled in
    return item


def add_dmso(plan):
    from cases.models import Drug

    dmso = Drug.objects.get(name__startswith="Dimethyl sulfoxide")
    item = PlanItemFactory.build(plan=plan, kind="topical", description="", drug=dmso,
                                 route="topical", frequency="sid", body_site="dorsal_neck")
    return save_item(item, None)


def test_a_new_plan_takes_the_clinics_recheck_interval(case, vet):
    settings = ClinicalSettings.load()
    settings.recheck_interval_days = 28
    settings.save()
    plan = new_version(case, vet)
    assert (plan.version, plan.status, plan.recheck_interval_days) == (1, "draft", 28)


def test_it_publishes_a_draft_and_makes_it_the_current_plan(case, vet):
    plan = new_version(case, vet)
    add_trilostane(plan)
    plan.refresh_from_db()
    plan.owner_instructions = "Give one capsule each morning with food."
    plan.save()
    assert case.current_plan() is None
    publish(plan, vet)
    plan.refresh_from_db()
    assert plan.status == "published"
    assert plan.published_by == vet
    assert case.current_plan() == plan
    assert plan.changes == ["First version of the plan."]


def test_it_refuses_to_publish_an_empty_plan(case, vet):
    plan = new_version(case, vet)
    with pytest.raises(PublishRefused, match="empty plan"):
        publish_plan(plan, vet)


def test_it_refuses_to_publish_without_owner_instructions(case, vet):
    plan = new_version(case, vet)
    add_trilostane(plan)
    with pytest.raises(PublishRefused, match="care instructions"):
        publish_plan(plan, vet)


def test_a_revision_copies_the_items_and_supersedes_on_publish_with_what_changed(case, vet):
    first = TreatmentPlanFactory(case=case, version=1)
    add_trilostane(first, "1")
    publish(first, vet)
    draft = new_version(case, vet)
    assert draft.version == 2
    assert draft.items.count() == 1
    assert new_version(case, vet) == draft  # one draft at a time
    item = draft.items.get()
    item.dose_mg_per_kg = Decimal("2")
    save_item(item, case.dog.latest_weight())
    PlanItemFactory(plan=draft, description="Wash bedding weekly")
    publish(draft, vet)
    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.status == "superseded"
    assert first.superseded_at is not None
    assert case.current_plan() == draft
    assert "Changed Trilostane: dose, amount per dose." in draft.changes
    assert "Added: Wash bedding weekly." in draft.changes


def test_it_records_removed_items_and_changed_instructions(case, vet):
    first = TreatmentPlanFactory(case=case, version=1)
    PlanItemFactory(plan=first, description="Chlorhexidine wipes")
    publish(first, vet)
    draft = new_version(case, vet)
    draft.items.all().delete()
    PlanItemFactory(plan=draft, description="Wash bedding")
    draft.owner_instructions = "New words."
    draft.save()
    publish(draft, vet)
    draft.refresh_from_db()
    assert "Removed: Chlorhexidine wipes." in draft.changes
    assert "Changed the owner's care instructions." in draft.changes


def test_a_published_plan_cannot_be_edited(case, vet):
    plan = TreatmentPlanFactory(case=case)
    item = PlanItemFactory(plan=plan)
    publish(plan, vet)
    plan.refresh_from_db()
    item.description = "Changed after publishing"
    with pytest.raises(PlanNotEditable):
        save_item(item, None)
    with pytest.raises(PlanNotEditable):
        publish_plan(plan, vet)


def test_the_database_allows_one_published_plan_per_case(case, vet):
    TreatmentPlanFactory(case=case, status="published", published_at=timezone.now())
    with pytest.raises(IntegrityError):
        TreatmentPlanFactory(case=case, status="published", published_at=timezone.now())


def test_drafts_are_never_published_or_current(case, vet, owner_a):
    TreatmentPlanFactory(case=case)
    assert not TreatmentPlan.objects.published().exists()
    assert case.current_plan() is None
    assert not TreatmentPlan.objects.visible_to(owner_a.user).exists()


def test_owners_see_only_their_own_published_plans(case, vet, owner_a, owner_b):
    plan = TreatmentPlanFactory(case=case)
    PlanItemFactory(plan=plan)
    publish(plan, vet)
    new_version(case, vet)  # a draft alongside
    assert list(TreatmentPlan.objects.visible_to(owner_a.user)) == [plan]
    assert not TreatmentPlan.objects.visible_to(owner_b.user).exists()


def test_publishing_makes_the_recheck_due_at_the_plans_interval(case, vet):
    plan = TreatmentPlanFactory(case=case, recheck_interval_days=14)
    PlanItemFactory(plan=plan)
    publish(plan, vet)
    recheck = case.follow_ups.get(kind="recheck")
    assert recheck.due_on == timezone.localdate() + timedelta(days=14)
    assert recheck.repeat_every_days == 14


def test_a_revision_keeps_the_outstanding_recheck_and_takes_the_new_interval(case, vet):
    plan = TreatmentPlanFactory(case=case, recheck_interval_days=14)
    PlanItemFactory(plan=plan)
    publish(plan, vet)
    draft = new_version(case, vet)
    draft.recheck_interval_days = 28
    draft.save()
    publish(draft, vet)
    recheck = case.follow_ups.get(kind="recheck")
    assert recheck.repeat_every_days == 28


def test_dmso_on_the_plan_makes_calcium_checks_due(case, vet):
    plan = new_version(case, vet)
    add_dmso(plan)
    plan.refresh_from_db()
    assert plan.calcium_check_days == ClinicalSettings.load().dmso_calcium_check_days
    plan.owner_instructions = "Apply with gloves."
    plan.save()
    publish(plan, vet)
    calcium = case.follow_ups.get(kind="calcium_check")
    assert calcium.due_on == timezone.localdate() + timedelta(days=14)
    assert calcium.repeat_every_days == 14


def test_starting_trilostane_makes_the_acth_checks_due_then_every_three_months(case, vet):
    plan = new_version(case, vet)
    add_trilostane(plan)
    plan.refresh_from_db()
    assert plan.acth_check_days == "14,30,90"
    plan.owner_instructions = "Give with food."
    plan.save()
    publish(plan, vet)
    checks = list(case.follow_ups.filter(kind="acth_stimulation").order_by("due_on"))
    today = timezone.localdate()
    assert [c.due_on for c in checks] == [today + timedelta(days=d) for d in (14, 30, 90)]
    assert [c.repeat_every_days for c in checks] == [None, None, 90]


def test_a_trilostane_dose_change_restarts_the_acth_schedule_but_no_change_does_not(case, vet):
    plan = new_version(case, vet)
    add_trilostane(plan, "1")
    plan.refresh_from_db()
    plan.owner_instructions = "Give with food."
    plan.save()
    publish(plan, vet)
    unchanged = new_version(case, vet)
    publish(unchanged, vet)
    assert case.follow_ups.filter(kind="acth_stimulation", status="due").count() == 3
    changed = new_version(case, vet)
    item = changed.items.get()
    item.dose_mg_per_kg = Decimal("1.5")
    save_item(item, case.dog.latest_weight())
    publish(changed, vet)
    assert case.follow_ups.filter(kind="acth_stimulation", status="cancelled").count() == 3
    assert case.follow_ups.filter(kind="acth_stimulation", status="due").count() == 3
    assert FollowUp.objects.filter(case=case, kind="recheck").count() == 1


def test_the_timeline_shows_published_versions_only(case, vet):
    from django.template.loader import render_to_string

    from cases.timeline import case_timeline
    from tests.factories.sites import on_site

    first = TreatmentPlanFactory(case=case, version=1)
    PlanItemFactory(plan=first)
    publish(first, vet)
    new_version(case, vet)
    with on_site(vet):  # the timeline's appointments are the current site's
        entries = [e for e in case_timeline(case, vet) if e.kind == "treatment_plan"]
    assert [e.title for e in entries] == ["Treatment plan v1 published"]
    html = render_to_string(entries[0].template, {"entry": entries[0], "obj": entries[0].obj})
    assert "First version of the plan." in html


def test_a_superseded_care_sheet_says_so(vet_client, case, vet):
    from django.urls import reverse

    first = TreatmentPlanFactory(case=case, version=1)
    PlanItemFactory(plan=first)
    publish(first, vet)
    publish(new_version(case, vet), vet)
    page = vet_client.get(reverse("cases:care_sheet", kwargs={"plan_id": first.pk}))
    assert "SUPERSEDED" in page.content.decode()


def test_copied_items_and_cancelled_acth_checks_are_in_the_history(case, vet):
    from cases.models import PlanItem

    first = TreatmentPlanFactory(case=case, version=1)
    add_trilostane(first)
    publish(first, vet)
    acth = case.follow_ups.filter(kind=FollowUp.Kind.ACTH_STIMULATION)
    scheduled = set(acth.values_list("pk", flat=True))
    assert scheduled
    second = new_version(case, vet)
    copied = second.items.get()
    created = PlanItem.history.filter(id=copied.pk, history_type="+").get()
    assert created.history_user == vet
    copied.dose_mg_per_kg = Decimal("2")
    save_item(copied, case.dog.latest_weight())
    publish(second, vet)  # a dose change restarts the trilostane checks
    for pk in scheduled:
        latest = FollowUp.history.filter(id=pk).latest()
        assert latest.status == FollowUp.Status.CANCELLED
