"""Consent before a biopsy: who, when, what they were told, signed on screen or on paper."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases.models import Biopsy, ConsentRecord, ConsentTemplate
from tests.factories.diagnostics import MINIMAL_PDF, BiopsyFactory, CaseFactory, signature_data_url
from tests.factories.images import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def biopsy(vet, owner_a):
    return BiopsyFactory(case=CaseFactory(dog=owner_a.dogs.get(), attending_vet=vet))


def consent_url(biopsy, name="consent_create"):
    return reverse(f"cases:{name}", args=[biopsy.case_id, biopsy.pk])


def form_data(**extra):
    return {
        "template": ConsentTemplate.default().pk, "consented_by": "owner",
        "consented_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), **extra,
    }


def named_file(content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_the_default_template_explains_the_risks_domain_md_lists():
    template = ConsentTemplate.default()
    text = template.risks_text.lower()
    for risk in ("sedation", "anaesthesia", "bleed", "infect", "heal"):
        assert risk in text


def test_a_signature_drawn_on_screen_puts_consent_on_file(vet_client, vet, biopsy):
    response = vet_client.post(consent_url(biopsy),
                               form_data(signature_data=signature_data_url()))
    assert response.status_code == 302
    consent = ConsentRecord.objects.get()
    assert consent.explained_by == vet
    assert consent.signature.name.endswith(".png")
    assert "bleed" in consent.risks_text  # the template's text, copied
    assert Biopsy.objects.get().status == Biopsy.Status.CONSENT_SIGNED
    served = vet_client.get(consent_url(biopsy, "consent_signature"))
    assert served["Content-Type"] == "image/png"


def test_editing_the_template_later_never_changes_a_signed_consent(vet_client, biopsy):
    vet_client.post(consent_url(biopsy), form_data(signature_data=signature_data_url()))
    ConsentTemplate.objects.update(risks_text="Changed")
    assert "bleed" in ConsentRecord.objects.get().risks_text


@pytest.mark.parametrize(("content", "name"), [
    (MINIMAL_PDF, "signed.pdf"),
    (png_bytes((800, 1100), (250, 250, 250)), "signed.png"),
])
def test_a_scanned_signed_form_puts_consent_on_file(vet_client, biopsy, content, name):
    response = vet_client.post(consent_url(biopsy),
                               form_data(scanned_form=named_file(content, name)))
    assert response.status_code == 302
    assert ConsentRecord.objects.get().scanned_form


def test_without_a_signature_or_a_scan_nothing_is_stored(vet_client, biopsy):
    response = vet_client.post(consent_url(biopsy), form_data())
    assert "sign on screen, or attach the scanned signed form" in response.content.decode()
    assert not ConsentRecord.objects.exists()
    assert Biopsy.objects.get().status == Biopsy.Status.PLANNED


@pytest.mark.parametrize(("data_url", "message"), [
    ("data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", "could not be read"),
    ("data:image/png;base64,@@not-base64@@", "could not be read"),
    ("data:image/png;base64,PGh0bWw+PC9odG1sPg==", "not a JPEG or PNG"),
    (signature_data_url(png_bytes(mode="RGBA", colour=(0, 0, 0, 0))), "box is empty"),
])
def test_a_bad_signature_is_refused_on_its_field(vet_client, biopsy, data_url, message):
    response = vet_client.post(consent_url(biopsy), form_data(signature_data=data_url))
    assert message in str(response.context["form"].errors["signature_data"])
    assert not ConsentRecord.objects.exists()


def test_an_html_file_renamed_pdf_is_refused_as_a_scan(vet_client, biopsy):
    response = vet_client.post(consent_url(biopsy), form_data(
        scanned_form=named_file(b"<html><body>hi</body></html>", "form.pdf")))
    assert "not a JPEG or PNG" in str(response.context["form"].errors["scanned_form"])
    assert not ConsentRecord.objects.exists()


def test_an_agent_must_be_named_with_their_relationship(vet_client, biopsy):
    response = vet_client.post(consent_url(biopsy), form_data(
        consented_by="agent", signature_data=signature_data_url()))
    errors = response.context["form"].errors
    assert "agent_name" in errors
    assert "agent_relationship" in errors
    vet_client.post(consent_url(biopsy), form_data(
        consented_by="agent", agent_name="Sam Carter", agent_relationship="Owner's son",
        signature_data=signature_data_url()))
    assert ConsentRecord.objects.get().signer_name == "Sam Carter (Owner's son)"


def test_the_printable_consent_shows_what_was_explained_and_the_signature(vet_client, biopsy):
    vet_client.post(consent_url(biopsy), form_data(signature_data=signature_data_url()))
    page = vet_client.get(consent_url(biopsy, "consent_print")).content.decode()
    assert "data-print" in page
    assert "The risks explained" in page
    assert reverse("cases:consent_signature", args=[biopsy.case_id, biopsy.pk]) in page
    assert "Alice Owner" in page


def test_the_signature_is_stored_without_metadata(vet_client, biopsy):
    vet_client.post(consent_url(biopsy), form_data(signature_data=signature_data_url()))
    with ConsentRecord.objects.get().signature.open("rb") as handle:
        img = Image.open(handle)
        img.load()
        assert img.format == "PNG"
        assert not getattr(img, "text", {})
