"""Every bad input the issue lists: a clear message on its field, nothing saved lost."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.patients.forms import DogForm
from clinic.patients.models import Dog
from clinic.patients.views.dogs import save_dog_form
from tests.factories.patients import DogFactory, OwnerFactory, photo_upload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LENGTH = "A microchip number (ISO 11784/11785) is exactly 15 digits;"


def dog_data(dog, **overrides):
    data = {
        "name": dog.name, "sex": dog.sex, "breed": dog.breed_id or "", "breed_other": "",
        "date_of_birth": dog.date_of_birth.isoformat() if dog.date_of_birth else "",
        "microchip": dog.microchip, "colour": "Red", "alerts": "",
    }
    data.update(overrides)
    return data


def edit_dog(client, dog, **overrides):
    return client.post(reverse("patients:dog_edit", kwargs={"dog_id": dog.pk}),
                       dog_data(dog, **overrides))


@pytest.mark.parametrize(
    ("chip", "message"),
    [
        ("826098100000777",
         "This microchip number is already registered to Rufus (owner Helen Carter)."),
        ("82609810000077A", "A microchip number has digits only (0–9)."),
        ("82609810000", f"{LENGTH} this has 11."),
        ("8260981000007770", f"{LENGTH} this has 16."),
    ],
)
def test_a_bad_microchip_is_refused_on_its_field(reception_client, chip, message):
    DogFactory(microchip="826098100000777", name="Rufus",
               owner__first_name="Helen", owner__last_name="Carter")
    dog = DogFactory(name="Tess", microchip="")
    response = edit_dog(reception_client, dog, microchip=chip, colour="Liver and white")
    assert response.status_code == 200
    assert response.context["form"].errors["microchip"] == [message]
    assert "Liver and white" in response.text  # what was typed stays
    dog.refresh_from_db()
    assert dog.microchip == ""
    assert dog.colour == ""


def test_a_dog_keeps_its_own_microchip_when_edited(reception_client):
    dog = DogFactory(microchip="826098100000777")
    response = edit_dog(reception_client, dog, colour="Red")
    assert response.status_code == 302


def test_a_date_of_birth_in_the_future_is_refused(reception_client):
    dog = DogFactory()
    response = edit_dog(reception_client, dog, date_of_birth=(TODAY + timedelta(1)).isoformat())
    assert response.context["form"].errors["date_of_birth"] == [
        "The date of birth cannot be in the future."
    ]


def test_a_date_of_birth_after_the_recorded_death_is_refused(reception_client):
    dog = DogFactory(is_deceased=True, deceased_on=TODAY - timedelta(days=10))
    response = edit_dog(reception_client, dog, date_of_birth=(TODAY - timedelta(5)).isoformat())
    assert response.context["form"].errors["date_of_birth"] == [
        "The date of birth cannot be after the date of death."
    ]


@pytest.mark.parametrize(
    ("died", "message"),
    [
        (TODAY + timedelta(days=1), "The date of death cannot be in the future."),
        (TODAY - timedelta(days=9 * 365), "The date of death cannot be before the date of birth."),
        (None, "This field is required."),
    ],
)
def test_an_impossible_date_of_death_is_refused(vet_client, died, message):
    dog = DogFactory(date_of_birth=TODAY - timedelta(days=8 * 365))
    response = vet_client.post(
        reverse("patients:dog_deceased", kwargs={"dog_id": dog.pk}),
        {"deceased_on": died.isoformat() if died else ""},
    )
    assert response.context["form"].errors["deceased_on"] == [message]
    dog.refresh_from_db()
    assert not dog.is_deceased


@pytest.mark.parametrize(
    ("kg", "message"),
    [
        ("0", "A weight must be at least 0.1 kg."),
        ("0.05", "Give the weight to one decimal place, e.g. 24.5."),
        ("120.1", "A weight above 120 kg is not plausible for a dog."),
        ("1200", "A weight above 120 kg is not plausible for a dog."),
        ("24.55", "Give the weight to one decimal place, e.g. 24.5."),
        ("heavy", "Enter the weight in kilograms, e.g. 24.5."),
    ],
)
def test_a_weight_out_of_range_is_refused_next_to_the_field(reception_client, kg, message):
    dog = DogFactory()
    response = reception_client.post(
        reverse("patients:weight_add", kwargs={"dog_id": dog.pk}),
        {"recorded_on": TODAY.isoformat(), "weight_kg": kg},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert message in response.context["weight_form"].errors["weight_kg"]
    assert message in response.text
    assert f'value="{kg}"' in response.text
    assert not dog.weights.exists()


def test_a_weight_dated_in_the_future_is_refused(reception_client):
    dog = DogFactory()
    response = reception_client.post(
        reverse("patients:weight_add", kwargs={"dog_id": dog.pk}),
        {"recorded_on": (TODAY + timedelta(days=2)).isoformat(), "weight_kg": "20.0"},
        headers={"HX-Request": "true"},
    )
    assert response.context["weight_form"].errors["recorded_on"] == [
        "A weight cannot be recorded in the future."
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "This is not a valid phone number."),
        ("phone", "call me", "Enter a phone number, e.g. 020 7946 0123 or +44 20 7946 0123."),
        ("email", "grace@", "Enter a valid e-mail address, e.g. name@example.org."),
    ],
)
def test_a_malformed_phone_or_e_mail_is_refused_on_its_field(reception_client, field, value,
                                                            message):
    owner = OwnerFactory(staff_notes="")
    data = {
        "first_name": owner.first_name, "last_name": owner.last_name, "phone": owner.phone,
        "email": owner.email, "preferred_contact": "phone", "staff_notes": "Prefers mornings",
        field: value,
    }
    response = reception_client.post(
        reverse("patients:owner_edit", kwargs={"owner_id": owner.pk}), data
    )
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert "Prefers mornings" in response.text
    owner.refresh_from_db()
    assert owner.staff_notes == ""


def test_a_file_that_is_not_an_image_is_refused_as_a_photo(reception_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dog = DogFactory()
    fake = SimpleUploadedFile("bramble.jpg", b"<html>not a photo</html>", "image/jpeg")
    response = reception_client.post(
        reverse("patients:dog_edit", kwargs={"dog_id": dog.pk}), {**dog_data(dog), "photo": fake}
    )
    assert response.context["form"].errors["photo"] == ["This file is not a JPEG or PNG image."]
    dog.refresh_from_db()
    assert not dog.photo


def test_an_oversized_photo_is_refused_with_the_limit(reception_client, settings):
    settings.MAX_UPLOAD_BYTES = 500
    dog = DogFactory()
    response = reception_client.post(
        reverse("patients:dog_edit", kwargs={"dog_id": dog.pk}),
        {**dog_data(dog), "photo": photo_upload(size=(400, 400))},
    )
    [error] = response.context["form"].errors["photo"]
    assert "the limit is 500" in error
    assert not Dog.objects.get(pk=dog.pk).photo


def test_a_microchip_taken_between_the_check_and_the_save_names_the_dog(db):
    DogFactory(microchip="826098100000888", name="Rufus",
               owner__first_name="Helen", owner__last_name="Carter")
    dog = DogFactory(name="Tess", microchip="")
    form = DogForm(instance=dog)
    form.cleaned_data = {}
    dog.microchip = "826098100000888"  # as if another desk saved Rufus's chip a moment ago
    assert save_dog_form(form) is False
    assert form.errors["microchip"] == [
        "This microchip number is already registered to Rufus (owner Helen Carter)."]
