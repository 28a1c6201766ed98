"""Results reach the owner only when the vet shares them, and only in plain words."""

import pytest
from django.urls import reverse

from tests.factories.diagnostics import BiopsyFactory, ImagingStudyFactory, LabPanelFactory
from tests.factories.portal import export_of

pytestmark = pytest.mark.django_db


def dog_page(client, case):
    return client.get(
        reverse("portal:dog_detail", kwargs={"dog_uuid": case.dog.public_id})
    ).content.decode()


def test_shared_results_show_their_owner_summary(owner_a_client, case):
    BiopsyFactory(case=case, shared_with_owner=True,
                  owner_summary="The biopsy confirmed calcinosis cutis.")
    LabPanelFactory(case=case, shared_with_owner=True,
                    owner_summary="Calcium is within the normal range.")
    page = dog_page(owner_a_client, case)
    assert "The biopsy confirmed calcinosis cutis." in page
    assert "Calcium is within the normal range." in page


def test_unshared_results_and_staff_fields_never_show(owner_a_client, case):
    BiopsyFactory(case=case, shared_with_owner=False, owner_summary="MARKER-UNSHARED-BIOPSY")
    ImagingStudyFactory(case=case, shared_with_owner=True, owner_summary="X-rays look clear.",
                        impression="MARKER-RADIOLOGY-IMPRESSION")
    LabPanelFactory(case=case, shared_with_owner=True, owner_summary="Fine.",
                    notes="MARKER-LAB-NOTES")
    page = dog_page(owner_a_client, case)
    assert "X-rays look clear." in page
    for marker in ("MARKER-UNSHARED-BIOPSY", "MARKER-RADIOLOGY-IMPRESSION", "MARKER-LAB-NOTES"):
        assert marker not in page
    summary = export_of(owner_a_client).read("summary.html").decode()
    assert "X-rays look clear." in summary
    assert "MARKER-UNSHARED-BIOPSY" not in summary


def test_another_owner_never_sees_them(owner_b_client, case):
    BiopsyFactory(case=case, shared_with_owner=True, owner_summary="Confirmed.")
    url = reverse("portal:dog_detail", kwargs={"dog_uuid": case.dog.public_id})
    assert owner_b_client.get(url).status_code == 404


def test_every_kind_of_result_is_shared_the_one_way(owner_a, case):
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Biopsy, ImagingStudy, LabPanel, SharedResult
    from clinic.portal.access import shared_results_for

    assert set(SharedResult.kinds()) == {Biopsy, ImagingStudy, LabPanel}
    today = timezone.localdate()
    ImagingStudyFactory(case=case, shared_with_owner=True, owner_summary="Clear.",
                        study_date=today - timedelta(days=3))
    LabPanelFactory(case=case, shared_with_owner=True, owner_summary="Normal calcium.",
                    collected_on=today - timedelta(days=2), reported_on=today - timedelta(days=1),
                    kind="serum_chemistry")
    LabPanelFactory(case=case, shared_with_owner=False, owner_summary="Not yet.")
    results = shared_results_for(owner_a.user, case.dog)
    assert [(what, summary) for _, what, summary in results] == [
        ("Serum chemistry", "Normal calcium."), ("X-rays", "Clear."),
    ]
