"""The plan item form offers only the chosen drug's strengths (reloaded by htmx when the
drug changes) and refuses another drug's; a strength names its form once ("gel", not
"gel gel"); the follow-ups worklist names the plan version in force."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Drug
from tests.factories.patients import WeightRecordFactory
from tests.factories.treatment import PlanItemFactory, TreatmentPlanFactory, strength, trilostane

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(case):
    WeightRecordFactory(dog=case.dog, weight_kg=Decimal("20"))
    return TreatmentPlanFactory(case=case, version=1)


def add_url(plan):
    return reverse("cases:plan_item_add", kwargs={"plan_id": plan.pk})


def strength_options(page):
    select = re.search(r'<select[^>]*name="strength".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def test_the_drug_select_reloads_the_strengths_with_htmx(vet_client, draft):
    page = vet_client.get(add_url(draft)).content.decode()
    drug_select = re.search(r'<select[^>]*name="drug"[^>]*>', page).group(0)
    assert f'hx-get="{reverse("cases:plan_strength_options")}"' in drug_select
    assert 'hx-target="#id_strength"' in drug_select
    assert strength_options(page) == []  # no drug chosen yet: nothing to mix up


def test_the_options_are_the_chosen_drugs_strengths_only(vet_client):
    drug = trilostane()
    response = vet_client.get(reverse("cases:plan_strength_options"), {"drug": drug.pk})
    offered = set(re.findall(r'<option value="(\d+)"', response.content.decode()))
    assert offered == {str(pk) for pk in drug.strengths.values_list("pk", flat=True)}
    assert offered


@pytest.mark.parametrize("drug", ["", "abc", "99999999"])
def test_no_or_a_bad_drug_offers_no_strength(vet_client, drug):
    response = vet_client.get(reverse("cases:plan_strength_options"), {"drug": drug})
    assert response.status_code == 200
    assert re.findall(r'<option value="(\d+)"', response.content.decode()) == []


def test_editing_an_item_offers_its_drugs_strengths(vet_client, draft):
    drug = trilostane()
    item = PlanItemFactory(plan=draft, kind="underlying_cause", drug=drug,
                           strength=strength(drug, "30"), dose_mg_per_kg=Decimal("2"),
                           frequency="sid", description="")
    page = vet_client.get(
        reverse("cases:plan_item_edit", kwargs={"plan_id": draft.pk, "item_id": item.pk})
    ).content.decode()
    assert set(strength_options(page)) == {
        str(pk) for pk in drug.strengths.values_list("pk", flat=True)
    }


def test_a_strength_of_another_drug_is_refused_next_to_the_field(vet_client, draft):
    drug = trilostane()
    other = Drug.objects.exclude(pk=drug.pk).filter(strengths__isnull=False).first()
    response = vet_client.post(add_url(draft), {
        "kind": "underlying_cause", "drug": drug.pk, "strength": other.strengths.first().pk,
        "dose_mg_per_kg": "2", "route": "oral", "frequency": "sid",
        "start_date": timezone.localdate().isoformat(),
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a strength of the chosen drug." in page
    assert not draft.items.exists()
    # the re-shown form offers the chosen drug's strengths, not the other one's
    assert str(other.strengths.first().pk) not in strength_options(page)


def test_a_gel_reads_once_on_the_plan_page(vet_client, draft):
    dmso = Drug.objects.get(name__icontains="DMSO")
    gel = dmso.strengths.get()
    PlanItemFactory(plan=draft, kind="topical", drug=dmso, strength=gel, frequency="sid",
                    description="")
    page = vet_client.get(reverse("cases:plan_detail", kwargs={"plan_id": draft.pk}))
    text = re.sub(r"<[^>]+>", " ", page.content.decode())
    assert not re.search(r"\bgel\s+gel\b", text, re.I)
    assert str(gel) == dmso.name


def test_the_worklist_names_the_plan_version_in_force(reception_client, vet, case):
    from cases.models import FollowUp

    TreatmentPlanFactory(case=case, version=1, status="superseded", published_at=timezone.now())
    TreatmentPlanFactory(case=case, version=2, status="published",
                         published_at=timezone.now(), published_by=vet)
    FollowUp.objects.create(case=case, due_on=timezone.localdate())
    page = reception_client.get(reverse("scheduling:follow_ups")).content.decode()
    assert "plan v2" in page
