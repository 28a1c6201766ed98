"""The vet's plan pages: writing items (and their bad input), publishing, and refusing edits
to published plans, including forged POSTs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import ClinicalSettings, PlanItem, TreatmentPlan
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
def draft(case):
    return TreatmentPlanFactory(case=case, version=1)


def item_data(**overrides):
    drug = trilostane()
    data = {
        "kind": "underlying_cause", "drug": drug.pk, "strength": strength(drug, "30").pk,
        "dose_mg_per_kg": "2.5", "route": "oral", "frequency": "sid",
        "start_date": timezone.localdate().isoformat(), "end_date": "", "body_site": "",
        "area_note": "", "procedure": "", "description": "", "instructions": "With food",
    }
    data.update(overrides)
    return data


def add_url(plan):
    return reverse("cases:plan_item_add", kwargs={"plan_id": plan.pk})


def test_a_vet_starts_a_plan_for_a_case(vet_client, case):
    response = vet_client.post(reverse("cases:plan_new", kwargs={"case_id": case.pk}))
    plan = case.treatment_plans.get()
    assert response.url == reverse("cases:plan_detail", kwargs={"plan_id": plan.pk})
    assert plan.is_draft


def test_it_calculates_the_dose_from_the_latest_weight_and_shows_it(vet_client, draft):
    WeightRecordFactory(dog=draft.case.dog, weight_kg=Decimal("35.2"))
    page = vet_client.get(add_url(draft)).content.decode()
    assert "35.2 kg" in page
    response = vet_client.post(add_url(draft), item_data())
    assert response.status_code == 302
    item = draft.items.get()
    assert (item.dose_mg, item.units_per_dose, item.given_mg) == (
        Decimal("88"), Decimal("3"), Decimal("90")
    )
    detail = vet_client.get(reverse("cases:plan_detail", kwargs={"plan_id": draft.pk}))
    assert "3 capsules (90 mg)" in detail.content.decode()
    assert "for 35.2 kg" in detail.content.decode()


def test_it_asks_for_a_weight_first_when_none_is_on_record(vet_client, draft):
    response = vet_client.post(add_url(draft), item_data())
    assert response.status_code == 200
    assert "has no weight on record" in response.content.decode()
    assert reverse("patients:dog", kwargs={"dog_id": draft.case.dog_id}) in \
        response.content.decode()
    assert not draft.items.exists()


@pytest.mark.parametrize("dose", ["0", "-1"])
def test_it_refuses_zero_and_negative_doses(vet_client, draft, dose):
    WeightRecordFactory(dog=draft.case.dog, weight_kg=Decimal("35.2"))
    response = vet_client.post(add_url(draft), item_data(dose_mg_per_kg=dose))
    assert response.status_code == 200
    assert "A dose must be more than zero." in response.content.decode()
    assert "With food" in response.content.decode()  # what was typed is kept
    assert not draft.items.exists()


def test_it_refuses_an_end_before_the_start(vet_client, draft):
    WeightRecordFactory(dog=draft.case.dog, weight_kg=Decimal("35.2"))
    today = timezone.localdate()
    response = vet_client.post(add_url(draft), item_data(
        end_date=(today - timedelta(days=1)).isoformat()))
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert not draft.items.exists()


def test_a_dose_outside_the_clinic_range_needs_a_confirmation(vet_client, draft):
    WeightRecordFactory(dog=draft.case.dog, weight_kg=Decimal("35.2"))
    response = vet_client.post(add_url(draft), item_data(dose_mg_per_kg="8"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "outside the clinic&#x27;s range for Trilostane" in page
    assert "I confirm this dose outside the clinic" in page
    assert not draft.items.exists()
    response = vet_client.post(add_url(draft),
                               item_data(dose_mg_per_kg="8", confirm_outside_range="on"))
    assert response.status_code == 302
    assert draft.items.get().outside_range_confirmed


def test_a_weight_based_drug_needs_a_strength_and_dose(vet_client, draft):
    WeightRecordFactory(dog=draft.case.dog, weight_kg=Decimal("35.2"))
    response = vet_client.post(add_url(draft), item_data(strength="", dose_mg_per_kg=""))
    page = response.content.decode()
    assert "Give the dose of Trilostane in mg/kg." in page
    assert "Choose the form and strength dispensed." in page


def test_publishing_an_empty_plan_is_refused_with_a_message(vet_client, draft):
    response = vet_client.post(reverse("cases:plan_publish", kwargs={"plan_id": draft.pk}),
                               follow=True)
    assert "An empty plan cannot be published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_vet_composes_edits_and_publishes_the_owner_text(vet_client, draft):
    PlanItemFactory(plan=draft, kind="hygiene", description="Wash bedding", frequency="weekly")
    draft.owner_instructions = ""
    draft.save()
    vet_client.post(reverse("cases:plan_compose", kwargs={"plan_id": draft.pk}))
    draft.refresh_from_db()
    assert "Wash bedding, once a week." in draft.owner_instructions
    assert "- a sore bleeds" in draft.owner_warning_signs
    edit = reverse("cases:plan_edit", kwargs={"plan_id": draft.pk})
    form = {"goals": "Lesions smaller", "recheck_interval_days": "21",
            "calcium_check_days": "", "acth_check_days": "", "other_monitoring": "",
            "owner_instructions": "Edited by the vet.",
            "owner_warning_signs": draft.owner_warning_signs}
    assert vet_client.post(edit, form).status_code == 302
    vet_client.post(reverse("cases:plan_publish", kwargs={"plan_id": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.owner_instructions == "Edited by the vet."


def test_acknowledging_a_prompt_through_the_page(vet_client, vet, draft):
    from cases.models import Drug

    dmso = Drug.objects.get(name__startswith="Dimethyl sulfoxide")
    PlanItemFactory(plan=draft, kind="topical", drug=dmso, frequency="sid")
    page = vet_client.get(reverse("cases:plan_detail", kwargs={"plan_id": draft.pk}))
    assert 'data-prompt="dmso_without_calcium"' in page.content.decode()
    vet_client.post(reverse("cases:plan_acknowledge", kwargs={"plan_id": draft.pk}),
                    {"code": "dmso_without_calcium", "reason": "Referral lab monitors calcium"})
    page = vet_client.get(reverse("cases:plan_detail", kwargs={"plan_id": draft.pk}))
    assert "Referral lab monitors calcium" in page.content.decode()
    assert draft.acknowledgements.get().acknowledged_by == vet


@pytest.fixture
def published(draft, vet):
    PlanItemFactory(plan=draft, description="Chlorhexidine wipes")
    publish(draft, vet)
    draft.refresh_from_db()
    return draft


def test_forged_posts_cannot_change_a_published_plan(vet_client, published):
    item = published.items.get()
    kwargs = {"plan_id": published.pk}
    forged = [
        (reverse("cases:plan_edit", kwargs=kwargs), {"goals": "forged",
                                                      "recheck_interval_days": "7"}),
        (add_url(published), item_data()),
        (reverse("cases:plan_item_edit", kwargs={**kwargs, "item_id": item.pk}),
         {"kind": "other", "description": "forged", "start_date": "2026-01-01"}),
        (reverse("cases:plan_item_delete", kwargs={**kwargs, "item_id": item.pk}), {}),
        (reverse("cases:plan_compose", kwargs=kwargs), {}),
        (reverse("cases:plan_acknowledge", kwargs=kwargs), {"code": "x", "reason": "y"}),
        (reverse("cases:plan_publish", kwargs=kwargs), {}),
    ]
    for url, data in forged:
        response = vet_client.post(url, data, follow=True)
        assert response.status_code == 200, url
        assert "cannot be changed" in response.content.decode() or \
            "no longer applies" in response.content.decode(), url
    published.refresh_from_db()
    item.refresh_from_db()
    assert published.goals != "forged"
    assert published.recheck_interval_days == 21
    assert item.description == "Chlorhexidine wipes"
    assert published.items.count() == 1


def test_reception_cannot_open_plans_or_the_care_sheet(reception_client, published):
    for name in ("cases:plan_detail", "cases:care_sheet", "cases:care_sheet_pdf"):
        assert reception_client.get(reverse(name, kwargs={"plan_id": published.pk})).status_code \
            == 403


def test_plan_pages_use_a_fixed_number_of_queries(vet_client, case, vet):
    WeightRecordFactory(dog=case.dog, weight_kg=Decimal("35.2"))
    ClinicalSettings.load()  # a running clinic has its settings row: not created per page
    plan = TreatmentPlanFactory(case=case)
    drug = trilostane()

    def add_items(n):
        for _ in range(n):
            PlanItem.objects.create(plan=plan, kind="underlying_cause", drug=drug,
                                    strength=strength(drug, "30"), dose_mg_per_kg=1,
                                    frequency="bid", dose_mg=35, units_per_dose=1, given_mg=30,
                                    weight_kg_used=Decimal("35.2"),
                                    weight_recorded_on=timezone.localdate())
            PlanItemFactory(plan=plan)

    urls = [reverse("cases:plan_detail", kwargs={"plan_id": plan.pk}),
            reverse("cases:care_sheet", kwargs={"plan_id": plan.pk}),
            reverse("cases:plan_list", kwargs={"case_id": case.pk})]
    def counts():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert vet_client.get(url).status_code == 200
            found.append(len(queries))
        return found

    add_items(1)
    counts()  # warm: shared-cache values fill on a page's first use
    few = counts()
    add_items(8)
    assert counts() == few
    assert max(few) <= 16
    assert TreatmentPlan.objects.count() == 1


def test_the_dog_page_shows_the_current_plan_to_vets_only(vet_client, reception_client,
                                                          published):
    url = reverse("patients:dog", kwargs={"dog_id": published.case.dog_id})
    page = vet_client.get(url).content.decode()
    assert reverse("cases:plan_detail", kwargs={"plan_id": published.pk}) in page
    assert reverse("cases:care_sheet", kwargs={"plan_id": published.pk}) in page
    assert reverse("cases:plan_detail", kwargs={"plan_id": published.pk}) not in \
        reception_client.get(url).content.decode()


def test_a_closed_case_takes_no_new_plan(vet_client, case):
    case.status = "resolved"
    case.closed_on = timezone.localdate()
    case.save()
    response = vet_client.post(reverse("cases:plan_new", kwargs={"case_id": case.pk}),
                               follow=True)
    assert "This case is closed" in response.content.decode()
    assert not case.treatment_plans.exists()
