"""The owner downloads the care sheet as a PDF too: the same sheet as the staff's, of the
dog's published plan only, never cached."""

import pytest
from django.urls import reverse

from cases.models import TreatmentPlan
from tests.factories.portal import published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def dog(owner_a):
    return owner_a.dogs.get()


def pdf_url(dog):
    return reverse("portal:care_sheet_pdf", kwargs={"dog_uuid": dog.public_id})


def test_the_owner_downloads_the_published_sheet_as_a_pdf(owner_a_client, dog, vet):
    published_plan(dog, vet, owner_instructions="Gloves on for the gel.")
    response = owner_a_client.get(pdf_url(dog))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "care-sheet-bramble-v" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")


def test_the_sheet_page_links_to_the_pdf(owner_a_client, dog, vet):
    published_plan(dog, vet)
    sheet = owner_a_client.get(reverse("portal:care_sheet", kwargs={"dog_uuid": dog.public_id}))
    assert pdf_url(dog) in sheet.content.decode()


def test_no_pdf_of_a_draft(owner_a_client, dog, vet):
    plan = published_plan(dog, vet)
    TreatmentPlan.objects.filter(pk=plan.pk).update(status=TreatmentPlan.Status.DRAFT)
    response = owner_a_client.get(pdf_url(dog))
    assert response.url == reverse("portal:dog_detail", kwargs={"dog_uuid": dog.public_id})


def test_another_owner_and_staff_get_no_pdf(owner_b_client, vet_client, dog, vet):
    published_plan(dog, vet)
    assert owner_b_client.get(pdf_url(dog)).status_code == 404
    assert vet_client.get(pdf_url(dog)).status_code == 403
