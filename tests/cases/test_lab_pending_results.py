"""Samples and panels sent but not reported within the clinic's setting: on the vet's
dashboard; and diagnostics on the case timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Biopsy, ClinicalSettings
from cases.services.diagnostics import pending_results
from cases.timeline import case_timeline
from tests.factories.diagnostics import (
    BiopsyFactory,
    CaseFactory,
    ImagingStudyFactory,
    LabPanelFactory,
    add_value,
    reported_biopsy,
)
from tests.factories.sites import on_site

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def sent(days_ago, **kwargs):
    biopsy = BiopsyFactory(planned_on=TODAY() - timedelta(days=days_ago + 2), **kwargs)
    Biopsy.objects.filter(pk=biopsy.pk).update(
        status="sent", collected_on=TODAY() - timedelta(days=days_ago),
        sent_on=TODAY() - timedelta(days=days_ago), laboratory="Northern Vet Pathology",
    )
    return biopsy


def test_it_lists_what_is_overdue_oldest_first_and_nothing_else(vet):
    ClinicalSettings.objects.update_or_create(pk=1, defaults={"pending_result_days": 10})
    case = CaseFactory(attending_vet=vet)
    late_biopsy = sent(15, case=case)
    sent(5, case=case)  # not yet overdue
    reported_biopsy(case)  # reported
    late_panel = LabPanelFactory(case=case, collected_on=TODAY() - timedelta(days=20),
                                 sent_on=TODAY() - timedelta(days=20), reported_on=None)
    LabPanelFactory(case=case, collected_on=TODAY() - timedelta(days=20),
                    sent_on=TODAY() - timedelta(days=20))  # reported
    results = pending_results(vet)
    assert [r.url.split("/")[-2] for r in results] == [str(late_panel.pk), str(late_biopsy.pk)]
    assert results[0].days_waiting == 20


def test_a_vet_sees_only_their_own_cases(vet, vet2):
    sent(30, case=CaseFactory(attending_vet=vet))
    sent(30, case=CaseFactory(attending_vet=vet2))
    assert len(pending_results(vet)) == 2
    assert [r.case.attending_vet for r in pending_results(vet, vet=vet)] == [vet]


def test_the_vets_dashboard_shows_the_panel_and_reception_does_not(
    vet_client, reception_client, vet
):
    sent(30, case=CaseFactory(attending_vet=vet))
    page = vet_client.get("/").content.decode()
    assert "Results overdue" in page
    assert "Northern Vet Pathology" in page
    assert "Results overdue" not in reception_client.get("/").content.decode()


def test_biopsies_studies_and_panels_appear_on_the_timeline_for_vets_only(vet, reception):
    case = CaseFactory(attending_vet=vet)
    reported_biopsy(case)
    ImagingStudyFactory(case=case)
    panel = LabPanelFactory(case=case)
    add_value(panel, "alp", "500")
    with on_site(vet):
        kinds = {entry.kind for entry in case_timeline(case, vet)}
        lab = next(e for e in case_timeline(case, vet) if e.kind == "lab")
    assert {"biopsy", "imaging", "lab"} <= kinds
    assert lab.extra["flagged"] == ["Alkaline phosphatase (ALP) high"]
    with on_site(reception):
        shown = {e.kind for e in case_timeline(case, reception)}
    assert not {"biopsy", "imaging", "lab"} & shown


def test_each_timeline_entry_renders_with_a_link_to_its_record(vet):
    from django.template.loader import render_to_string

    case = CaseFactory(attending_vet=vet)
    reported_biopsy(case)
    ImagingStudyFactory(case=case, impression="Soft-tissue mineralisation.")
    add_value(LabPanelFactory(case=case), "phosphate", "3.1")
    with on_site(vet):
        entries = case_timeline(case, vet)
    for entry in entries:
        html = render_to_string(entry.template, {"entry": entry, "obj": entry.obj})
        assert f"/cases/{case.pk}/" in html
        assert entry.title in html


def test_the_diagnostics_overview_lists_each_kind(vet_client, vet):
    from django.urls import reverse

    case = CaseFactory(attending_vet=vet)
    reported_biopsy(case)
    ImagingStudyFactory(case=case)
    LabPanelFactory(case=case)
    page = vet_client.get(reverse("cases:diagnostics", args=[case.pk])).content.decode()
    for text in ("Consistent with calcinosis cutis", "X-ray study", "Serum chemistry"):
        assert text in page
