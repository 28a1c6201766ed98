from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Exam, SignedExamError
from tests.factories.cases import CaseFactory, ExamFactory, LesionFactory, sign

pytestmark = pytest.mark.django_db

FULL = {
    "pain_vocalisation": 1, "pain_attention_to_wound": 2, "pain_mobility": 1,
    "pain_response_to_touch": 1, "pain_demeanour": 0, "pain_posture": 1,
}


def test_it_computes_the_pain_total_from_the_items():
    exam = ExamFactory(**FULL)
    assert exam.pain_total == 6
    assert exam.pain_max == 24


def test_it_leaves_mobility_out_of_the_total_when_it_cannot_be_assessed():
    exam = ExamFactory(**{**FULL, "pain_mobility": None}, pain_mobility_assessable=False)
    assert exam.pain_total == 5
    assert exam.pain_max == 20


def test_the_total_cannot_be_typed_in():
    exam = ExamFactory(**FULL)
    exam.pain_total = 20
    exam.save()
    exam.refresh_from_db()
    assert exam.pain_total == 6


def test_an_exam_without_every_item_has_no_total():
    assert ExamFactory(pain_vocalisation=2).pain_total is None


@pytest.mark.parametrize(("items", "assessable", "indicated"), [
    ({**FULL}, True, True),  # 6/24
    ({**FULL, "pain_posture": 0}, True, False),  # 5/24
    ({**FULL, "pain_mobility": None}, False, True),  # 5/20
    ({**FULL, "pain_mobility": None, "pain_posture": 0}, False, False),  # 4/20
])
def test_it_flags_analgesia_at_the_glasgow_intervention_level(items, assessable, indicated):
    exam = ExamFactory(**items, pain_mobility_assessable=assessable)
    assert exam.analgesia_indicated is indicated


def test_it_finds_the_latest_exam_with_a_pain_score():
    case = CaseFactory()
    today = timezone.localdate()
    ExamFactory(case=case, examined_on=today - timedelta(days=30), **FULL)
    scored = ExamFactory(case=case, examined_on=today - timedelta(days=10), **FULL)
    ExamFactory(case=case, examined_on=today)  # not scored
    assert case.latest_pain_exam() == scored
    assert CaseFactory().latest_pain_exam() is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("pain_vocalisation", 4, "scored 0–3; 4 is outside"),
    ("pain_response_to_touch", 6, "scored 0–5; 6 is outside"),
    ("pain_mobility", 5, "scored 0–4; 5 is outside"),
    ("pruritus_score", 11, "0 to 10"),
    ("temperature_c", Decimal("45.0"), "not a plausible"),
    ("temperature_c", Decimal("25.0"), "not a plausible"),
])
def test_it_refuses_values_outside_their_scale(field, value, message):
    exam = ExamFactory.build(case=CaseFactory(), **{field: value})
    with pytest.raises(ValidationError, match=message) as caught:
        exam.full_clean()
    assert field in caught.value.message_dict


def test_it_refuses_a_partly_scored_pain_scale():
    exam = ExamFactory.build(case=CaseFactory(), pain_vocalisation=1)
    with pytest.raises(ValidationError, match="every item") as caught:
        exam.full_clean()
    assert "pain_demeanour" in caught.value.message_dict


def test_it_refuses_an_exam_dated_in_the_future():
    exam = ExamFactory.build(
        case=CaseFactory(), examined_on=timezone.localdate() + timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="future"):
        exam.full_clean()


def test_it_refuses_an_exam_dated_before_the_case_opened():
    case = CaseFactory()
    exam = ExamFactory.build(case=case, examined_on=case.opened_on - timedelta(days=1))
    with pytest.raises(ValidationError, match="before that"):
        exam.full_clean()


def test_it_stores_clinical_signs_as_known_codes_only():
    exam = ExamFactory(clinical_signs=["plaques", "erythema", "plaques"])
    exam.refresh_from_db()
    assert exam.clinical_signs == ["plaques", "erythema"]
    assert exam.clinical_sign_labels() == ["Plaques", "Erythema"]
    exam.clinical_signs = ["plaques", "vomiting_blood"]
    with pytest.raises(ValidationError, match="vomiting_blood"):
        exam.full_clean()


def test_a_signed_exam_cannot_be_saved_again():
    exam = sign(ExamFactory())
    exam.assessment = "rewritten"
    with pytest.raises(SignedExamError):
        exam.save()
    assert Exam.objects.get(pk=exam.pk).assessment == "Lesions stable."


def test_lesions_of_a_signed_exam_cannot_be_changed_added_or_removed():
    lesion = LesionFactory()
    sign(lesion.exam)
    lesion.largest_diameter_mm = Decimal("2.0")
    with pytest.raises(SignedExamError):
        lesion.save()
    with pytest.raises(SignedExamError):
        LesionFactory(exam=lesion.exam, site="inguinal")
    with pytest.raises(SignedExamError):
        lesion.delete()


def test_the_signed_and_visible_querysets(vet, reception, administrator):
    draft, signed = ExamFactory(), sign(ExamFactory())
    assert list(Exam.objects.signed()) == [signed]
    assert set(Exam.objects.visible_to(vet)) == {draft, signed}
    assert set(Exam.objects.visible_to(administrator)) == {draft, signed}
    assert not Exam.objects.visible_to(reception).exists()
