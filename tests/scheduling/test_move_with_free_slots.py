"""Moving a visit: the free slots are offered, as when booking; stale pages are refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.patients import DogFactory
from tests.factories.scheduling import AppointmentFactory, at, next_weekday

pytestmark = pytest.mark.usefixtures("opening_hours")


@pytest.fixture
def appointment(vet, bramble):
    return AppointmentFactory(dog=bramble, vet=vet, start=at(next_weekday(0), 10))


def url(appointment):
    return f"/schedule/appointments/{appointment.pk}/move/"


def test_the_page_offers_free_slots_of_each_vet_own_vet_first(appointment, vet, vet2,
                                                              reception_client):
    monday = next_weekday(0)
    AppointmentFactory(dog=DogFactory(), vet=vet, start=at(monday, 8, 30))
    page = reception_client.get(url(appointment), {"from": monday.isoformat()}
                                ).content.decode()
    own = page.index('aria-label="Free slots with Dr Ada Vet"')
    other = page.index('aria-label="Free slots with Dr Ben Vet"')
    assert own < other
    own_slots = page[own:other]
    assert f'value="{vet.pk}|{monday:%Y-%m-%d}T08:30"' not in own_slots  # taken
    assert f'value="{vet.pk}|{monday:%Y-%m-%d}T08:50"' not in own_slots  # not a slot start
    assert f'value="{vet.pk}|{monday:%Y-%m-%d}T09:00"' in own_slots
    assert f"Move to Dr Ada Vet on </span>Mon {monday.day} {monday:%b} 09:00" in own_slots


def test_picking_a_slot_moves_the_visit(appointment, vet2, reception_client):
    tuesday = next_weekday(1)
    response = reception_client.post(url(appointment), {
        "slot": f"{vet2.pk}|{tuesday:%Y-%m-%d}T15:00",
        "lock_version": appointment.lock_version,
    })
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.vet == vet2
    assert timezone.localtime(appointment.start) == at(tuesday, 15)


def test_a_slot_from_a_stale_page_is_refused(appointment, vet2, reception_client):
    opened = appointment.lock_version
    appointment.refresh_from_db()
    appointment.start, appointment.end = at(next_weekday(0), 11), at(next_weekday(0), 11, 20)
    appointment.save()  # a colleague moved it meanwhile
    response = reception_client.post(url(appointment), {
        "slot": f"{vet2.pk}|{next_weekday(1):%Y-%m-%d}T15:00", "lock_version": opened,
    })
    assert response.status_code == 200
    assert "since you opened it" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.vet != vet2


def test_a_slot_taken_meanwhile_is_refused_and_the_list_is_fresh(appointment, vet2,
                                                                 reception_client):
    tuesday = next_weekday(1)
    AppointmentFactory(dog=DogFactory(), vet=vet2, start=at(tuesday, 15))
    response = reception_client.post(url(appointment), {
        "slot": f"{vet2.pk}|{tuesday:%Y-%m-%d}T15:00",
        "lock_version": appointment.lock_version,
    })
    page = response.content.decode()
    assert "That slot was just taken" in page
    assert f'value="{vet2.pk}|{tuesday:%Y-%m-%d}T15:00"' not in page


@pytest.mark.parametrize("slot", ["", "x", "999|2026-01-01T10:00", "1|not-a-time", "|"])
def test_a_bad_slot_is_a_message_not_a_500(appointment, reception_client, slot):
    response = reception_client.post(url(appointment), {"slot": slot or "|"})
    assert response.status_code == 200


@pytest.mark.parametrize("first", ["not-a-date", "2026-02-30", "9999-12-31"])
def test_a_bad_from_date_falls_back_to_the_visits_day(appointment, reception_client, first):
    response = reception_client.get(url(appointment), {"from": first})
    assert response.status_code == 200
    assert response.context["first_day"] == timezone.localtime(appointment.start).date()


def test_the_move_page_costs_the_same_queries_for_a_quiet_or_busy_fortnight(
        appointment, vet, vet2, reception_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert reception_client.get(url(appointment)).status_code == 200
        return len(queries)

    count()  # warm: shared-cache values fill on a page's first use
    quiet = count()
    dog = DogFactory()
    for hour in (11, 12, 14, 15):
        AppointmentFactory(dog=dog, vet=vet, start=at(next_weekday(0), hour))
        AppointmentFactory(dog=dog, vet=vet2, start=at(next_weekday(2), hour))
    assert count() == quiet
