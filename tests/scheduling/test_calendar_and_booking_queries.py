"""Issue 16: the calendar and the booking form stay the same size as the clinic grows."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.scheduling.models import Appointment
from clinic.scheduling.services.availability import Availability
from tests.factories.patients import bulk_owners_with_dogs
from tests.factories.scheduling import AppointmentFactory, at, next_weekday
from tests.factories.sites import main_site

pytestmark = pytest.mark.usefixtures("opening_hours")
HTMX = {"HX-Request": "true"}


def get(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response, len(queries)


def test_a_calendar_card_carries_no_forms_and_opens_its_actions_in_place(
        vet, bramble, reception_client):
    day = next_weekday(0)
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=at(day, 10))
    page = reception_client.get(f"/schedule/?date={day}").content.decode()
    detail = reverse("scheduling:appointment", args=[appointment.pk])
    assert f'<a class="appt-dog" href="{detail}">Bramble</a>' in page
    assert "csrfmiddlewaretoken" not in page.split("<table", 1)[1]
    card = reception_client.get(detail, headers=HTMX).content.decode()
    assert "<html" not in card
    assert f'id="appointment-{appointment.pk}"' in card
    assert "Check in: Bramble at 10:00" in card


def test_the_full_cards_action_urls_are_the_named_routes(vet, bramble, reception_client):
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=at(next_weekday(0), 10))
    card = reception_client.get(reverse("scheduling:appointment", args=[appointment.pk]),
                                headers=HTMX).content.decode()
    for name in ("quick_action", "move", "cancel"):
        assert reverse(f"scheduling:{name}", args=[appointment.pk]) in card


def test_the_day_of_many_vets_costs_the_same_queries_and_stays_small(
        vet, vet2, bramble, reception_client):
    day = next_weekday(0)
    AppointmentFactory(dog=bramble, vet=vet, start=at(day, 9))
    get(reception_client, f"/schedule/?date={day}")  # warm: the shared cache fills
    _, few = get(reception_client, f"/schedule/?date={day}")
    for hour in range(10, 17):
        for who in (vet, vet2):
            AppointmentFactory(dog=bramble, vet=who, start=at(day, hour))
    response, many = get(reception_client, f"/schedule/?date={day}")
    assert few == many
    # 15 cards and the free slots of two vets: a few hundred bytes each, not kilobytes.
    assert len(response.content) < 40_000


def test_the_booking_form_lists_only_the_chosen_dog_whatever_the_clinic_size(
        vet, bramble, reception_client):
    bulk_owners_with_dogs(2)
    get(reception_client, "/schedule/book/")  # warm: the shared cache fills
    small, small_count = get(reception_client, "/schedule/book/")
    bulk_owners_with_dogs(40)
    large, large_count = get(reception_client, "/schedule/book/")
    assert small_count == large_count
    assert len(large.content) == len(small.content)
    chosen = reception_client.get("/schedule/book/", {"dog": bramble.pk}).content.decode()
    assert f'<option value="{bramble.pk}" selected>Bramble (' in chosen
    assert "Dog1</option>" not in chosen


def test_the_booking_dog_search_finds_by_dog_owner_or_phone(bramble, reception_client):
    bulk_owners_with_dogs(30)
    by_dog = reception_client.get("/schedule/book/dogs/", {"dog_search": "bramb"})
    assert f'<option value="{bramble.pk}">Bramble (' in by_dog.content.decode()
    by_owner, count = get(reception_client, "/schedule/book/dogs/", data={"dog_search": "bulk"})
    assert by_owner.content.decode().count("<option value=\"") == 1 + 20  # prompt + the cap
    assert "type more to narrow" in by_owner.content.decode()
    bulk_owners_with_dogs(30)
    _, count_after = get(reception_client, "/schedule/book/dogs/", data={"dog_search": "bulk"})
    assert count == count_after


@pytest.mark.parametrize("typed", ["", "b", "zzzz"])
def test_the_booking_dog_search_answers_short_or_unknown_text_with_a_prompt(
        bramble, reception_client, typed):
    response = reception_client.get("/schedule/book/dogs/", {"dog_search": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bramble" not in page
    assert ("No dog found" in page) == (typed == "zzzz")


def test_booking_a_dog_not_visible_is_refused_next_to_the_field(vet, reception_client, recheck):
    start = at(next_weekday(0), 10)
    response = reception_client.post("/schedule/book/", {
        "dog": "999999", "appointment_type": recheck.pk, "vet": vet.pk,
        "start": f"{start:%Y-%m-%dT%H:%M}", "reason": "Kept",
    }, headers=HTMX)
    assert "dog" in response.context["form"].errors
    assert 'value="Kept"' in response.content.decode()


def test_an_appointment_lasts_at_most_a_day(vet, bramble):
    start = at(next_weekday(0), 10)
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=start)
    appointment.end = start + timedelta(days=1, minutes=1)
    with pytest.raises(ValidationError, match="longer than a day"):
        appointment.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        appointment.save()


def test_the_bounded_overlap_query_still_sees_an_appointment_from_the_day_before(vet, bramble):
    day = next_weekday(0)
    long_one = AppointmentFactory(dog=bramble, vet=vet, start=at(day, 10) - timedelta(hours=20),
                                  end=at(day, 11))
    availability = Availability(day, day, main_site(), vets=[vet])
    assert availability.clashes(vet.pk, at(day, 10), at(day, 10, 15))
    assert list(Appointment.objects.overlapping(at(day, 10), at(day, 10, 15))) == [long_one]


def test_the_grid_escapes_what_people_typed_and_keeps_the_free_slot_links(
        vet, bramble, reception_client):
    day = next_weekday(0)
    bramble.name = "<b>Bram</b>"
    bramble.save()
    AppointmentFactory(dog=bramble, vet=vet, start=at(day, 10))
    response = reception_client.get(f"/schedule/?date={day}")
    page = response.content.decode()
    assert "&lt;b&gt;Bram&lt;/b&gt;" in page
    assert "<b>Bram</b>" not in page
    site = vet.clinic_sites.get()
    opens = response.context["grid"].rows[0].clock  # the morning's free stretch starts there
    assert (f'hx-get="{reverse("scheduling:book")}?clinic_site={site.pk}&amp;vet={vet.pk}'
            f'&amp;start={day}T{opens:%H:%M}"') in page
