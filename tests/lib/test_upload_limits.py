"""Pixel limits: DICOM counts frames × rows × columns × samples from its header; one form's
images together are capped; the portal has its own lower limits."""

import io
from datetime import timedelta

import pydicom
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.dicom import declared_pixels, process_dicom, synthetic_radiograph
from cases.models import HomeObservation, ImagingStudy
from clinic.lib.uploads import MultipleClinicalImageField
from tests.factories.diagnostics import CaseFactory
from tests.factories.images import png_bytes
from tests.portal.test_observations import answers, report_url

pytestmark = pytest.mark.django_db


def multi_frame_dicom(frames, width=64, height=48):
    dataset = pydicom.dcmread(io.BytesIO(synthetic_radiograph(width, height)))
    dataset.NumberOfFrames = frames
    dataset.PixelData = dataset.PixelData * frames
    out = io.BytesIO()
    dataset.save_as(out, enforce_file_format=True)
    return out.getvalue()


def upload(content, name):
    return SimpleUploadedFile(name, content)


def test_a_dicom_counts_every_frame_and_sample():
    assert declared_pixels(io.BytesIO(multi_frame_dicom(30))) == 30 * 64 * 48


def test_a_multi_frame_dicom_over_the_limit_is_refused_before_decoding(settings, monkeypatch):
    settings.MAX_IMAGE_PIXELS = 64 * 48 * 10  # one frame fits; thirty do not
    # Decoding would fail the test: the header alone must decide.
    monkeypatch.setattr(pydicom.dataset.Dataset, "pixel_array",
                        property(lambda self: pytest.fail("pixel data was decoded")))
    with pytest.raises(ValidationError) as refused:
        process_dicom(upload(multi_frame_dicom(30), "cine.dcm"))
    assert refused.value.code == "too_many_pixels"
    assert "megapixels" in refused.value.messages[0]


def test_a_multi_frame_dicom_under_the_limit_is_accepted(settings):
    settings.MAX_IMAGE_PIXELS = 64 * 48 * 10
    assert process_dicom(upload(multi_frame_dicom(5), "short.dcm")).rendition.width == 64


def test_one_forms_images_together_are_capped(settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100
    settings.MAX_REQUEST_IMAGE_PIXELS = 2 * 100 * 100
    field = MultipleClinicalImageField(max_files=5)
    two = [upload(png_bytes((100, 100)), f"{n}.png") for n in range(2)]
    assert len(field.clean(two)) == 2
    three = [upload(png_bytes((100, 100)), f"{n}.png") for n in range(3)]
    with pytest.raises(ValidationError) as refused:
        field.clean(three)
    assert refused.value.error_list[0].code == "too_many_pixels_in_total"


def test_a_studys_dicom_files_count_towards_the_forms_total(settings, vet_client, vet, owner_a):
    case = CaseFactory(dog=owner_a.dogs.get(), attending_vet=vet)
    settings.MAX_REQUEST_IMAGE_PIXELS = 64 * 48 * 20
    response = vet_client.post(reverse("cases:study_create", args=[case.pk]), {
        "study_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "regions": ["thorax"], "views": "right lateral", "soft_tissue_mineralisation": "no",
        "reporting_vet": vet.pk,
        "images": [upload(multi_frame_dicom(15), "a.dcm"), upload(multi_frame_dicom(15), "b.dcm")],
    })
    assert "Together these images are" in " ".join(response.context["form"].errors["images"])
    assert not ImagingStudy.objects.exists()


def test_the_portal_has_lower_limits_than_the_clinic(settings):
    assert settings.PORTAL_MAX_IMAGE_PIXELS < settings.MAX_IMAGE_PIXELS
    assert settings.PORTAL_MAX_REQUEST_IMAGE_PIXELS < settings.MAX_REQUEST_IMAGE_PIXELS
    assert settings.PORTAL_MAX_UPLOAD_BYTES < settings.MAX_UPLOAD_BYTES


def test_an_owners_photo_over_the_portal_limit_is_refused(settings, owner_a, owner_a_client):
    settings.PORTAL_MAX_IMAGE_PIXELS = 50 * 50  # the clinic's own limit stays high
    photo = upload(png_bytes((60, 60)), "lesion.png")
    response = owner_a_client.post(report_url(owner_a.dogs.get()), answers(photos=[photo]))
    assert "megapixels" in " ".join(response.context["form"].errors["photos"])
    assert not HomeObservation.objects.exists()


def test_an_owners_photos_together_over_the_portal_total_are_refused(settings, owner_a,
                                                                     owner_a_client):
    settings.PORTAL_MAX_REQUEST_IMAGE_PIXELS = 2 * 60 * 60
    photos = [upload(png_bytes((60, 60)), f"{n}.png") for n in range(3)]
    response = owner_a_client.post(report_url(owner_a.dogs.get()), answers(photos=photos))
    assert "Together these images are" in " ".join(response.context["form"].errors["photos"])
    assert not HomeObservation.objects.exists()
