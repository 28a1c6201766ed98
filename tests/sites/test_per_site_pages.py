"""Each site has its own calendar, worklist, dashboard and reminders; a vet is still one
person across the group (no double booking across sites)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.scheduling.models import Appointment
from clinic.scheduling.services import SlotTaken, book_appointment, owner_calendar_feed
from clinic.scheduling.services.calendar import day_grid
from clinic.scheduling.services.reminders import send_due_reminders
from tests.cases.test_case_views import _open_case_data
from tests.factories.accounts import ReceptionistFactory, VetFactory
from tests.factories.cases import CaseFactory
from tests.factories.patients import DogFactory
from tests.factories.scheduling import (
    AppointmentFactory,
    AppointmentTypeFactory,
    FollowUpFactory,
    at,
    next_weekday,
)
from tests.factories.sites import on_site

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def both_desk(site_a, site_b):
    return ReceptionistFactory(email="both.desks@example.org", sites=[site_a, site_b])


def switched(client, site):
    assert client.post("/sites/switch/", {"site": site.pk}).status_code == 302
    return client


def test_the_day_view_shows_the_current_sites_vets_and_appointments(
    client_for, site_a, site_b, vet_a, vet_b, both_desk
):
    day = next_weekday(1)
    AppointmentFactory(vet=vet_a, site=site_a, start=at(day, 10), dog=DogFactory(name="Alfie"))
    AppointmentFactory(vet=vet_b, site=site_b, start=at(day, 10), dog=DogFactory(name="Bess"))
    client = client_for(both_desk)
    page = client.get(f"/schedule/?date={day}").content.decode()
    assert "Dr Alma Arden" in page
    assert "Alfie" in page
    assert "Dr Bruno Berg" not in page
    assert "Bess" not in page
    page = switched(client, site_b).get(f"/schedule/?date={day}").content.decode()
    assert "Dr Bruno Berg" in page
    assert "Bess" in page
    assert "Dr Alma Arden" not in page
    assert "Alfie" not in page


def test_the_week_view_refuses_a_vet_of_another_site(client_for, site_a, vet_a, vet_b,
                                                     desk_a):
    client = client_for(desk_a)
    assert client.get(f"/schedule/week/?vet={vet_a.pk}").status_code == 200
    assert client.get(f"/schedule/week/?vet={vet_b.pk}").status_code == 404


def test_the_dashboard_lists_today_at_the_current_site_only(client_for, site_a, site_b,
                                                            vet_a, vet_b, both_desk):
    start = timezone.now() + timedelta(minutes=5)
    AppointmentFactory(vet=vet_a, site=site_a, start=start, dog=DogFactory(name="Alfie"))
    AppointmentFactory(vet=vet_b, site=site_b, start=start, dog=DogFactory(name="Bess"))
    client = client_for(both_desk)
    page = client.get("/").content.decode()
    assert "Alfie" in page
    assert "Bess" not in page
    page = switched(client, site_b).get("/").content.decode()
    assert "Bess" in page
    assert "Alfie" not in page


def test_the_follow_ups_worklist_is_the_sites_cases(client_for, site_a, site_b, vet_a,
                                                    vet_b, both_desk):
    FollowUpFactory(case=CaseFactory(dog=DogFactory(name="Alfie"), attending_vet=vet_a,
                                     attending_site=site_a))
    FollowUpFactory(case=CaseFactory(dog=DogFactory(name="Bess"), attending_vet=vet_b,
                                     attending_site=site_b))
    client = client_for(both_desk)
    page = client.get("/schedule/follow-ups/").content.decode()
    assert "Alfie" in page
    assert "Bess" not in page
    page = switched(client, site_b).get("/schedule/follow-ups/").content.decode()
    assert "Bess" in page
    assert "Alfie" not in page


def test_an_appointment_of_another_site_is_not_found(client_for, site_b, vet_b, desk_a):
    appointment = AppointmentFactory(vet=vet_b, site=site_b)
    client = client_for(desk_a)
    assert client.get(f"/schedule/appointments/{appointment.pk}/").status_code == 404
    response = client.post(f"/schedule/appointments/{appointment.pk}/action/",
                           {"action": "confirmed"})
    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_booking_at_site_b_checks_site_bs_hours(site_a, site_b, recheck):
    vet = VetFactory(sites=[site_a, site_b])
    monday = next_weekday(0)
    dog = DogFactory()
    with pytest.raises(ValidationError) as refused:
        book_appointment(site=site_b, dog=dog, vet=vet, appointment_type=recheck,
                         start=at(monday, 10))
    assert refused.value.message_dict["start"] == ["Northgate Branch is closed on Mondays."]
    booked = book_appointment(site=site_a, dog=dog, vet=vet, appointment_type=recheck,
                              start=at(monday, 10))
    assert booked.site == site_a


def test_a_vet_cannot_be_at_two_sites_at_once(site_a, site_b, recheck):
    vet = VetFactory(sites=[site_a, site_b])
    tuesday = next_weekday(1)
    book_appointment(site=site_a, dog=DogFactory(), vet=vet, appointment_type=recheck,
                     start=at(tuesday, 10))
    with pytest.raises(SlotTaken):
        book_appointment(site=site_b, dog=DogFactory(), vet=vet, appointment_type=recheck,
                         start=at(tuesday, 10, 10))


def test_booking_refuses_a_vet_or_a_type_the_site_does_not_have(site_a, site_b, vet_a):
    tuesday = next_weekday(1)
    only_a = AppointmentTypeFactory(name="Laser therapy", sites=[site_a])
    both = AppointmentTypeFactory(name="Recheck", sites=[site_a, site_b])
    with pytest.raises(ValidationError) as refused:
        book_appointment(site=site_b, dog=DogFactory(), vet=vet_a, appointment_type=both,
                         start=at(tuesday, 10))
    assert refused.value.message_dict["vet"] == ["Dr Alma Arden does not work at "
                                                 "Northgate Branch."]
    with pytest.raises(ValidationError) as refused:
        book_appointment(site=site_b, dog=DogFactory(), vet=vet_a, appointment_type=only_a,
                         start=at(tuesday, 10))
    assert "Northgate Branch does not offer Laser therapy" in str(refused.value)


def test_the_booking_form_books_at_the_current_site_with_its_vets_and_types(
    client_for, site_a, site_b, vet_a, vet_b, recheck, both_desk
):
    client = switched(client_for(both_desk), site_b)
    tuesday = next_weekday(1)
    form = client.get("/schedule/book/").content.decode()
    assert "at Northgate Branch" in form
    assert "Dr Bruno Berg" in form
    assert "Dr Alma Arden" not in form
    data = {"dog": DogFactory().pk, "appointment_type": recheck.pk,
            "start": f"{at(tuesday, 10):%Y-%m-%dT%H:%M}"}
    refused = client.post("/schedule/book/", {**data, "vet": vet_a.pk})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    response = client.post("/schedule/book/", {**data, "vet": vet_b.pk})
    assert response.status_code == 302
    assert Appointment.objects.get().site == site_b


def test_a_booking_for_another_site_is_refused_without_the_permission(
    client_for, site_a, site_b, vet_b, recheck, desk_a
):
    response = client_for(desk_a).post(f"/schedule/book/?clinic_site={site_b.pk}", {
        "dog": DogFactory().pk, "appointment_type": recheck.pk, "vet": vet_b.pk,
        "start": f"{at(next_weekday(1), 10):%Y-%m-%dT%H:%M}",
    })
    assert response.status_code == 404
    assert not Appointment.objects.exists()


def test_reminders_name_the_appointments_site(site_b, vet_b):
    AppointmentFactory(vet=vet_b, site=site_b, start=timezone.now() + timedelta(hours=5))
    assert send_due_reminders()["sent"] == 1
    body = mail.outbox[0].body
    assert "Northgate Branch, 8 North Gate, York YO1 7HH" in body
    assert "please call us on +44 1904 496000" in body
    assert "Out of hours: 01904 496999." in body


def test_calendar_files_give_each_visits_own_site(site_a, site_b, vet_a, vet_b):
    dog = DogFactory()
    AppointmentFactory(dog=dog, vet=vet_a, site=site_a)
    AppointmentFactory(dog=dog, vet=vet_b, site=site_b, start=at(next_weekday(2), 11))
    feed = owner_calendar_feed(dog.owner).decode()
    assert f"LOCATION:{site_a.name}\\, " in feed
    assert "LOCATION:Northgate Branch\\, 8 North Gate\\, York YO1 7HH" in feed


def test_a_case_opened_at_a_site_is_followed_up_there(client_for, site_b, vet_b):
    dog = DogFactory()
    form = client_for(vet_b).get(f"/cases/dogs/{dog.pk}/open/").context["form"]
    assert form["attending_site"].value() == site_b.pk  # offered as the vet's current site
    response = client_for(vet_b).post(f"/cases/dogs/{dog.pk}/open/",
                                      _open_case_data(vet_b, attending_site=site_b.pk))
    assert response.status_code == 302
    assert dog.cases.get().attending_site == site_b


def test_a_visit_at_another_site_shows_as_unavailable_not_free(site_a, site_b):
    vet = VetFactory(sites=[site_a, site_b])
    tuesday = next_weekday(1)
    AppointmentFactory(vet=vet, site=site_a, start=at(tuesday, 10))
    with on_site(vet, site_b):
        grid = day_grid(tuesday, [vet], vet, site_b)
    cells = {timezone.localtime(cell.start).time(): cell
             for row in grid.rows for cell in row.cells}
    assert cells[at(tuesday, 10).time()].kind == "unavailable"
    # 11:00 lies in the free stretch that follows the visit (one cell over its slots)
    [free] = [cell for cell in cells.values()
              if cell.kind == "free" and cell.start <= at(tuesday, 11) < cell.free_until]
    assert free.start > at(tuesday, 10)
    assert not grid.not_in_grid  # site A's visit is not drawn on site B's calendar
    assert "clinic_site=" + str(site_b.pk) in free.book_query


def test_a_24_hour_site_books_at_night_and_across_midnight(site_a, site_b, recheck):
    site_b.hours.update(is_closed=False, open_24_hours=True, opens_at=None, closes_at=None)
    vet = VetFactory(sites=[site_a, site_b])
    tuesday = next_weekday(1)
    late = book_appointment(site=site_b, dog=DogFactory(), vet=vet, appointment_type=recheck,
                            start=at(tuesday, 23, 50))
    assert timezone.localtime(late.end).date() == tuesday + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:  # the day practice is shut at night
        book_appointment(site=site_a, dog=DogFactory(), vet=vet, appointment_type=recheck,
                         start=at(tuesday, 22))
    assert "outside opening hours at" in refused.value.message_dict["start"][0]
    site_b.hours.filter(weekday=3).update(open_24_hours=False, is_closed=True)
    with pytest.raises(ValidationError) as refused:  # Wednesday night into a closed Thursday
        book_appointment(site=site_b, dog=DogFactory(), vet=vet, appointment_type=recheck,
                         start=at(tuesday + timedelta(days=1), 23, 50))
    assert "runs past midnight" in refused.value.message_dict["end"][0]
