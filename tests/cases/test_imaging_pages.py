"""X-ray study pages: the viewer, private image files per role, query counts."""

import pytest
from django.urls import reverse

from tests.factories.diagnostics import CaseFactory, ImagingStudyFactory, add_images
from tests.factories.images import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(vet, owner_a):
    study = ImagingStudyFactory(case=CaseFactory(dog=owner_a.dogs.get(), attending_vet=vet))
    add_images(study, png=1, dicom=1)
    return study


def image_urls(study):
    for image in study.images.all():
        for name in ("study_image", "study_thumbnail", "study_original"):
            yield name, reverse(f"cases:{name}", args=[study.case_id, study.pk, image.pk])


def test_the_study_page_shows_the_viewer_with_every_image(vet_client, study):
    page = vet_client.get(reverse("cases:study_detail", args=[study.case_id, study.pk]))
    html = page.content.decode()
    assert html.count("data-viewer-image") == 2
    assert "js/imaging.js" in html
    assert "DICOM original" in html
    assert "style=" not in html


def test_images_are_served_only_to_vets(client_for, vet, reception, owner_a, owner_b, study):
    for name, url in image_urls(study):
        response = client_for(vet).get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == "sandbox"
        if name == "study_original":
            assert response["Content-Disposition"].startswith("attachment")
        for outsider in (reception, owner_a.user, owner_b.user):
            assert client_for(outsider).get(url).status_code == 403, (outsider, url)


def test_the_dicom_original_is_served_as_dicom(vet_client, study):
    dicom = study.images.get(source="dicom")
    response = vet_client.get(
        reverse("cases:study_original", args=[study.case_id, study.pk, dicom.pk])
    )
    assert response["Content-Type"] == "application/dicom"
    assert b"".join(response.streaming_content)[128:132] == b"DICM"


def test_an_image_of_another_study_is_not_found(vet_client, vet, study):
    other = ImagingStudyFactory(case=study.case)
    image = study.images.first()
    url = reverse("cases:study_image", args=[study.case_id, other.pk, image.pk])
    assert vet_client.get(url).status_code == 404


def test_editing_a_study_adds_images_and_keeps_the_ones_there(vet_client, vet, study):
    from tests.cases.test_imaging_uploads import named

    vet_client.post(reverse("cases:study_edit", args=[study.case_id, study.pk]), {
        "study_date": study.study_date.isoformat(), "regions": ["thorax"],
        "soft_tissue_mineralisation": "equivocal", "reporting_vet": vet.pk,
        "owner_summary": "The X-rays show small mineral deposits under the skin.",
        "shared_with_owner": "on", "images": [named(png_bytes(), "extra.png")],
    })
    study.refresh_from_db()
    assert study.images.count() == 3
    assert study.shared_with_owner


def test_mineralisation_sites_need_mineralisation_seen(vet_client, vet, study):
    response = vet_client.post(reverse("cases:study_edit", args=[study.case_id, study.pk]), {
        "study_date": study.study_date.isoformat(), "regions": ["thorax"],
        "soft_tissue_mineralisation": "no", "mineralisation_sites": "Neck",
        "reporting_vet": vet.pk,
    })
    assert response.context["form"].errors["mineralisation_sites"]


def test_the_study_list_uses_the_same_queries_for_many_studies(
    vet_client, study, django_assert_max_num_queries
):
    url = reverse("cases:study_list", args=[study.case_id])
    with django_assert_max_num_queries(12) as few:
        vet_client.get(url)
    for _ in range(4):
        add_images(ImagingStudyFactory(case=study.case), png=2, dicom=0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = vet_client.get(url)
    assert response.content.decode().count("xray-thumb") == 10
