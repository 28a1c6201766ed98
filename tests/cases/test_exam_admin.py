import pytest
from django.urls import reverse

from tests.factories.cases import ExamFactory, LesionFactory, sign

pytestmark = pytest.mark.django_db


def test_the_admin_shows_a_signed_exam_read_only(admin_client_):
    lesion = LesionFactory()
    exam = sign(lesion.exam)
    url = reverse("admin:cases_exam_change", args=[exam.pk])
    response = admin_client_.get(url)
    assert response.status_code == 200
    assert 'name="assessment"' not in response.content.decode()
    admin_client_.post(url, {"assessment": "rewritten"})
    exam.refresh_from_db()
    assert exam.assessment == "Lesions stable."
    lesion_url = reverse("admin:cases_lesionobservation_change", args=[lesion.pk])
    assert 'name="largest_diameter_mm"' not in admin_client_.get(lesion_url).content.decode()
    delete_url = reverse("admin:cases_exam_delete", args=[exam.pk])
    assert admin_client_.get(delete_url).status_code == 403


def test_the_admin_edits_a_draft_exam(admin_client_):
    exam = ExamFactory()
    response = admin_client_.get(reverse("admin:cases_exam_change", args=[exam.pk]))
    assert 'name="assessment"' in response.content.decode()
