"""When to call the clinic at once is worded once and shown once: the published plan's
signs (the clinic's general ones plus its drugs' own), or the clinic's general ones."""

import re

import pytest
from django.urls import reverse

from cases.models import CareWording
from cases.services.care import compose_owner_text, general_warning_signs
from tests.factories.portal import published_plan

pytestmark = pytest.mark.django_db

PLAN_SIGNS = (
    "- a sore bleeds, smells, or discharges pus\n\n"
    "On trilostane, stop giving it and call us straight away if Bramble:\n"
    "- is weak, wobbly or collapses"
)


@pytest.fixture
def dog(owner_a):
    return owner_a.dogs.get()


def dog_page(client, dog):
    return client.get(reverse("portal:dog_detail", kwargs={"dog_uuid": dog.public_id}))


def visible_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_dog_page_shows_the_plans_warning_signs_once(owner_a_client, dog, vet):
    published_plan(dog, vet, owner_warning_signs=PLAN_SIGNS)
    text = visible_text(dog_page(owner_a_client, dog))
    assert text.count("discharges pus") == 1
    assert text.count("is weak, wobbly or collapses") == 1
    assert text.count("Call the clinic straight away if") == 1
    assert "Call us at once" not in text  # the plan's block is not repeated


def test_without_a_plan_the_dog_page_shows_the_clinics_general_signs(owner_a_client, dog):
    general = general_warning_signs(dog.name)
    assert "discharges pus" in general
    text = visible_text(dog_page(owner_a_client, dog))
    assert text.count("discharges pus") == 1
    assert f"{dog.name} shows pain" in text


def test_the_general_signs_are_the_clinics_one_wording(owner_a_client, dog):
    CareWording.objects.filter(topic="warning_signs").update(
        text="- {dog} has a sore that oozes"
    )
    text = visible_text(dog_page(owner_a_client, dog))
    assert "Bramble has a sore that oozes" in text
    assert "discharges pus" not in text


def test_a_composed_plan_starts_from_the_general_signs(dog, vet):
    plan = published_plan(dog, vet)
    _instructions, warnings = compose_owner_text(plan)
    assert warnings.startswith(general_warning_signs(dog.name))


def test_the_care_sheet_shows_the_signs_once(owner_a_client, dog, vet):
    published_plan(dog, vet, owner_warning_signs=PLAN_SIGNS)
    sheet = owner_a_client.get(reverse("portal:care_sheet", kwargs={"dog_uuid": dog.public_id}))
    assert visible_text(sheet).count("discharges pus") == 1
