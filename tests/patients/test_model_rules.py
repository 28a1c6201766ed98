from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from clinic.patients.models import (
    Dog,
    Owner,
    WeightRecord,
    estimated_date_of_birth,
    phone_search_digits,
)
from tests.factories.patients import DogFactory, OwnerFactory, WeightRecordFactory

pytestmark = pytest.mark.django_db


def test_it_stores_a_phone_number_in_one_international_form():
    owner = Owner(first_name="A", last_name="B", phone="020 7946 0123")
    owner.full_clean()
    assert owner.phone == "+442079460123"
    assert owner.phone_display == "+44 20 7946 0123"


@pytest.mark.parametrize("phone", ["not a number", "0770", "+44 12"])
def test_it_refuses_a_malformed_phone_number_on_the_phone_field(phone):
    with pytest.raises(ValidationError) as error:
        Owner(first_name="A", last_name="B", phone=phone).full_clean()
    assert "phone" in error.value.message_dict


def test_e_mail_as_preferred_contact_needs_an_address():
    owner = Owner(first_name="A", last_name="B", phone="02079460123", preferred_contact="email")
    with pytest.raises(ValidationError) as error:
        owner.full_clean()
    assert "email" in error.value.message_dict


def test_the_consent_date_changes_only_when_the_answer_does():
    owner = Owner(reminder_consent=False)
    owner.set_reminder_consent(True, on=date(2026, 1, 5))
    assert owner.reminder_consent_changed_on == date(2026, 1, 5)
    owner.set_reminder_consent(True, on=date(2026, 3, 1))
    assert owner.reminder_consent_changed_on == date(2026, 1, 5)
    owner.set_reminder_consent(False, on=date(2026, 4, 1))
    assert owner.reminder_consent_changed_on == date(2026, 4, 1)


def test_an_estimated_age_becomes_an_estimated_date_of_birth():
    assert estimated_date_of_birth(7, 0, today=date(2026, 11, 25)) == date(2019, 11, 25)
    assert estimated_date_of_birth(0, 3, today=date(2026, 5, 31)) == date(2026, 2, 28)
    assert estimated_date_of_birth(1, 11, today=date(2026, 1, 10)) == date(2024, 2, 10)


def test_age_is_derived_and_an_estimate_says_about():
    today = timezone.localdate()
    dog = Dog(date_of_birth=estimated_date_of_birth(7, 2), date_of_birth_estimated=True)
    assert dog.age_display == "about 7 y 2 m"
    dog.date_of_birth_estimated = False
    assert dog.age_display == "7 y 2 m"
    assert Dog(date_of_birth=None).age_display == "Age unknown"
    dead = Dog(date_of_birth=today - timedelta(days=800), is_deceased=True,
               deceased_on=today - timedelta(days=400))
    assert dead.age_display.endswith("m")
    assert dead.age_on(dead.deceased_on)[0] == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_of_birth": timezone.localdate() + timedelta(days=1)}, "date_of_birth"),
        ({"is_deceased": True, "deceased_on": timezone.localdate() + timedelta(days=1)},
         "deceased_on"),
        ({"is_deceased": True, "date_of_birth": date(2020, 5, 1), "deceased_on": date(2020, 4, 1)},
         "deceased_on"),
        ({"microchip": "12345"}, "microchip"),
    ],
)
def test_impossible_dog_values_are_refused_on_their_field(changes, field):
    dog = DogFactory.build(owner=OwnerFactory(), **changes)
    with pytest.raises(ValidationError) as error:
        dog.full_clean()
    assert field in error.value.message_dict


def test_the_database_refuses_a_second_dog_with_the_same_microchip():
    DogFactory(microchip="826098100000999")
    DogFactory(microchip="")
    DogFactory(microchip="")  # no chip is fine, many times
    with pytest.raises(IntegrityError):
        DogFactory(microchip="826098100000999")


def test_a_dog_is_never_deleted_with_its_owner():
    from django.db.models import ProtectedError

    dog = DogFactory()
    with pytest.raises(ProtectedError):
        dog.owner.delete()


@pytest.mark.parametrize("kg", ["0.0", "120.1"])
def test_the_database_refuses_weights_out_of_range(kg):
    dog = DogFactory()
    with pytest.raises(IntegrityError):
        WeightRecord.objects.create(dog=dog, weight_kg=Decimal(kg))


def test_the_latest_weight_is_the_most_recent_by_date():
    dog = DogFactory()
    today = timezone.localdate()
    WeightRecordFactory(dog=dog, weight_kg=Decimal("20.0"), recorded_on=today)
    WeightRecordFactory(dog=dog, weight_kg=Decimal("19.0"), recorded_on=today - timedelta(30))
    assert dog.latest_weight().weight_kg == Decimal("20.0")


def test_a_weight_in_the_future_is_refused():
    weight = WeightRecord(dog=DogFactory(), weight_kg=Decimal("10.0"),
                          recorded_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        weight.full_clean()
    assert "recorded_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("07700 900", ["07700900", "447700900"]),
        ("+44 7700-900", ["447700900"]),
        ("0044 7700", ["00447700", "447700"]),
        ("abc", []),
    ],
)
def test_a_typed_phone_number_is_searched_as_the_stored_digits(typed, expected):
    assert phone_search_digits(typed, region="GB") == expected
