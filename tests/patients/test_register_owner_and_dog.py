from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.patients.models import Breed, Dog, Owner

pytestmark = pytest.mark.django_db

URL = reverse("patients:register")


def form_data(**overrides):
    data = {
        "owner-first_name": "Grace",
        "owner-last_name": "Hopper",
        "owner-phone": "020 7946 0456",
        "owner-email": "Grace@Example.org",
        "owner-preferred_contact": "phone",
        "owner-address": "1 Harbour Street",
        "owner-postcode": "SE1 1AA",
        "owner-reminder_consent": "on",
        "dog-name": "Biscuit",
        "dog-breed": str(Breed.objects.get(name="Beagle").pk),
        "dog-sex": "male",
        "dog-neutered": "on",
        "dog-date_of_birth": (timezone.localdate() - timedelta(days=900)).isoformat(),
        "dog-microchip": "826 098 100 000 555",
        "dog-colour": "Tricolour",
        "dog-alerts": "bites, long-term corticosteroids",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_registers_the_owner_and_first_dog_together(reception_client, reception):
    response = reception_client.post(URL, form_data())
    dog = Dog.objects.get(name="Biscuit")
    assert response.status_code == 302
    assert response.url == reverse("patients:dog", kwargs={"dog_id": dog.pk})
    owner = dog.owner
    assert owner.phone == "+442079460456"
    assert owner.email == "grace@example.org"
    assert owner.reminder_consent
    assert owner.reminder_consent_changed_on == timezone.localdate()
    assert dog.microchip == "826098100000555"
    assert dog.alert_list == ["bites", "long-term corticosteroids"]
    assert owner.history.first().history_user == reception


def test_a_bad_dog_saves_no_owner_either_and_shows_both_forms_errors(reception_client):
    response = reception_client.post(
        URL, form_data(**{"owner-phone": "12", "dog-microchip": "12AB"})
    )
    assert response.status_code == 200
    assert not Owner.objects.filter(last_name="Hopper").exists()
    owner_form, dog_form = response.context["owner_form"], response.context["dog_form"]
    assert "phone" in owner_form.errors
    assert dog_form.errors["microchip"] == ["A microchip number has digits only (0–9)."]
    # Nothing typed is lost.
    assert 'value="Grace"' in response.text
    assert 'value="Biscuit"' in response.text
    assert "bites, long-term corticosteroids" in response.text


def test_an_approximate_age_is_stored_as_an_estimated_date_of_birth(reception_client):
    reception_client.post(
        URL, form_data(**{"dog-date_of_birth": "", "dog-age_years": "7", "dog-age_months": ""})
    )
    dog = Dog.objects.get(name="Biscuit")
    assert dog.date_of_birth_estimated
    assert dog.age_display == "about 7 y"
    page = reception_client.get(reverse("patients:dog", kwargs={"dog_id": dog.pk}))
    assert "about 7 y" in page.text


def test_a_date_and_an_age_together_is_refused_on_the_age(reception_client):
    response = reception_client.post(URL, form_data(**{"dog-age_years": "3"}))
    assert "age_years" in response.context["dog_form"].errors


def test_it_registers_a_dog_with_a_photo_and_its_thumbnail(reception_client):
    from tests.factories.patients import photo_upload

    reception_client.post(URL, {**form_data(), "dog-photo": photo_upload()})
    dog = Dog.objects.get(name="Biscuit")
    assert dog.photo.name.endswith(".jpg")
    assert dog.photo_thumbnail.name.endswith("_thumb.jpg")
    assert dog.photo.storage.exists(dog.photo.name)


def test_the_page_offers_both_forms(reception_client):
    response = reception_client.get(URL)
    assert response.status_code == 200
    assert 'name="owner-phone"' in response.text
    assert 'name="dog-microchip"' in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_a_refused_registration_asks_for_the_photo_again(reception_client):
    from tests.factories.patients import photo_upload

    response = reception_client.post(
        URL, {**form_data(**{"owner-phone": "12"}), "dog-photo": photo_upload()}
    )
    assert "please choose the photo again" in response.text
    assert not Dog.objects.exists()
