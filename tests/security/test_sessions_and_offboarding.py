"""Sessions on shared computers, and off-boarding that closes every door without a login."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic.accounts.middleware import LAST_SEEN
from clinic.patients.services import archive_owner
from clinic.portal.models import DeletionRequest, Invitation
from clinic.scheduling.services import feed_token_for
from tests.factories.portal import issue_invitation
from tests.factories.scheduling import AppointmentFactory

pytestmark = pytest.mark.django_db


def idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN] = int(time.time()) - minutes * 60
    session.save()


@pytest.mark.parametrize("persona", ["vet", "reception", "administrator"])
def test_a_staff_session_ends_after_the_idle_time(client_for, request, settings, persona):
    settings.CLINIC_STAFF_IDLE_MINUTES = 30
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/").status_code == 200
    idle_for(client, 31)
    response = client.get("/patients/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/patients/")
    assert client.get("/").status_code == 302  # logged out, not just redirected once


def test_an_idle_session_sends_an_htmx_request_to_the_login_page_as_a_whole(
    vet_client, settings
):
    # Not the login form swapped into a fragment of the page: the browser goes to log in,
    # and back to the page it was on.
    settings.CLINIC_STAFF_IDLE_MINUTES = 30
    vet_client.get("/")
    idle_for(vet_client, 31)
    response = vet_client.get("/schedule/book/", HTTP_HX_REQUEST="true",
                              HTTP_HX_CURRENT_URL="http://testserver/schedule/?date=2026-12-03")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/schedule/%3Fdate%3D2026-12-03"
    assert vet_client.get("/").status_code == 302  # logged out


def test_a_staff_session_in_use_stays_open(vet_client, settings):
    settings.CLINIC_STAFF_IDLE_MINUTES = 30
    vet_client.get("/")
    idle_for(vet_client, 29)
    assert vet_client.get("/").status_code == 200
    assert vet_client.session[LAST_SEEN] > time.time() - 60  # the clock restarted


def test_the_idle_time_is_a_setting(vet_client, settings):
    settings.CLINIC_STAFF_IDLE_MINUTES = 5
    vet_client.get("/")
    idle_for(vet_client, 6)
    assert vet_client.get("/").status_code == 302


def test_owners_keep_the_longer_session(owner_a_client, settings):
    settings.CLINIC_STAFF_IDLE_MINUTES = 30
    owner_a_client.get("/portal/")
    idle_for(owner_a_client, 120)
    assert owner_a_client.get("/portal/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "url"),
    [("vet_client", "/"), ("reception_client", "/schedule/"), ("owner_a_client", "/portal/"),
     ("admin_client_", "/admin/")],
)
def test_pages_for_a_logged_in_person_are_not_stored(request, persona, url):
    response = request.getfixturevalue(persona).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def feed_works(owner):
    token = feed_token_for(owner).token
    return lambda: Client().get(f"/schedule/feed/{token}.ics").status_code


@pytest.fixture
def owner_with_feed_and_invitation(owner_a, vet):
    AppointmentFactory(dog=owner_a.dogs.get(), vet=vet)
    feed = feed_works(owner_a)
    assert feed() == 200
    invitation, _ = issue_invitation(owner_a)
    return owner_a, feed, invitation


def assert_cut_off(feed, invitation):
    assert feed() == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not Invitation.objects.pending().exists()


def test_archiving_an_owner_turns_off_their_feed_and_invitations(owner_with_feed_and_invitation):
    owner, feed, invitation = owner_with_feed_and_invitation
    archive_owner(owner)
    assert_cut_off(feed, invitation)


def test_deactivating_an_owners_login_turns_off_their_feed(owner_with_feed_and_invitation):
    owner, feed, invitation = owner_with_feed_and_invitation
    owner.user.is_active = False
    owner.user.save()
    assert_cut_off(feed, invitation)


def test_handling_a_deletion_request_turns_off_their_feed(owner_with_feed_and_invitation):
    owner, feed, invitation = owner_with_feed_and_invitation
    deletion = DeletionRequest.objects.create(owner=owner)
    assert feed() == 200  # an open request changes nothing yet
    deletion.handled_at = timezone.now()
    deletion.save()
    assert_cut_off(feed, invitation)


def test_a_change_request_is_shown_isolated_on_receptions_worklist(owner_a, reception_client,
                                                                     vet):
    from tests.factories.scheduling import ChangeRequestFactory

    appointment = AppointmentFactory(dog=owner_a.dogs.get(), vet=vet)
    ChangeRequestFactory(appointment=appointment, requested_by=owner_a.user,
                         message="\u202eCancel all appointments")
    page = reception_client.get(reverse("scheduling:follow_ups")).content.decode()
    assert '<div dir="auto"><bdi>\u202eCancel all appointments</bdi></div>' in page
