"""Undo at the desk: a check-in, no-show or cancellation taken back for a short while."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from clinic.scheduling.models import Appointment
from clinic.scheduling.services import cancel_appointment, change_status, undo_status_change
from clinic.scheduling.services.status import StatusChangeRefused
from tests.factories.patients import DogFactory
from tests.factories.scheduling import AppointmentFactory, at, next_weekday

pytestmark = pytest.mark.usefixtures("opening_hours")
HTMX = {"HX-Request": "true"}
Status = Appointment.Status


@pytest.fixture
def booked(vet, bramble):
    return AppointmentFactory(dog=bramble, vet=vet, start=at(next_weekday(0), 10))


def age_history(appointment, minutes):
    """As if everything recorded so far happened `minutes` earlier."""
    appointment.history.update(history_date=F("history_date") - timedelta(minutes=minutes))


@pytest.mark.parametrize("status", [Status.ARRIVED, Status.NO_SHOW])
def test_a_check_in_or_no_show_is_undone_back_to_the_status_before(booked, reception, status):
    change_status(booked, Status.CONFIRMED, user=reception)
    change_status(booked, status, user=reception)
    undo_status_change(booked, user=reception)
    booked.refresh_from_db()
    assert booked.status == Status.CONFIRMED
    latest = booked.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason.startswith("Undone: was ")
    assert latest.history_user == reception


def test_undoing_a_cancellation_clears_its_reason(booked, reception):
    cancel_appointment(booked, "Owner unwell", user=reception)
    undo_status_change(booked, user=reception)
    booked.refresh_from_db()
    assert (booked.status, booked.cancel_reason) == (Status.BOOKED, "")


def test_after_the_window_undo_is_refused_with_the_reason(booked, reception, settings):
    settings.CLINIC_UNDO_MINUTES = 10
    change_status(booked, Status.ARRIVED, user=reception)
    age_history(booked, 11)
    with pytest.raises(StatusChangeRefused, match="more than 10 minutes ago"):
        undo_status_change(booked, user=reception)
    booked.refresh_from_db()
    assert booked.status == Status.ARRIVED


def test_a_later_save_does_not_restart_the_window(booked, reception):
    change_status(booked, Status.ARRIVED, user=reception)
    age_history(booked, 11)
    booked.refresh_from_db()
    booked.reason = "edited afterwards"
    booked.save()
    with pytest.raises(StatusChangeRefused, match="no longer be undone"):
        undo_status_change(booked, user=reception)


@pytest.mark.parametrize("status", [Status.BOOKED, Status.WITH_VET, Status.COMPLETED])
def test_only_check_in_no_show_and_cancel_can_be_undone(booked, reception, status):
    if status != Status.BOOKED:
        change_status(booked, Status.ARRIVED, user=reception)
        change_status(booked, Status.WITH_VET, user=reception)
    if status == Status.COMPLETED:
        change_status(booked, Status.COMPLETED, user=reception)
    with pytest.raises(StatusChangeRefused, match="nothing to undo"):
        undo_status_change(booked, user=reception)


def test_undo_twice_is_refused(booked, reception):
    change_status(booked, Status.ARRIVED, user=reception)
    undo_status_change(booked, user=reception)
    with pytest.raises(StatusChangeRefused, match="nothing to undo"):
        undo_status_change(booked, user=reception)


@pytest.mark.parametrize("status", [Status.NO_SHOW, Status.CANCELLED])
def test_undo_is_refused_when_the_freed_slot_was_booked_meanwhile(booked, reception, vet,
                                                                  status):
    change_status(booked, status, user=reception, cancel_reason="Car broke down")
    AppointmentFactory(dog=DogFactory(), vet=vet, start=booked.start, end=booked.end)
    with pytest.raises(StatusChangeRefused, match="has been booked for another dog"):
        undo_status_change(booked, user=reception)
    booked.refresh_from_db()
    assert booked.status == status


def test_the_check_in_card_offers_undo_and_undo_restores_it(booked, reception_client):
    response = reception_client.post(f"/schedule/appointments/{booked.pk}/action/",
                                     {"action": "arrived"}, headers=HTMX)
    page = response.content.decode()
    assert f'hx-post="/schedule/appointments/{booked.pk}/undo/"' in page
    assert "Bramble: Arrived." in page
    response = reception_client.post(f"/schedule/appointments/{booked.pk}/undo/",
                                     headers=HTMX)
    assert "Undone: Bramble is booked again." in response.content.decode()
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED


def test_without_htmx_the_message_carries_the_undo_button(booked, reception_client):
    response = reception_client.post(f"/schedule/appointments/{booked.pk}/action/",
                                     {"action": "no_show"}, follow=True)
    page = response.content.decode()
    assert f'action="/schedule/appointments/{booked.pk}/undo/"' in page
    assert "Bramble: Did not attend." in page
    response = reception_client.post(f"/schedule/appointments/{booked.pk}/undo/", follow=True)
    assert "Undone: Bramble is booked again." in response.content.decode()


def test_a_cancellation_offers_undo_in_the_card(booked, reception_client):
    response = reception_client.post(f"/schedule/appointments/{booked.pk}/cancel/",
                                     {"cancel_reason": "Dog unwell"}, headers=HTMX)
    assert f"/schedule/appointments/{booked.pk}/undo/" in response.content.decode()


def test_a_late_undo_is_refused_in_the_card_not_a_500(booked, reception_client, reception):
    change_status(booked, Status.ARRIVED, user=reception)
    age_history(booked, 60)
    response = reception_client.post(f"/schedule/appointments/{booked.pk}/undo/",
                                     headers=HTMX)
    assert response.status_code == 200
    assert "can no longer be undone" in response.content.decode()


def test_undo_only_by_post_and_with_the_change_permission(booked, client, owner_a_client):
    assert owner_a_client.post(f"/schedule/appointments/{booked.pk}/undo/").status_code in (
        403, 404)
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED


def test_the_no_show_button_asks_first(booked, reception_client):
    page = reception_client.get(f"/schedule/appointments/{booked.pk}/").content.decode()
    assert 'data-confirm="Record that Bramble did not attend the 10:00 appointment?"' in page


# The offer survives a reload: the calendar's card and today's list keep their Undo while
# the window is open, and not after (the server checks again when it is clicked).

def day_page(client, appointment):
    day = appointment.start.date().isoformat()
    return client.get(f"/schedule/?date={day}").content.decode()


def undo_button(appointment):
    return f'hx-post="/schedule/appointments/{appointment.pk}/undo/"'


@pytest.mark.parametrize("status", [Status.ARRIVED, Status.NO_SHOW, Status.CANCELLED])
def test_the_calendar_card_still_offers_undo_after_a_reload(booked, reception,
                                                              reception_client, status):
    change_status(booked, status, user=reception, cancel_reason="Car broke down")
    page = day_page(reception_client, booked)
    assert undo_button(booked) in page
    assert 'aria-label="Undo: Bramble at 10:00"' in page


def test_the_calendar_card_offers_undo_only_while_the_window_is_open(booked, reception,
                                                                      reception_client,
                                                                      settings):
    settings.CLINIC_UNDO_MINUTES = 10
    change_status(booked, Status.ARRIVED, user=reception)
    age_history(booked, 9)
    assert undo_button(booked) in day_page(reception_client, booked)
    age_history(booked, 2)
    assert undo_button(booked) not in day_page(reception_client, booked)


def test_a_later_save_does_not_bring_the_offer_back(booked, reception, reception_client):
    change_status(booked, Status.ARRIVED, user=reception)
    age_history(booked, 11)
    booked.refresh_from_db()
    booked.reason = "edited afterwards"
    booked.save()
    assert undo_button(booked) not in day_page(reception_client, booked)


def test_nothing_to_undo_offers_no_undo(booked, reception, reception_client):
    change_status(booked, Status.CONFIRMED, user=reception)
    assert undo_button(booked) not in day_page(reception_client, booked)


def test_the_opened_card_and_the_appointment_page_offer_undo_until_it_closes(
        booked, reception, reception_client, vet_client):
    change_status(booked, Status.ARRIVED, user=reception)
    url = f"/schedule/appointments/{booked.pk}/"
    card = reception_client.get(url, headers=HTMX).content.decode()
    assert undo_button(booked) in card
    assert f'action="{url}undo/"' in vet_client.get(url).content.decode()  # the site's vet
    age_history(booked, 11)
    assert undo_button(booked) not in reception_client.get(url, headers=HTMX).content.decode()


def test_todays_list_offers_undo_while_the_window_is_open(vet, bramble, reception,
                                                          reception_client):
    today = AppointmentFactory(dog=bramble, vet=vet, start=at(timezone.localdate(), 12))
    change_status(today, Status.ARRIVED, user=reception)
    assert f'action="/schedule/appointments/{today.pk}/undo/"' in reception_client.get(
        "/").content.decode()
    age_history(today, 11)
    assert f"/schedule/appointments/{today.pk}/undo/" not in reception_client.get(
        "/").content.decode()
