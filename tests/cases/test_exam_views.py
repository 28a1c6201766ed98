from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Exam, ExamAddendum, LesionObservation
from tests.factories.cases import (
    CaseFactory,
    ExamFactory,
    LesionFactory,
    LesionPhotoFactory,
    sign,
)
from tests.factories.patients import photo_upload

pytestmark = pytest.mark.django_db


def exam_data(**overrides):
    return {
        "examined_on": timezone.localdate().isoformat(),
        "subjective": "Scratching less at night",
        "objective": "Three firm plaques, dorsal neck",
        "assessment": "Improving",
        "plan": "Continue trilostane",
        "weight_kg": "24.6",
        "temperature_c": "38.6",
        "pain_vocalisation": "0", "pain_attention_to_wound": "2", "pain_mobility": "1",
        "pain_response_to_touch": "2", "pain_demeanour": "1", "pain_posture": "1",
        "pain_mobility_assessable": "on",
        "pruritus_score": "4",
        "clinical_signs": ["plaques", "erythema", "polyuria_polydipsia"],
        **overrides,
    }


def _create(client, case, **overrides):
    return client.post(reverse("cases:exam_create", kwargs={"case_id": case.pk}),
                       exam_data(**overrides))


def test_it_records_an_exam_with_its_weight_in_the_dogs_history(vet_client, vet):
    case = CaseFactory()
    response = _create(vet_client, case)
    exam = case.exams.get()
    assert response.url == reverse("cases:exam_detail", kwargs={"exam_id": exam.pk})
    assert exam.vet == vet
    assert exam.pain_total == 7
    assert exam.analgesia_indicated
    assert exam.clinical_signs == ["plaques", "erythema", "polyuria_polydipsia"]
    weight = case.dog.latest_weight()
    assert weight.weight_kg == Decimal("24.6")
    assert weight.recorded_by == vet
    assert exam.weight_record == weight


def test_editing_the_draft_weight_updates_the_same_weight_record(vet_client):
    case = CaseFactory()
    _create(vet_client, case)
    exam = case.exams.get()
    vet_client.post(reverse("cases:exam_edit", kwargs={"exam_id": exam.pk}),
                    exam_data(weight_kg="25.0"))
    assert list(case.dog.weights.values_list("weight_kg", flat=True)) == [Decimal("25.0")]
    vet_client.post(reverse("cases:exam_edit", kwargs={"exam_id": exam.pk}),
                    exam_data(weight_kg=""))
    assert not case.dog.weights.exists()


def test_the_form_shows_the_threshold_and_the_glasgow_attribution(vet_client):
    case = CaseFactory()
    body = vet_client.get(reverse("cases:exam_create", kwargs={"case_id": case.pk})).content
    body = body.decode()
    assert "≥ 6/24 or ≥ 5/20" in body
    assert "University of Glasgow" in body
    assert "Licking wound or painful area" in body
    assert 'name="pain_total"' not in body  # computed, never typed


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"pain_vocalisation": "4"}, "pain_vocalisation", "scored 0–3; 4 is outside the scale"),
    ({"pain_response_to_touch": "9"}, "pain_response_to_touch", "scored 0–5"),
    ({"pain_demeanour": ""}, "pain_demeanour", "Score every item"),
    ({"pruritus_score": "11"}, "pruritus_score", "0 to 10"),
    ({"temperature_c": "48.0"}, "temperature_c", "not a plausible reading"),
    ({"weight_kg": "0"}, "weight_kg", "greater than or equal to 0.1"),
    ({"clinical_signs": ["vomiting_blood"]}, "clinical_signs", "not one of the available"),
    ({"examined_on": (timezone.localdate() + timedelta(days=2)).isoformat()},
     "examined_on", "future"),
])
def test_it_refuses_bad_exam_input_next_to_the_field(vet_client, overrides, field, message):
    case = CaseFactory()
    response = _create(vet_client, case, **overrides)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert not case.exams.exists()
    assert response.context["form"]["subjective"].value() == "Scratching less at night"


def test_it_refuses_an_exam_before_the_case_opened(vet_client):
    case = CaseFactory()
    response = _create(vet_client, case,
                       examined_on=(case.opened_on - timedelta(days=1)).isoformat())
    assert "before that" in " ".join(response.context["form"].errors["examined_on"])


def test_mobility_can_be_left_out_when_it_cannot_be_assessed(vet_client):
    case = CaseFactory()
    data = exam_data(pain_mobility="")
    del data["pain_mobility_assessable"]
    vet_client.post(reverse("cases:exam_create", kwargs={"case_id": case.pk}), data)
    exam = case.exams.get()
    assert (exam.pain_total, exam.pain_max, exam.analgesia_indicated) == (6, 20, True)


def test_it_signs_an_exam_off(vet_client, vet):
    exam = ExamFactory()
    response = vet_client.post(reverse("cases:exam_sign_off", kwargs={"exam_id": exam.pk}),
                               follow=True)
    exam.refresh_from_db()
    assert exam.is_signed
    assert exam.signed_off_by == vet
    assert "read-only" in response.content.decode()
    assert "Edit exam" not in response.content.decode()


def test_signing_twice_keeps_the_first_signature(vet_client, vet2):
    exam = sign(ExamFactory(), by=vet2)
    signed_at = exam.signed_off_at
    response = vet_client.post(reverse("cases:exam_sign_off", kwargs={"exam_id": exam.pk}),
                               follow=True)
    exam.refresh_from_db()
    assert (exam.signed_off_by, exam.signed_off_at) == (vet2, signed_at)
    assert "already signed off" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_signed_exam_cannot_be_edited_even_by_a_forged_post(vet_client, method):
    exam = sign(ExamFactory())
    url = reverse("cases:exam_edit", kwargs={"exam_id": exam.pk})
    response = getattr(vet_client, method)(url, exam_data(assessment="rewritten"), follow=True)
    exam.refresh_from_db()
    assert exam.assessment == "Lesions stable."
    assert "signed off and read-only" in response.content.decode()


def test_lesions_of_a_signed_exam_cannot_be_added_edited_or_removed(vet_client):
    lesion = LesionFactory()
    sign(lesion.exam)
    data = {"site": "inguinal", "lesion_count": "1", "largest_diameter_mm": "3"}
    for url in (
        reverse("cases:lesion_add", kwargs={"exam_id": lesion.exam_id}),
        reverse("cases:lesion_edit", kwargs={"lesion_id": lesion.pk}),
        reverse("cases:lesion_delete", kwargs={"lesion_id": lesion.pk}),
    ):
        response = vet_client.post(url, data, follow=True)
        assert "signed off and read-only" in response.content.decode()
    assert list(LesionObservation.objects.all()) == [lesion]
    lesion.refresh_from_db()
    assert lesion.largest_diameter_mm == Decimal("18.5")


def test_it_adds_an_addendum_beside_the_signed_original(vet_client, vet):
    exam = sign(ExamFactory())
    vet_client.post(reverse("cases:addendum_add", kwargs={"exam_id": exam.pk}),
                    {"reason": "Wrong site recorded", "text": "It was the right axilla."})
    addendum = exam.addenda.get()
    assert (addendum.author, addendum.reason) == (vet, "Wrong site recorded")
    body = vet_client.get(reverse("cases:exam_detail", kwargs={"exam_id": exam.pk}))
    body = body.content.decode()
    assert "It was the right axilla." in body
    assert "Lesions stable." in body  # the original stays


def test_an_addendum_needs_a_reason_and_a_signed_exam(vet_client):
    signed = sign(ExamFactory())
    response = vet_client.post(reverse("cases:addendum_add", kwargs={"exam_id": signed.pk}),
                               {"reason": "", "text": "x"})
    assert "reason" in response.context["form"].errors
    draft = ExamFactory()
    vet_client.post(reverse("cases:addendum_add", kwargs={"exam_id": draft.pk}),
                    {"reason": "r", "text": "x"})
    assert not ExamAddendum.objects.exists()


def test_an_addendum_cannot_be_changed():
    from django.core.exceptions import ValidationError

    from tests.factories.cases import AddendumFactory

    addendum = AddendumFactory(exam=sign(ExamFactory()))
    addendum.text = "changed"
    with pytest.raises(ValidationError):
        addendum.save()


def lesion_data(**overrides):
    return {
        "site": "dorsal_neck", "site_detail": "", "lesion_count": "3",
        "largest_diameter_mm": "14.5", "ulceration": "on", "notes": "", **overrides,
    }


def test_it_records_lesions_at_a_site_with_photos(vet_client, vet):
    exam = ExamFactory()
    vet_client.post(reverse("cases:lesion_add", kwargs={"exam_id": exam.pk}),
                    {**lesion_data(),
                     "photos": [photo_upload("a.jpg"), photo_upload("b.png", fmt="PNG")]})
    lesion = exam.lesions.get()
    assert (lesion.lesion_count, lesion.largest_diameter_mm, lesion.ulceration) == (
        3, Decimal("14.5"), True
    )
    assert lesion.photos.count() == 2
    assert all(photo.uploaded_by == vet and photo.thumbnail for photo in lesion.photos.all())
    assert lesion.history.first().history_user == vet


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"largest_diameter_mm": "0"}, "largest_diameter_mm", "more than 0 mm"),
    ({"largest_diameter_mm": "-3"}, "largest_diameter_mm", "more than 0 mm"),
    ({"largest_diameter_mm": "301"}, "largest_diameter_mm", "above 300 mm"),
    ({"lesion_count": "0"}, "lesion_count", "at least one"),
    ({"site": "other"}, "site_detail", "Say where"),
    ({"site": "armpit"}, "site", "not one of the available"),
])
def test_it_refuses_bad_lesion_input(vet_client, overrides, field, message):
    exam = ExamFactory()
    response = vet_client.post(reverse("cases:lesion_add", kwargs={"exam_id": exam.pk}),
                               lesion_data(**overrides))
    assert message in " ".join(response.context["form"].errors[field])
    assert not exam.lesions.exists()


def test_it_refuses_a_file_that_is_not_an_image(vet_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exam = ExamFactory()
    fake = SimpleUploadedFile("lesion.png", b"not an image", content_type="image/png")
    response = vet_client.post(reverse("cases:lesion_add", kwargs={"exam_id": exam.pk}),
                               {**lesion_data(), "photos": [fake]})
    assert "photos" in response.context["form"].errors
    assert not exam.lesions.exists()


def test_the_same_site_twice_on_one_exam_is_refused(vet_client):
    lesion = LesionFactory()
    response = vet_client.post(reverse("cases:lesion_add", kwargs={"exam_id": lesion.exam_id}),
                               lesion_data())
    assert "already recorded" in " ".join(response.context["form"].errors["site"])


def test_photos_are_served_to_vets_only(vet_client, reception_client, owner_a_client):
    photo = LesionPhotoFactory()
    for name in ("cases:lesion_photo", "cases:lesion_photo_thumbnail"):
        url = reverse(name, kwargs={"photo_id": photo.pk})
        response = vet_client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] in ("image/png", "image/jpeg")
        assert response["Content-Security-Policy"] == "sandbox"
        assert reception_client.get(url).status_code == 403
        assert owner_a_client.get(url).status_code == 403


def test_reception_cannot_open_exams(reception_client):
    exam = ExamFactory()
    assert reception_client.get(
        reverse("cases:exam_detail", kwargs={"exam_id": exam.pk})
    ).status_code == 403
    assert reception_client.post(
        reverse("cases:exam_create", kwargs={"case_id": exam.case_id}), exam_data()
    ).status_code == 403
    assert Exam.objects.count() == 1


def test_no_new_exam_is_recorded_on_a_closed_case(vet_client):
    case = CaseFactory(status="resolved", closed_on=timezone.localdate())
    response = _create(vet_client, case)
    assert response.url == reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert not case.exams.exists()
    page = vet_client.get(response.url)
    assert "This case is closed" in page.content.decode()
