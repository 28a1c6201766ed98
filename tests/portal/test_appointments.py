"""Upcoming appointments in the portal: calendar files, the private feed, change requests."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.scheduling.models import AppointmentChangeRequest, CalendarFeedToken
from tests.factories.scheduling import AppointmentFactory, AppointmentTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def appointment(owner_a, vet):
    return AppointmentFactory(
        dog=owner_a.dogs.get(), vet=vet,
        appointment_type=AppointmentTypeFactory(name="Skin recheck (portal test)",
                                                what_to_bring="Your notes and the gel tube."),
    )


def test_the_dog_page_lists_upcoming_appointments(owner_a_client, appointment):
    page = owner_a_client.get(
        reverse("portal:dog_detail", kwargs={"dog_uuid": appointment.dog.public_id})
    ).content.decode()
    assert "Dr Ada Vet" in page
    assert "Your notes and the gel tube." in page
    assert reverse("portal:appointment_ics", kwargs={"appointment_id": appointment.pk}) in page


def test_past_and_cancelled_appointments_are_not_upcoming(owner_a_client, appointment, vet):
    AppointmentFactory(dog=appointment.dog, vet=vet,
                       start=timezone.now() - timedelta(days=3),
                       end=timezone.now() - timedelta(days=3) + timedelta(minutes=20))
    page = owner_a_client.get(reverse("portal:home"))
    assert list(page.context["appointments"]) == [appointment]


def test_the_owner_downloads_a_calendar_file(owner_a_client, owner_b_client, appointment):
    url = reverse("portal:appointment_ics", kwargs={"appointment_id": appointment.pk})
    response = owner_a_client.get(url)
    assert response["Content-Type"] == "text/calendar"
    assert b"BEGIN:VEVENT" in response.content
    assert owner_b_client.get(url).status_code == 404


def test_a_change_request_lands_on_receptions_worklist(owner_a, owner_a_client, appointment):
    url = reverse("portal:appointment_change", kwargs={"appointment_id": appointment.pk})
    response = owner_a_client.post(url, {"message": "Could we come after 3 pm?"}, follow=True)
    request = AppointmentChangeRequest.objects.get()
    assert (request.appointment, request.requested_by, request.message) == (
        appointment, owner_a.user, "Could we come after 3 pm?"
    )
    assert b"Reception will contact you" in response.content


def test_an_empty_change_request_is_refused(owner_a_client, appointment):
    url = reverse("portal:appointment_change", kwargs={"appointment_id": appointment.pk})
    response = owner_a_client.post(url, {"message": ""}, follow=True)
    assert b"Please say what you would like to change" in response.content
    assert not AppointmentChangeRequest.objects.exists()


def test_the_feed_link_is_made_renewed_and_turned_off(owner_a, owner_a_client, client):
    url = reverse("portal:calendar_feed")
    owner_a_client.post(url, {"action": "renew"})
    first = CalendarFeedToken.objects.active().get(owner=owner_a)
    home = owner_a_client.get(reverse("portal:home")).content.decode()
    assert first.token in home
    owner_a_client.post(url, {"action": "renew"})
    second = CalendarFeedToken.objects.active().get(owner=owner_a)
    assert second.token != first.token
    feed = reverse("scheduling:owner_feed", kwargs={"feed_token": first.token})
    assert client.get(feed).status_code == 404  # the old link stopped working
    owner_a_client.post(url, {"action": "revoke"})
    assert not CalendarFeedToken.objects.active().filter(owner=owner_a).exists()


def test_the_feed_is_one_tap_to_subscribe_and_can_be_copied(owner_a, owner_a_client, settings):
    settings.CLINIC_SITE_URL = "https://clinic.example.org"
    owner_a_client.post(reverse("portal:calendar_feed"), {"action": "renew"})
    token = CalendarFeedToken.objects.active().get(owner=owner_a).token
    home = owner_a_client.get(reverse("portal:home")).content.decode()
    feed_path = reverse("scheduling:owner_feed", kwargs={"feed_token": token})
    assert f'href="webcal://clinic.example.org{feed_path}"' in home
    assert f'value="https://clinic.example.org{feed_path}" id="feed-link"' in home
    assert 'data-copy="feed-link"' in home
