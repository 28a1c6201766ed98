"""X-ray uploads: JPEG, PNG and DICOM accepted by their content; every attack refused with a
clear message and nothing stored. Every crafted file is made here."""

import io
import os
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cases.dicom import synthetic_radiograph
from cases.models import ImagingStudy, StudyImage
from tests.factories.images import jpeg_with_gps, png_bytes, png_declaring

pytestmark = pytest.mark.django_db


def named(content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def post_study(client, case, vet, *files):
    return client.post(reverse("cases:study_create", args=[case.pk]), {
        "study_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "regions": ["thorax", "abdomen"], "views": "right lateral, ventrodorsal",
        "soft_tissue_mineralisation": "yes", "mineralisation_sites": "Dorsal neck",
        "reporting_vet": vet.pk, "images": list(files),
    })


def stored_files():
    root = default_storage.location
    return [f for _, _, names in os.walk(root) for f in names] if os.path.isdir(root) else []


def test_it_stores_a_png_and_a_dicom_with_renditions_thumbnails_and_header_fields(
    vet_client, vet, case
):
    dicom = synthetic_radiograph(study_date="20260105", body_part="THORAX")
    response = post_study(vet_client, case, vet, named(png_bytes(), "lateral.png"),
                          named(dicom, "vd.dcm"))
    assert response.status_code == 302
    study = ImagingStudy.objects.get()
    assert study.regions == ["thorax", "abdomen"]
    png, dcm = study.images.order_by("id")
    assert png.source == "png"
    assert not png.original
    assert dcm.source == "dicom"
    assert (dcm.modality, dcm.body_part, str(dcm.dicom_study_date)) == ("DX", "THORAX",
                                                                          "2026-01-05")
    with dcm.original.open("rb") as handle:
        assert handle.read() == dicom  # the original, exactly as sent
    with dcm.image.open("rb") as handle:
        rendition = Image.open(handle)
        assert (rendition.format, rendition.mode, rendition.size) == ("PNG", "L", (256, 192))
        low, high = rendition.getextrema()
        assert high - low > 100  # windowed to a visible 8-bit range, not a flat grey
    assert dcm.thumbnail.name.endswith("_thumb.jpg")


def test_it_strips_gps_from_an_uploaded_photo(vet_client, vet, case):
    post_study(vet_client, case, vet, named(jpeg_with_gps(), "phone.jpg"))
    with StudyImage.objects.get().image.open("rb") as handle:
        img = Image.open(handle)
        assert len(img.getexif()) == 0


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"%PDF-1.4 not an image", "xray.jpg", "not a JPEG or PNG"),
    (png_bytes()[:60], "xray.png", "damaged or incomplete"),
    (png_declaring(20000, 20000), "bomb.png", "megapixels"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.png",
     "not a JPEG or PNG"),
    (b"<!doctype html><html><script>alert(1)</script></html>", "x.png", "not a JPEG or PNG"),
    (synthetic_radiograph(with_pixels=False), "empty.dcm", "no pixel data"),
    (png_bytes(), "renamed.dcm", "not a DICOM file"),
    (b"\0" * 128 + b"DICM" + b"\xff" * 64, "broken.dcm", "DICOM"),
], ids=["pdf-as-jpeg", "truncated", "bomb", "svg", "html", "dicom-no-pixels",
        "png-as-dicom", "corrupt-dicom"])
def test_each_attack_is_refused_with_a_message_and_nothing_stored(
    vet_client, vet, case, content, name, message
):
    response = post_study(vet_client, case, vet, named(png_bytes(), "good.png"),
                          named(content, name))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["images"])
    assert name in errors
    assert message in errors
    assert not ImagingStudy.objects.exists()
    assert not StudyImage.objects.exists()
    assert stored_files() == []


def test_a_file_over_the_size_limit_is_refused(settings, vet_client, vet, case):
    settings.MAX_UPLOAD_BYTES = 50_000
    response = post_study(vet_client, case, vet, named(synthetic_radiograph(), "big.dcm"))
    assert "the limit is" in " ".join(response.context["form"].errors["images"])
    assert not ImagingStudy.objects.exists()


def test_a_dicom_with_too_many_pixels_is_refused(settings, vet_client, vet, case):
    settings.MAX_IMAGE_PIXELS = 10_000
    response = post_study(vet_client, case, vet, named(synthetic_radiograph(), "huge.dcm"))
    assert "megapixels" in " ".join(response.context["form"].errors["images"])
