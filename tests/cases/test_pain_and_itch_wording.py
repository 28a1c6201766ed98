"""The pain scale carries its published attribution and caveat; the itch score is named
for what it is (a simple 0–10 score, not Hill's validated PVAS)."""

import pytest
from django.urls import reverse

from tests.factories.cases import CaseFactory, ExamFactory

pytestmark = pytest.mark.django_db

PUBLISHED = ("© University of Glasgow 2008, licensed to NewMetrica, for personal and "
             "educational use")


def test_the_exam_form_shows_the_glasgow_attribution_as_published(vet_client):
    case = CaseFactory()
    page = vet_client.get(reverse("cases:exam_create", kwargs={"case_id": case.pk}))
    text = page.content.decode()
    assert PUBLISHED in text
    assert "developed for acute" in text
    assert "licence for clinical use" not in text
    assert "Itch score (0–10)" in text
    assert "visual analogue scale (Hill" in text  # only to say it is not that scale
    assert "not the validated" in text


def test_the_exam_page_shows_the_attribution_and_an_itch_score(vet_client):
    exam = ExamFactory(pruritus_score=4, pain_vocalisation=0)
    page = vet_client.get(reverse("cases:exam_detail", kwargs={"exam_id": exam.pk}))
    text = page.content.decode()
    assert PUBLISHED in text
    assert "Itch score" in text
    assert "Pruritus" not in text


def test_the_owner_form_asks_for_an_itch_score_not_a_pvas(owner_a_client, owner_a):
    dog = owner_a.dogs.get()
    page = owner_a_client.get(reverse("portal:observation_new", kwargs={"dog_uuid": dog.public_id}))
    text = page.content.decode()
    assert "Itch score" in text
    assert "visual analogue" not in text
