"""The dog's alerts (bites, drug allergies …) are at the top of every clinical page, plans
and diagnostics too, from the one case header the exam and case pages use."""

import pytest
from django.urls import reverse

from tests.factories.diagnostics import BiopsyFactory, ImagingStudyFactory, LabPanelFactory
from tests.factories.treatment import TreatmentPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerted_case(case):
    case.dog.alerts = "Muzzle for handling, Allergic to cefalexin"
    case.dog.save()
    return case


def pages(case):
    plan = TreatmentPlanFactory(case=case)
    biopsy = BiopsyFactory(case=case)
    study = ImagingStudyFactory(case=case)
    panel = LabPanelFactory(case=case)
    c = {"case_id": case.pk}
    return [
        reverse("cases:plan_list", kwargs=c),
        reverse("cases:plan_detail", kwargs={"plan_id": plan.pk}),
        reverse("cases:plan_edit", kwargs={"plan_id": plan.pk}),
        reverse("cases:plan_item_add", kwargs={"plan_id": plan.pk}),
        reverse("cases:care_sheet", kwargs={"plan_id": plan.pk}),
        reverse("cases:steroid_list", kwargs=c),
        reverse("cases:diagnostics", kwargs=c),
        reverse("cases:biopsy_list", kwargs=c),
        reverse("cases:biopsy_detail", kwargs={**c, "biopsy_id": biopsy.pk}),
        reverse("cases:study_list", kwargs=c),
        reverse("cases:study_detail", kwargs={**c, "study_id": study.pk}),
        reverse("cases:lab_panel_list", kwargs=c),
        reverse("cases:lab_panel_detail", kwargs={**c, "panel_id": panel.pk}),
        reverse("cases:lab_trends", kwargs=c),
    ]


def test_every_plan_and_diagnostics_page_shows_the_dogs_alerts(vet_client, alerted_case):
    for url in pages(alerted_case):
        page = vet_client.get(url).content.decode()
        assert 'class="dog-alerts"' in page, url
        assert "Allergic to cefalexin" in page, url
        assert "Muzzle for handling" in page, url


def test_every_plan_and_diagnostics_page_names_the_dog_once_in_its_header(vet_client, case):
    """One header (the breadcrumb to the case), not a second dog line under it."""
    case_link = f'href="{reverse("cases:case_detail", kwargs={"case_id": case.pk})}"'
    twice = [url for url in pages(case)
             if vet_client.get(url).content.decode().count(case_link) != 1]
    assert twice == []
