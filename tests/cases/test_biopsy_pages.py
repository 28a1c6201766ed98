"""The biopsy pages a vet works through, and what they refuse."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Biopsy, Case
from tests.factories.diagnostics import (
    MINIMAL_PDF,
    BiopsyFactory,
    CaseFactory,
    put_consent_on_file,
    reported_biopsy,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def url(name, biopsy):
    return reverse(f"cases:{name}", args=[biopsy.case_id, biopsy.pk])


def test_it_plans_a_biopsy(vet_client, case):
    response = vet_client.post(reverse("cases:biopsy_create", args=[case.pk]), {
        "site": "dorsal_neck", "technique": "punch", "planned_on": TODAY().isoformat(),
        "von_kossa_requested": "on",
    })
    biopsy = Biopsy.objects.get()
    assert response.url == url("biopsy_detail", biopsy)
    assert biopsy.status == Biopsy.Status.PLANNED
    assert biopsy.von_kossa_requested


def test_the_collection_page_sends_the_vet_back_until_consent_is_on_file(vet_client, case):
    biopsy = BiopsyFactory(case=case)
    response = vet_client.post(url("biopsy_collect", biopsy),
                               {"collected_on": TODAY().isoformat()}, follow=True)
    assert "not possible now" in response.content.decode()
    assert Biopsy.objects.get().status == Biopsy.Status.PLANNED


def test_a_report_dated_before_collection_shows_on_its_field(vet_client, case):
    biopsy = BiopsyFactory(case=case)
    put_consent_on_file(biopsy)
    Biopsy.objects.filter(pk=biopsy.pk).update(
        status="sent", collected_on=TODAY() - timedelta(days=3), sent_on=TODAY() - timedelta(2),
        laboratory="Lab", sample_id="S1",
    )
    response = vet_client.post(url("biopsy_report", biopsy), {
        "report_received_on": (TODAY() - timedelta(days=5)).isoformat(),
        "histopathology": "Mineralised collagen.", "conclusion": "consistent",
    })
    assert response.status_code == 200
    assert "cannot be dated before collection" in str(response.context["form"].errors[
        "report_received_on"])
    assert Biopsy.objects.get().status == Biopsy.Status.SENT


def test_a_report_with_a_fake_pdf_is_refused_and_nothing_is_stored(vet_client, case):
    biopsy = BiopsyFactory(case=case)
    put_consent_on_file(biopsy)
    Biopsy.objects.filter(pk=biopsy.pk).update(
        status="sent", collected_on=TODAY() - timedelta(days=3), sent_on=TODAY() - timedelta(2),
    )
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "report.pdf"
    response = vet_client.post(url("biopsy_report", biopsy), {
        "report_received_on": TODAY().isoformat(), "histopathology": "x",
        "conclusion": "consistent", "report_pdf": fake,
    })
    assert "not a PDF" in str(response.context["form"].errors["report_pdf"])
    stored = Biopsy.objects.get()
    assert stored.status == Biopsy.Status.SENT
    assert not stored.report_pdf


def test_it_records_the_report_with_its_pdf_and_offers_to_confirm_the_case(vet_client, case):
    biopsy = BiopsyFactory(case=case)
    put_consent_on_file(biopsy)
    Biopsy.objects.filter(pk=biopsy.pk).update(
        status="sent", collected_on=TODAY() - timedelta(days=3), sent_on=TODAY() - timedelta(2),
    )
    pdf = io.BytesIO(MINIMAL_PDF)
    pdf.name = "lab.pdf"
    vet_client.post(url("biopsy_report", biopsy), {
        "report_received_on": TODAY().isoformat(), "histopathology": "Mineralised collagen.",
        "conclusion": "consistent", "report_pdf": pdf,
    })
    stored = Biopsy.objects.get()
    assert stored.status == Biopsy.Status.REPORTED
    assert stored.report_pdf.name.endswith(".pdf")
    page = vet_client.get(url("biopsy_detail", biopsy)).content.decode()
    assert "Confirm the case (histopathology)" in page

    vet_client.post(url("biopsy_confirm_case", biopsy))
    assert Case.objects.get().status == Case.Status.CONFIRMED
    download = vet_client.get(url("biopsy_report_pdf", biopsy))
    assert download["Content-Disposition"].startswith("attachment")


def test_cancelling_needs_a_reason_on_its_field(vet_client, case):
    biopsy = BiopsyFactory(case=case)
    response = vet_client.post(url("biopsy_cancel", biopsy), {"reason": ""})
    assert response.context["form"].errors["reason"]
    vet_client.post(url("biopsy_cancel", biopsy), {"reason": "Lesion resolved"})
    assert Biopsy.objects.get().status == Biopsy.Status.CANCELLED


def test_reception_and_owners_never_open_biopsy_files(client_for, reception, owner_a, vet):
    biopsy = reported_biopsy(CaseFactory(dog=owner_a.dogs.get(), attending_vet=vet))
    for name in ("biopsy_report_pdf", "consent_signature", "consent_scan", "biopsy_detail"):
        assert client_for(reception).get(url(name, biopsy)).status_code == 403
        assert client_for(owner_a.user).get(url(name, biopsy)).status_code == 403
        assert client_for(vet).get(url(name, biopsy)).status_code == 200


def test_a_biopsy_of_another_case_is_not_found(vet_client, vet):
    biopsy = BiopsyFactory()
    other = CaseFactory(attending_vet=vet)
    response = vet_client.get(reverse("cases:biopsy_detail", args=[other.pk, biopsy.pk]))
    assert response.status_code == 404


def test_the_biopsy_list_uses_the_same_queries_for_many_rows(
    vet_client, case, django_assert_max_num_queries
):
    reported_biopsy(case)
    list_url = reverse("cases:biopsy_list", args=[case.pk])
    with django_assert_max_num_queries(12) as few:
        vet_client.get(list_url)
    for _ in range(5):
        reported_biopsy(case)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = vet_client.get(list_url)
    assert response.content.decode().count("Consistent with calcinosis cutis") == 6
