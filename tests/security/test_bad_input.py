"""Bad input is a 400 or a form error, never a 500 (issue 13), on SQLite and PostgreSQL."""


import pytest
from django.test import Client
from django.urls import reverse

from clinic.patients.models import Dog
from tests.factories.patients import DogFactory, OwnerFactory
from tests.factories.portal import published_plan
from tests.factories.scheduling import (
    AppointmentFactory,
    AppointmentTypeFactory,
    at,
    ensure_opening_hours,
    next_weekday,
)
from tests.patients.test_bad_input import dog_data

pytestmark = pytest.mark.django_db

IMPOSSIBLE_DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "25:99", "x" * 50]


@pytest.mark.parametrize("url", ["/schedule/", "/schedule/week/"])
@pytest.mark.parametrize("value", IMPOSSIBLE_DATES)
def test_a_calendar_link_with_an_impossible_date_is_a_400(reception_client, vet, url, value):
    response = reception_client.get(url, {"date": value})
    assert response.status_code == 400
    assert "does not make sense" in response.content.decode()


def test_a_calendar_without_a_date_shows_today(reception_client, vet):
    assert reception_client.get("/schedule/").status_code == 200


@pytest.mark.parametrize(
    "start", ["9999-12-31T23:30", "0001-01-01T00:00", "2026-02-30T10:00", "2026-03-01T25:99"]
)
def test_a_booking_link_with_an_impossible_start_opens_an_empty_form(
    reception_client, vet, start
):
    response = reception_client.get(reverse("scheduling:book"), {"start": start, "vet": vet.pk})
    assert response.status_code == 200
    assert response.context["form"].initial.get("start") is None


def test_a_move_link_with_an_impossible_start_keeps_the_appointments_time(
    reception_client, vet
):
    appointment = AppointmentFactory(vet=vet)
    response = reception_client.get(
        reverse("scheduling:move", kwargs={"appointment_id": appointment.pk}),
        {"start": "9999-12-31T23:59"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("year", [9999, 1, 2300])
def test_a_booking_in_an_implausible_year_is_refused_on_the_field(reception_client, vet, year):
    ensure_opening_hours()
    dog = DogFactory()
    kind = AppointmentTypeFactory()
    response = reception_client.post(reverse("scheduling:book"), {
        "dog": dog.pk, "appointment_type": kind.pk, "vet": vet.pk,
        "start": f"{year:04d}-06-01T10:00", "end": "", "reason": "",
    })
    assert response.status_code == 200
    assert "Enter a date between" in str(response.context["form"].errors["start"])
    assert not dog.appointments.exists()


@pytest.mark.parametrize("token", ["abc\x00def", "%00", "a" * 500, "é" * 10, "'; --"])
def test_a_feed_token_with_a_nul_byte_or_junk_is_a_404_without_login(token):
    response = Client().get(f"/schedule/feed/{token}.ics")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["Bramble\nSet-Cookie: x=1", "Rex\r\nMax", "Nul\x00by", "\u202eelbmarB", "Tab\tby"]
)
def test_a_dog_name_with_control_characters_is_refused(reception_client, name):
    dog = DogFactory()
    response = reception_client.post(
        reverse("patients:dog_edit", kwargs={"dog_id": dog.pk}), dog_data(dog, name=name)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Dog.objects.get(pk=dog.pk).name == dog.name


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_an_owner_name_with_a_line_break_is_refused(reception_client, field):
    owner = OwnerFactory()
    data = {
        "first_name": owner.first_name, "last_name": owner.last_name, "phone": owner.phone,
        "email": owner.email, "preferred_contact": owner.preferred_contact,
        "address": "", "postcode": "", "reminder_consent": "", "staff_notes": "",
        field: "Smith\nJones",
    }
    response = reception_client.post(
        reverse("patients:owner_edit", kwargs={"owner_id": owner.pk}), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.parametrize(
    ("value", "message"),
    [("0001-01-01", "Enter a date between"), ("2300-01-01", "Enter a date between"),
],
)
def test_a_dog_born_in_an_implausible_year_is_refused(reception_client, value, message):
    dog = DogFactory()
    response = reception_client.post(
        reverse("patients:dog_edit", kwargs={"dog_id": dog.pk}),
        dog_data(dog, date_of_birth=value),
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["date_of_birth"])


def test_a_dog_name_with_a_newline_from_before_still_downloads_its_calendar_file(
    reception_client, vet
):
    # Names saved before the rule (or through a bulk import) must not break downloads.
    dog = DogFactory()
    Dog.objects.filter(pk=dog.pk).update(name="Bramble\r\nX-Injected: yes")
    appointment = AppointmentFactory(dog=dog, vet=vet, start=at(next_weekday(0), 10))
    response = reception_client.get(
        reverse("scheduling:ics", kwargs={"appointment_id": appointment.pk})
    )
    assert response.status_code == 200
    assert "X-Injected" not in response["Content-Disposition"]
    assert b"\r\nX-Injected: yes" not in response.content


def test_a_dog_name_with_a_newline_still_gives_a_care_sheet_pdf(vet_client, vet):
    dog = DogFactory()
    plan = published_plan(dog, vet)
    Dog.objects.filter(pk=dog.pk).update(name='Bramble\n"; filename=evil.exe')
    response = vet_client.get(reverse("cases:care_sheet_pdf", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "\n" not in disposition
    assert disposition.startswith("attachment; filename*=utf-8''care-sheet-bramble%0A")
