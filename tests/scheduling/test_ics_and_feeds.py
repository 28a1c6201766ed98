from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from clinic.scheduling.models import CalendarFeedToken
from clinic.scheduling.services import (
    appointment_ics,
    feed_token_for,
    owner_calendar_feed,
    rotate_feed_token,
)
from tests.factories.scheduling import AppointmentFactory, at, next_weekday

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


def events(ics_bytes):
    return list(Calendar.from_ical(ics_bytes).walk("VEVENT"))


def test_an_appointments_ics_parses_back_with_its_time_place_and_what_to_bring(vet, bramble):
    start = at(next_weekday(1), 14, 30)
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=start)
    (event,) = events(appointment_ics(appointment))
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") == start + timedelta(minutes=20)
    assert event.decoded("dtstart").tzinfo.key == "Europe/London"
    assert "Bramble" in str(event["summary"])
    assert f"Please bring: {appointment.appointment_type.what_to_bring}" in str(
        event["description"])
    assert str(event["uid"]) == f"appointment-{appointment.pk}@cutiscase"
    assert b"BEGIN:VTIMEZONE" in appointment_ics(appointment)


def test_staff_download_the_ics_file(vet, bramble, reception_client):
    appointment = AppointmentFactory(dog=bramble, vet=vet)
    response = reception_client.get(f"/schedule/appointments/{appointment.pk}/calendar.ics")
    assert response["Content-Type"] == "text/calendar"
    assert len(events(response.content)) == 1


def test_appointments_either_side_of_the_october_clock_change_keep_their_local_times(
    vet, bramble, reception_client
):
    # British Summer Time ends on Sunday 27 October 2030: 09:00 on the Saturday before is
    # 08:00 UTC; 09:00 on the Monday after is 09:00 UTC.
    saturday = AppointmentFactory(
        dog=bramble, vet=vet, start=datetime(2030, 10, 26, 9, 0, tzinfo=LONDON))
    monday = AppointmentFactory(
        dog=bramble, vet=vet, start=datetime(2030, 10, 28, 9, 0, tzinfo=LONDON))
    saturday_event, = events(appointment_ics(saturday))
    monday_event, = events(appointment_ics(monday))
    assert saturday_event.decoded("dtstart").astimezone(UTC).hour == 8
    assert monday_event.decoded("dtstart").astimezone(UTC).hour == 9
    assert saturday_event.decoded("dtstart").hour == monday_event.decoded("dtstart").hour == 9

    for day in (date(2030, 10, 26), date(2030, 10, 28)):
        grid = reception_client.get(f"/schedule/?date={day}").context["grid"]
        nine = next(row for row in grid.rows if row.clock.hour == 9 and row.clock.minute == 0)
        assert [cell.kind for cell in nine.cells] == ["appointment"], day


def test_a_long_appointment_across_the_clock_change_lasts_its_real_length(vet, bramble):
    # An overnight stay from Saturday 18:00 to Sunday 10:00 across the change is 17 hours.
    appointment = AppointmentFactory(
        dog=bramble, vet=vet, start=datetime(2030, 10, 26, 18, 0, tzinfo=LONDON),
        end=datetime(2030, 10, 27, 10, 0, tzinfo=LONDON))
    event, = events(appointment_ics(appointment))
    start_utc = event.decoded("dtstart").astimezone(UTC)
    end_utc = event.decoded("dtend").astimezone(UTC)
    assert (start_utc.hour, end_utc.hour) == (17, 10)
    assert end_utc - start_utc == timedelta(hours=17)


def test_the_owners_feed_holds_their_dogs_appointments_only(vet, owner_a, owner_b):
    mine = AppointmentFactory(dog=owner_a.dogs.get(), vet=vet)
    AppointmentFactory(dog=owner_b.dogs.get(), vet=vet, start=mine.start + timedelta(hours=1))
    feed = events(owner_calendar_feed(owner_a))
    assert [str(event["uid"]) for event in feed] == [f"appointment-{mine.pk}@cutiscase"]


def test_the_public_feed_url_works_until_it_is_revoked(vet, owner_a, client):
    AppointmentFactory(dog=owner_a.dogs.get(), vet=vet)
    old = feed_token_for(owner_a)
    assert feed_token_for(owner_a) == old
    response = client.get(f"/schedule/feed/{old.token}.ics")
    assert response.status_code == 200
    assert len(events(response.content)) == 1
    new = rotate_feed_token(owner_a)
    assert new.token != old.token
    assert client.get(f"/schedule/feed/{old.token}.ics").status_code == 404
    assert client.get(f"/schedule/feed/{new.token}.ics").status_code == 200
    assert client.get("/schedule/feed/not-a-token.ics").status_code == 404
    assert CalendarFeedToken.objects.active().filter(owner=owner_a).count() == 1


def test_a_cancelled_appointment_stays_in_the_feed_marked_cancelled(vet, owner_a):
    AppointmentFactory(dog=owner_a.dogs.get(), vet=vet, status="cancelled",
                       cancel_reason="Owner asked", start=timezone.now() + timedelta(days=3))
    (event,) = events(owner_calendar_feed(owner_a))
    assert str(event["status"]) == "CANCELLED"
