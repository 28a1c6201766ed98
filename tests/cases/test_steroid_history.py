"""Issue 12 point 7: the case's structured steroid history, and taper steps on the plan."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Drug, SteroidCourse
from tests.factories.cases import CaseFactory
from tests.factories.patients import WeightRecordFactory
from tests.factories.treatment import PlanItemFactory, TreatmentPlanFactory, strength

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def case(owner_a, vet):
    return CaseFactory(dog=owner_a.dogs.get(), attending_vet=vet,
                       suspected_cause="exogenous_glucocorticoids")


def list_url(case):
    return reverse("cases:steroid_list", kwargs={"case_id": case.pk})


def course_data(**overrides):
    data = {"drug": "Methylprednisolone acetate (Depo-Medrol)", "route": "depot",
            "dose": "40 mg injection", "started_on": (TODAY - timedelta(days=400)).isoformat(),
            "stopped_on": (TODAY - timedelta(days=400)).isoformat(),
            "note": "Given by the previous practice for itch"}
    data.update(overrides)
    return data


def test_a_vet_records_a_long_acting_injection_and_an_ear_product(vet_client, case, vet):
    response = vet_client.post(list_url(case), course_data())
    assert response.status_code == 302
    vet_client.post(list_url(case), course_data(
        drug="Ear drops with a steroid", route="ear", dose="5 drops twice daily, both ears",
        started_on=(TODAY - timedelta(days=90)).isoformat(), stopped_on=""))
    courses = list(case.steroid_courses.order_by("started_on"))
    assert [(c.drug, c.route, c.recorded_by) for c in courses] == [
        ("Methylprednisolone acetate (Depo-Medrol)", "depot", vet),
        ("Ear drops with a steroid", "ear", vet),
    ]
    page = vet_client.get(list_url(case)).content.decode()
    assert "Long-acting (depot) injection" in page
    assert "still given" in page


@pytest.mark.parametrize(("overrides", "field_error"), [
    ({"drug": ""}, "This field is required."),
    ({"route": "tablet"}, "Select a valid choice."),
    ({"started_on": ""}, "This field is required."),
    ({"started_on": (TODAY + timedelta(days=3)).isoformat(), "stopped_on": ""},
     "this date is in the future"),
    ({"started_on": (TODAY - timedelta(days=10)).isoformat(),
      "stopped_on": (TODAY - timedelta(days=20)).isoformat()},
     "The stop date is before the start date."),
    ({"stopped_on": "31/02/2026"}, "Enter a valid date."),
])
def test_bad_input_is_refused_next_to_the_field_and_kept(vet_client, case, overrides,
                                                         field_error):
    response = vet_client.post(list_url(case), course_data(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error in page
    assert "Given by the previous practice for itch" in page  # what was typed is kept
    assert not SteroidCourse.objects.exists()


def test_a_vet_edits_a_course_to_record_its_stop(vet_client, case, vet):
    course = SteroidCourse.objects.create(case=case, drug="Prednisolone", route="oral",
                                          dose="10 mg once daily",
                                          started_on=TODAY - timedelta(days=300),
                                          recorded_by=vet)
    url = reverse("cases:steroid_edit", kwargs={"case_id": case.pk, "course_id": course.pk})
    response = vet_client.post(url, course_data(drug="Prednisolone", route="oral",
                                                dose="10 mg once daily",
                                                started_on=course.started_on.isoformat(),
                                                stopped_on=TODAY.isoformat()))
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.stopped_on == TODAY


def test_a_course_of_another_case_is_not_found(vet_client, case, vet):
    other = SteroidCourse.objects.create(case=CaseFactory(), drug="Prednisolone",
                                         route="oral", started_on=TODAY, recorded_by=vet)
    url = reverse("cases:steroid_edit", kwargs={"case_id": case.pk, "course_id": other.pk})
    assert vet_client.get(url).status_code == 404


def test_reception_does_not_read_the_steroid_history(client_for, reception, case):
    assert client_for(reception).get(list_url(case)).status_code == 403


# taper steps on the plan item form

def taper_data(plan, start, end, **overrides):
    drug = Drug.objects.get(name="Prednisolone")
    data = {"kind": "underlying_cause", "drug": drug.pk, "strength": strength(drug, "5").pk,
            "dose_mg_per_kg": "0.5", "route": "oral", "frequency": "sid", "is_taper": "on",
            "start_date": start.isoformat(), "end_date": end.isoformat() if end else "",
            "body_site": "", "area_note": "", "procedure": "", "description": "",
            "instructions": "With food"}
    data.update(overrides)
    return data


@pytest.fixture
def plan(case):
    WeightRecordFactory(dog=case.dog, weight_kg=Decimal("20"))
    return TreatmentPlanFactory(case=case, version=1)


def add(vet_client, plan, data):
    return vet_client.post(reverse("cases:plan_item_add", kwargs={"plan_id": plan.pk}), data)


def test_a_taper_is_entered_step_by_step(vet_client, plan):
    assert add(vet_client, plan, taper_data(plan, TODAY, TODAY + timedelta(days=13))
               ).status_code == 302
    assert add(vet_client, plan, taper_data(plan, TODAY + timedelta(days=14),
                                            TODAY + timedelta(days=27), dose_mg_per_kg="0.25")
               ).status_code == 302
    steps = list(plan.items.order_by("start_date"))
    assert [(s.dose_mg, s.is_taper) for s in steps] == [(Decimal("10"), True),
                                                        (Decimal("5"), True)]
    page = reverse("cases:plan_detail", kwargs={"plan_id": plan.pk})
    assert "ACTH stimulation test" in vet_client.get(page).content.decode()


def test_a_taper_step_without_an_end_is_refused(vet_client, plan):
    response = add(vet_client, plan, taper_data(plan, TODAY, None))
    assert response.status_code == 200
    assert "A taper step ends: give the last day of this step." in response.content.decode()
    assert not plan.items.exists()


def test_overlapping_taper_steps_are_refused(vet_client, plan):
    add(vet_client, plan, taper_data(plan, TODAY, TODAY + timedelta(days=13)))
    response = add(vet_client, plan, taper_data(plan, TODAY + timedelta(days=10),
                                                TODAY + timedelta(days=20)))
    assert response.status_code == 200
    assert "This step overlaps the step from" in response.content.decode()
    assert plan.items.count() == 1


def test_only_a_corticosteroid_is_tapered(vet_client, plan):
    drug = Drug.objects.get(name="Gabapentin")
    response = add(vet_client, plan, taper_data(
        plan, TODAY, TODAY + timedelta(days=13), drug=drug.pk,
        strength=strength(drug, "100").pk, dose_mg_per_kg="5", kind="analgesia"))
    assert response.status_code == 200
    assert "Only a corticosteroid is tapered" in response.content.decode()
    assert not PlanItemFactory._meta.model.objects.filter(plan=plan).exists()
