from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic.scheduling.models import Appointment
from tests.factories.accounts import ReceptionistFactory
from tests.factories.patients import DogFactory
from tests.factories.scheduling import AppointmentFactory, at, next_weekday
from tests.factories.sites import main_site

pytestmark = pytest.mark.usefixtures("opening_hours")
HTMX = {"HX-Request": "true"}


def fill_day(day, vets, count):
    dogs = [DogFactory() for _ in range(3)]
    for index in range(count):
        vet = vets[index % len(vets)]
        start = at(day, 8, 30) + timedelta(minutes=15 * (index // len(vets)))
        AppointmentFactory(dog=dogs[index % 3], vet=vet, start=start,
                           end=start + timedelta(minutes=15))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_day_view_has_a_column_per_vet_and_labelled_free_slots(vet, vet2, bramble,
                                                                  reception_client):
    day = next_weekday(0)
    AppointmentFactory(dog=bramble, vet=vet, start=at(day, 10))
    page = reception_client.get(f"/schedule/?date={day}").content.decode()
    assert "Dr Ada Vet" in page
    assert "Dr Ben Vet" in page
    assert "Bramble" in page
    assert f'aria-label="Book with Dr Ben Vet on {day:%A} {day.day} {day:%B} at ' in page
    assert "style=" not in page
    assert "appt-blue" in page


def test_free_time_is_one_button_per_free_stretch_naming_its_hours(vet, vet2, bramble,
                                                                   reception_client):
    day = next_weekday(0)
    AppointmentFactory(dog=bramble, vet=vet, start=at(day, 10), end=at(day, 10, 30))
    response = reception_client.get(f"/schedule/?date={day}")
    grid, page = response.context["grid"], response.content.decode()
    first, last = grid.rows[0].clock, grid.rows[-1].clock
    free = [(cell.column.vet, timezone.localtime(cell.start).time(), cell.rowspan)
            for row in grid.rows for cell in row.cells if cell.kind == "free"]
    before_ten = (at(day, 10) - at(day, first.hour, first.minute)) // timedelta(minutes=15)
    assert free == [
        (vet, first, before_ten), (vet2, first, len(grid.rows)),
        (vet, at(day, 10, 30).time(), len(grid.rows) - before_ten - 2),
    ]
    assert page.count('class="slot-free"') == 3
    closing = (at(day, last.hour, last.minute) + timedelta(minutes=15)).time()
    assert (f'aria-label="Book with Dr Ada Vet on {day:%A} {day.day} {day:%B} at 10:30, '
            f'free until {closing:%H:%M}"') in page
    assert f'rowspan="{before_ten}" class="slot-free-range"' in page


def test_the_week_view_shows_one_vets_week(vet, vet2, bramble, reception_client):
    monday = next_weekday(0)
    AppointmentFactory(dog=bramble, vet=vet2, start=at(monday + timedelta(days=2), 11))
    response = reception_client.get(f"/schedule/week/?vet={vet2.pk}&date={monday}")
    grid = response.context["grid"]
    assert grid.columns[0].day == monday
    assert len(grid.columns) == 7
    assert grid.columns[6].closed  # Sunday
    assert "Bramble" in response.content.decode()


@pytest.mark.parametrize("view", ["day", "week"])
def test_the_calendar_costs_the_same_queries_for_5_or_50_appointments(
    vet, vet2, reception_client, view
):
    quiet, busy = next_weekday(0), next_weekday(0, weeks_ahead=2)
    fill_day(quiet, [vet, vet2], 5)
    fill_day(busy, [vet, vet2], 50)
    if view == "day":
        urls = [f"/schedule/?date={quiet}", f"/schedule/?date={busy}"]
    else:
        urls = [f"/schedule/week/?vet={vet.pk}&date={quiet}",
                f"/schedule/week/?vet={vet.pk}&date={busy}"]
    count_queries(reception_client, urls[0])  # warm: shared-cache values fill on a page's first use
    assert count_queries(reception_client, urls[0]) == count_queries(reception_client, urls[1])


def test_clicking_a_free_slot_opens_the_booking_form_filled_in(vet, reception_client):
    start = at(next_weekday(0), 10)
    response = reception_client.get(
        "/schedule/book/", {"vet": vet.pk, "start": start.isoformat()}, headers=HTMX
    )
    page = response.content.decode()
    assert "<html" not in page
    assert f'value="{start:%Y-%m-%dT%H:%M}"' in page
    assert f'<option value="{vet.pk}" selected>' in page


def test_booking_through_the_form_redirects_htmx_to_the_day(vet, bramble, reception,
                                                          reception_client, recheck):
    start = at(next_weekday(0), 10)
    response = reception_client.post("/schedule/book/", {
        "dog": bramble.pk, "appointment_type": recheck.pk, "vet": vet.pk,
        "start": f"{start:%Y-%m-%dT%H:%M}", "reason": "First recheck",
    }, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"?date={start.date()}&clinic_site={main_site().pk}")
    appointment = Appointment.objects.get()
    assert appointment.booked_by == reception
    assert appointment.end - appointment.start == timedelta(minutes=20)


@pytest.mark.parametrize(("when", "field", "message"), [
    (lambda: at(next_weekday(0), 19), "start", "outside opening hours"),
    (lambda: at(next_weekday(6), 10), "start", "closed on Sundays"),
    (lambda: timezone.localtime() - timedelta(days=2), "start", "in the past"),
])
def test_a_refused_booking_shows_the_message_next_to_its_field_and_keeps_the_input(
    vet, bramble, reception_client, recheck, when, field, message
):
    start = when()
    response = reception_client.post("/schedule/book/", {
        "dog": bramble.pk, "appointment_type": recheck.pk, "vet": vet.pk,
        "start": f"{start:%Y-%m-%dT%H:%M}", "reason": "Kept reason",
    }, headers=HTMX)
    form = response.context["form"]
    assert message in form.errors[field][0]
    assert 'value="Kept reason"' in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_form_refuses_an_end_before_the_start(vet, bramble, reception_client, recheck):
    start = at(next_weekday(0), 10)
    response = reception_client.post("/schedule/book/", {
        "dog": bramble.pk, "appointment_type": recheck.pk, "vet": vet.pk,
        "start": f"{start:%Y-%m-%dT%H:%M}", "end": f"{start - timedelta(hours=1):%Y-%m-%dT%H:%M}",
    })
    assert response.context["form"].errors["end"] == ["The appointment must end after it starts."]


def test_the_form_requires_dog_type_vet_and_start(reception_client):
    response = reception_client.post("/schedule/book/", {})
    assert set(response.context["form"].errors) == {"dog", "appointment_type", "vet", "start"}


def test_a_taken_slot_offers_the_nearest_free_ones_as_buttons(vet, bramble, reception_client,
                                                            recheck):
    start = at(next_weekday(0), 10)
    AppointmentFactory(dog=bramble, vet=vet, start=start)
    response = reception_client.post("/schedule/book/", {
        "dog": bramble.pk, "appointment_type": recheck.pk, "vet": vet.pk,
        "start": f"{start:%Y-%m-%dT%H:%M}",
    }, headers=HTMX)
    page = response.content.decode()
    assert "That slot was just taken" in response.context["form"].errors["start"][0]
    assert 'aria-label="Nearest free slots"' in page


def test_quick_actions_check_in_and_mark_a_no_show_in_place(vet, bramble, reception_client):
    arriving = AppointmentFactory(dog=bramble, vet=vet, start=at(next_weekday(0), 10))
    missing = AppointmentFactory(dog=bramble, vet=vet, start=at(next_weekday(0), 11))
    response = reception_client.post(f"/schedule/appointments/{arriving.pk}/action/",
                                     {"action": "arrived"}, headers=HTMX)
    assert f'id="appointment-{arriving.pk}"' in response.content.decode()
    assert "Arrived" in response.content.decode()
    reception_client.post(f"/schedule/appointments/{missing.pk}/action/", {"action": "no_show"},
                          headers=HTMX)
    arriving.refresh_from_db()
    missing.refresh_from_db()
    assert (arriving.status, missing.status) == ("arrived", "no_show")


def test_a_refused_quick_action_says_why_in_the_card(vet, bramble, reception_client):
    done = AppointmentFactory(dog=bramble, vet=vet, status="completed")
    response = reception_client.post(f"/schedule/appointments/{done.pk}/action/",
                                     {"action": "no_show"}, headers=HTMX)
    assert "cannot become did not attend" in response.content.decode()


def test_cancelling_asks_for_a_reason_in_the_card(vet, bramble, reception_client):
    appointment = AppointmentFactory(dog=bramble, vet=vet)
    url = f"/schedule/appointments/{appointment.pk}/cancel/"
    response = reception_client.post(url, {"cancel_reason": ""}, headers=HTMX)
    assert "This field is required" in response.content.decode()
    reception_client.post(url, {"cancel_reason": "Dog unwell"}, headers=HTMX)
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason) == ("cancelled", "Dog unwell")


def test_moving_through_the_form(vet, vet2, bramble, reception_client):
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=at(next_weekday(0), 10))
    blocker = AppointmentFactory(dog=bramble, vet=vet2, start=at(next_weekday(0), 15))
    url = f"/schedule/appointments/{appointment.pk}/move/"
    response = reception_client.post(url, {"vet": vet2.pk,
                                           "start": f"{blocker.start:%Y-%m-%dT%H:%M}"})
    assert "That slot was just taken" in response.context["form"].errors["start"][0]
    response = reception_client.post(url, {"vet": vet2.pk,
                                           "start": f"{at(next_weekday(0), 16):%Y-%m-%dT%H:%M}"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.vet == vet2
    assert timezone.localtime(appointment.start).hour == 16


def test_owners_cannot_open_the_calendar(owner_a_client):
    assert owner_a_client.get("/schedule/").status_code == 403
    assert owner_a_client.post("/schedule/book/").status_code == 403


def test_the_dashboard_lists_todays_appointments_for_the_vet_and_for_reception(
    vet, vet2, bramble, client_for
):
    today = timezone.localdate()
    AppointmentFactory(dog=bramble, vet=vet, start=at(today, 0, 5))
    AppointmentFactory(dog=DogFactory(name="Kaiser"), vet=vet2, start=at(today, 0, 30))
    vet_page = client_for(vet).get("/").content.decode()
    desk_page = client_for(ReceptionistFactory()).get("/").content.decode()
    assert "Your appointments today" in vet_page
    assert "Bramble" in vet_page
    assert "Kaiser" not in vet_page
    assert "Kaiser" in desk_page
    assert "Bramble" in desk_page
