from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services.cases import change_case_status
from cases.services.exams import add_addendum, sign_off_exam
from tests.factories.cases import CaseFactory, ExamFactory, LesionFactory, LesionPhotoFactory
from tests.factories.treatment import TreatmentPlanFactory

pytestmark = pytest.mark.django_db

FULL = {
    "pain_vocalisation": 0, "pain_attention_to_wound": 1, "pain_mobility": 0,
    "pain_response_to_touch": 1, "pain_demeanour": 0, "pain_posture": 0,
}


def _three_exams(case):
    today = timezone.localdate()
    exams = []
    for days_ago, neck, groin in [(90, "20.0", "12.0"), (45, "16.5", None), (5, "11.0", "6.5")]:
        exam = ExamFactory(case=case, examined_on=today - timedelta(days=days_ago), **FULL)
        LesionFactory(exam=exam, site="dorsal_neck", largest_diameter_mm=Decimal(neck))
        if groin:
            LesionFactory(exam=exam, site="inguinal", largest_diameter_mm=Decimal(groin))
        exams.append(exam)
    return exams


def test_the_progress_chart_has_one_dataset_per_site_over_time(vet_client):
    case = CaseFactory()
    exams = _three_exams(case)
    response = vet_client.get(reverse("cases:case_progress", kwargs={"case_id": case.pk}))
    chart = response.context["lesion_chart"]
    days = [exam.examined_on.isoformat() for exam in exams]
    # Each reading at its exam's date; a site not measured at an exam has no point there.
    assert {d["label"]: d["data"] for d in chart["datasets"]} == {
        "Dorsal neck": [{"x": days[0], "y": 20.0}, {"x": days[1], "y": 16.5},
                        {"x": days[2], "y": 11.0}],
        "Inguinal region": [{"x": days[0], "y": 12.0}, {"x": days[2], "y": 6.5}],
    }
    pain = response.context["pain_chart"]
    assert [p["y"] for p in pain["datasets"][0]["data"]] == [2, 2, 2]
    assert pain["y_min"] == 0
    assert pain["y_max"] == 24
    assert [p["y"] for p in pain["threshold"]["data"]] == [6, 6, 6]
    body = response.content.decode()
    assert 'data-chart="lesion-chart"' in body
    assert 'id="lesion-chart"' in body  # json_script data, no inline code


def test_the_pain_chart_keeps_each_exams_own_intervention_level(vet_client):
    case = CaseFactory()
    exams = _three_exams(case)
    exams[1].pain_mobility_assessable = False
    exams[1].pain_mobility = None
    exams[1].save()
    assert exams[1].pain_max == 20
    response = vet_client.get(reverse("cases:case_progress", kwargs={"case_id": case.pk}))
    pain = response.context["pain_chart"]
    assert [p["y"] for p in pain["threshold"]["data"]] == [6, 5, 6]
    assert pain["y_max"] == 24


def test_the_charts_mark_when_a_plan_was_published(vet_client):
    case = CaseFactory()
    _three_exams(case)
    plan = TreatmentPlanFactory(case=case, status="published",
                                published_at=timezone.now() - timedelta(days=20))
    TreatmentPlanFactory(case=case)  # a draft is not a change yet
    response = vet_client.get(reverse("cases:case_progress", kwargs={"case_id": case.pk}))
    day = timezone.localdate(plan.published_at).isoformat()
    expected = [{"x": day, "label": f"Plan v{plan.version}"}]
    assert response.context["lesion_chart"]["markers"] == expected
    assert response.context["pain_chart"]["markers"] == expected


def test_the_progress_view_shows_one_sites_photos_side_by_side(vet_client):
    case = CaseFactory()
    exams = _three_exams(case)
    for exam in exams:
        LesionPhotoFactory(lesion=exam.lesions.get(site="dorsal_neck"))
    LesionPhotoFactory(lesion=exams[0].lesions.get(site="inguinal"))
    url = reverse("cases:case_progress", kwargs={"case_id": case.pk})
    neck = vet_client.get(url, {"site": "dorsal_neck"}).context["photo_columns"]
    assert [day for day, _photos in neck] == [exam.examined_on for exam in exams]
    groin = vet_client.get(url, {"site": "inguinal"}).context["photo_columns"]
    assert len(groin) == 1


def test_the_progress_view_copes_with_no_exams(vet_client):
    case = CaseFactory()
    response = vet_client.get(reverse("cases:case_progress", kwargs={"case_id": case.pk}))
    assert response.context["lesion_chart"] is None
    assert "No lesions recorded yet" in response.content.decode()


def test_the_history_lists_who_changed_what_across_the_case(vet_client, vet, vet2):
    case = CaseFactory()
    exam = ExamFactory(case=case)
    LesionFactory(exam=exam)
    sign_off_exam(exam, vet2)
    add_addendum(exam, by=vet, reason="Typo", text="Three plaques, not two.")
    change_case_status(case, "confirmed", vet, "biopsy confirmed")
    response = vet_client.get(reverse("cases:case_history", kwargs={"case_id": case.pk}))
    changes = list(response.context["page"])
    assert changes[0]["record"] == "Case"
    assert changes[0]["who"] == vet
    assert "status" in changes[0]["changed"]
    assert changes[0]["reason"] == "biopsy confirmed"
    signed = next(c for c in changes if c["reason"] == "Signed off")
    assert signed["who"] == vet2
    assert "signed off at" in signed["changed"]
    day = f"{exam.examined_on.day} {exam.examined_on:%b %Y}"
    records = {c["record"] for c in changes}
    assert {"Case", f"Exam of {day}", f"Lesions at Dorsal neck, exam of {day}",
            f"Addendum to the exam of {day}"} <= records


def test_the_history_is_for_vets_and_the_administrator(
    vet_client, admin_client_, reception_client
):
    case = CaseFactory()
    url = reverse("cases:case_history", kwargs={"case_id": case.pk})
    assert vet_client.get(url).status_code == 200
    assert admin_client_.get(url).status_code == 200
    assert reception_client.get(url).status_code == 403


def test_the_progress_view_queries_do_not_grow_with_the_exams(
    vet_client, django_assert_max_num_queries
):
    small, large = CaseFactory(), CaseFactory()
    _three_exams(small)
    for exam in _three_exams(large) + _three_exams(large):
        LesionPhotoFactory(lesion=exam.lesions.get(site="dorsal_neck"))
    with django_assert_max_num_queries(20) as baseline:
        vet_client.get(reverse("cases:case_progress", kwargs={"case_id": small.pk}))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        vet_client.get(reverse("cases:case_progress", kwargs={"case_id": large.pk}))


def _clinical_records(case):
    """One record of every other clinical kind on the case."""
    from tests.factories.diagnostics import (
        BiopsyFactory,
        ImagingStudyFactory,
        LabPanelFactory,
        add_images,
    )
    from tests.factories.portal import HomeObservationFactory, HomeObservationPhotoFactory
    from tests.factories.treatment import PlanItemFactory, TreatmentPlanFactory

    BiopsyFactory(case=case)
    add_images(ImagingStudyFactory(case=case), png=1, dicom=0)
    LabPanelFactory(case=case)
    plan = TreatmentPlanFactory(case=case)
    PlanItemFactory(plan=plan)
    plan.acknowledgements.create(code="dmso_calcium", message="Check calcium.",
                                 reason="Checked last week.", acknowledged_by=case.attending_vet)
    case.follow_ups.create(kind="recheck", due_on=timezone.localdate() + timedelta(days=14))
    case.steroid_courses.create(drug="Prednisolone", route="oral",
                                started_on=timezone.localdate() - timedelta(days=200),
                                recorded_by=case.attending_vet)
    report = HomeObservationFactory(dog=case.dog, case=case)
    HomeObservationPhotoFactory.build(observation=report).save()


def test_the_history_covers_every_clinical_record_of_the_case(vet_client):
    case = CaseFactory()
    _clinical_records(case)
    other = CaseFactory()
    _clinical_records(other)  # another case's records stay off this page
    response = vet_client.get(reverse("cases:case_history", kwargs={"case_id": case.pk}))
    records = [change["record"] for change in response.context["page"]]
    kinds = {record.split(" #")[0] for record in records}
    assert {"Case", "Biopsy", "Imaging study", "Study image", "Lab panel", "Treatment plan",
            "Plan item", "Safety acknowledgement", "Follow up", "Steroid course",
            "Home observation", "Home observation photo"} <= kinds
    assert len(records) == len(set(records))  # each created once, nothing of the other case


def test_the_history_pages_in_the_database_with_flat_queries(
    vet_client, vet, django_assert_max_num_queries, settings
):
    small, large = CaseFactory(), CaseFactory()
    _clinical_records(small)
    _clinical_records(large)
    for number in range(120):  # more changes than two pages hold
        large.presenting_complaint = f"Change {number}"
        large.save()
    url = reverse("cases:case_history", kwargs={"case_id": small.pk})
    with django_assert_max_num_queries(40) as baseline:
        vet_client.get(url)
    large_url = reverse("cases:case_history", kwargs={"case_id": large.pk})
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = vet_client.get(large_url)
    page = response.context["page"]
    assert page.paginator.num_pages == 3
    assert len(page.object_list) == 50
    assert page.object_list[0]["changed"] == ["presenting complaint"]
    last = vet_client.get(large_url, {"page": 3}).context["page"]
    assert [c["record"] for c in last.object_list][-1] == "Case"  # the oldest: created
    assert last.object_list[-1]["action"] == "created"
