"""Staff pages that list a growing record run a fixed number of queries: the owner page
(however many dogs), the diagnostics overview (however many biopsies, studies, images and
panels) and the plan list (however many versions)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.diagnostics import (
    ImagingStudyFactory,
    LabPanelFactory,
    add_images,
    add_value,
    reported_biopsy,
)
from tests.factories.patients import DogFactory
from tests.factories.treatment import PlanItemFactory, TreatmentPlanFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def stays_flat(client, url, grow):
    """The page's query count with one of each record equals the count with many more."""
    grow(1)
    queries_for(client, url)  # warm: cached settings are created on a page's first use
    few = queries_for(client, url)
    grow(6)
    assert queries_for(client, url) == few


def test_the_owner_page_does_not_grow_with_the_dogs(vet_client, owner_a):
    def grow(n):
        for _ in range(n):
            DogFactory(owner=owner_a)

    stays_flat(vet_client, reverse("patients:owner", kwargs={"owner_id": owner_a.pk}), grow)


def test_the_diagnostics_overview_does_not_grow_with_the_results(vet_client, case):
    def grow(n):
        for _ in range(n):
            reported_biopsy(case)
            add_images(ImagingStudyFactory(case=case), png=2, dicom=0)
            add_value(LabPanelFactory(case=case), "calcium", "2.9")

    stays_flat(vet_client, reverse("cases:diagnostics", kwargs={"case_id": case.pk}), grow)


def test_the_plan_list_does_not_grow_with_the_versions(vet_client, case, vet):
    def grow(n):
        for _ in range(n):
            version = case.treatment_plans.count() + 1
            plan = TreatmentPlanFactory(case=case, version=version, status="superseded",
                                        published_by=vet, published_at=timezone.now(),
                                        superseded_at=timezone.now())
            PlanItemFactory(plan=plan)

    stays_flat(vet_client, reverse("cases:plan_list", kwargs={"case_id": case.pk}), grow)


def test_the_case_page_with_every_kind_of_record_does_not_grow(vet_client, case, vet):
    """Exams with lesions and addenda, home reports with photos, lab panels with values,
    biopsies, X-ray studies and appointments on the timeline: 15 queries at every size
    (session, user, case, the navigation's urgent-report count, and one per timeline source
    and prefetch; docs/benchmarks.md)."""
    from tests.factories.cases import AddendumFactory, ExamFactory, LesionFactory, sign
    from tests.factories.portal import HomeObservationPhotoFactory
    from tests.factories.scheduling import AppointmentFactory

    start = timezone.now() + timezone.timedelta(days=30)

    def grow(n):
        for _ in range(n):
            exam = ExamFactory(case=case, vet=vet)
            LesionFactory(exam=exam)
            AddendumFactory(exam=sign(exam))
            HomeObservationPhotoFactory(observation__dog=case.dog, observation__case=case)
            add_value(LabPanelFactory(case=case), "calcium", "2.9")
            reported_biopsy(case)
            ImagingStudyFactory(case=case)
        nonlocal start
        for _ in range(n):
            AppointmentFactory(dog=case.dog, case=case, vet=vet, start=start,
                               end=start + timezone.timedelta(minutes=20))
            start += timezone.timedelta(days=1)

    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    stays_flat(vet_client, url, grow)
    assert queries_for(vet_client, url) <= 15
