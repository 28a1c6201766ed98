"""Every refusal rule of a booking, with its message on the right field."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.scheduling.models import Appointment, ClosedDay
from clinic.scheduling.services import SlotTaken, book_appointment, move_appointment
from tests.factories.scheduling import (
    AppointmentFactory,
    VetAbsenceFactory,
    at,
    next_weekday,
)
from tests.factories.sites import main_site

pytestmark = pytest.mark.usefixtures("opening_hours")


def book(dog, vet, appointment_type, start, end=None):
    return book_appointment(site=main_site(), dog=dog, vet=vet, appointment_type=appointment_type,
                            start=start, end=end)


def refusal(dog, vet, appointment_type, start, end=None):
    with pytest.raises(ValidationError) as caught:
        book(dog, vet, appointment_type, start, end)
    return caught.value.message_dict


def test_it_books_a_slot_inside_opening_hours_with_the_types_default_length(bramble, vet, recheck):
    start = at(next_weekday(0), 9)
    appointment = book(bramble, vet, recheck, start)
    assert appointment.end - appointment.start == timedelta(minutes=20)
    assert appointment.status == Appointment.Status.BOOKED


def test_it_refuses_a_time_outside_opening_hours(bramble, vet, recheck):
    errors = refusal(bramble, vet, recheck, at(next_weekday(0), 7, 30))
    assert "outside opening hours" in errors["start"][0]


def test_it_refuses_an_appointment_running_past_closing_time(bramble, vet, recheck):
    errors = refusal(bramble, vet, recheck, at(next_weekday(5), 12, 20))
    assert "Saturdays 09:00–12:30" in errors["start"][0]


def test_it_refuses_a_weekday_the_clinic_is_closed(bramble, vet, recheck):
    errors = refusal(bramble, vet, recheck, at(next_weekday(6), 10))
    assert errors["start"] == ["Riverside Veterinary Dermatology is closed on Sundays."]


def test_it_refuses_a_closed_day(bramble, vet, recheck):
    day = next_weekday(1)
    ClosedDay.objects.create(site=main_site(), date=day, reason="Staff training")
    errors = refusal(bramble, vet, recheck, at(day, 10))
    assert "closed" in errors["start"][0]
    assert "Staff training" in errors["start"][0]


def test_it_refuses_a_time_when_the_vet_is_away(bramble, vet, recheck):
    absence = VetAbsenceFactory(vet=vet, reason="Dermatology conference")
    errors = refusal(bramble, vet, recheck, absence.start + timedelta(hours=2))
    assert "Dr Ada Vet is away" in errors["vet"][0]
    assert "Dermatology conference" in errors["vet"][0]


def test_another_vet_can_be_booked_while_one_is_away(bramble, vet, vet2, recheck):
    absence = VetAbsenceFactory(vet=vet)
    assert book(bramble, vet2, recheck, absence.start + timedelta(hours=2)).pk


def test_it_refuses_a_time_in_the_past(bramble, vet, recheck):
    errors = refusal(bramble, vet, recheck, timezone.now() - timedelta(days=1))
    assert errors["start"] == ["That time is in the past."]


def test_it_refuses_an_end_before_the_start(bramble, vet, recheck):
    start = at(next_weekday(0), 10)
    errors = refusal(bramble, vet, recheck, start, start - timedelta(minutes=10))
    assert errors["end"] == ["The appointment must end after it starts."]


def test_it_refuses_an_overlap_with_the_same_vet_and_offers_the_nearest_free_slots(
    bramble, vet, recheck
):
    start = at(next_weekday(0), 10)
    AppointmentFactory(vet=vet, start=start, end=start + timedelta(minutes=30))
    with pytest.raises(SlotTaken) as caught:
        book(bramble, vet, recheck, start + timedelta(minutes=15))
    assert "That slot was just taken" in caught.value.messages[0]
    assert caught.value.free_slots[0] in (start - timedelta(minutes=30),
                                          start + timedelta(minutes=30))
    for slot in caught.value.free_slots:
        assert not (slot < start + timedelta(minutes=30) and slot + timedelta(minutes=20) > start)


def test_a_cancelled_or_missed_appointment_frees_its_slot(bramble, vet, recheck):
    start = at(next_weekday(0), 10)
    AppointmentFactory(vet=vet, start=start, status="cancelled", cancel_reason="Owner ill")
    AppointmentFactory(vet=vet, start=start, status="no_show")
    assert book(bramble, vet, recheck, start).pk


def test_two_vets_can_see_patients_at_the_same_time(bramble, vet, vet2, recheck):
    start = at(next_weekday(0), 10)
    book(bramble, vet, recheck, start)
    assert book(bramble, vet2, recheck, start).pk


def test_back_to_back_appointments_do_not_overlap(bramble, vet, recheck):
    start = at(next_weekday(0), 10)
    first = book(bramble, vet, recheck, start)
    assert book(bramble, vet, recheck, first.end).pk


def test_moving_applies_the_same_rules_and_keeps_the_old_time_on_refusal(bramble, vet, recheck):
    appointment = book(bramble, vet, recheck, at(next_weekday(0), 10))
    other = book(bramble, vet, recheck, at(next_weekday(0), 11))
    with pytest.raises(SlotTaken):
        move_appointment(other, start=at(next_weekday(0), 10, 5))
    with pytest.raises(ValidationError):
        move_appointment(other, start=at(next_weekday(6), 10))
    other.refresh_from_db()
    assert timezone.localtime(other.start).hour == 11
    moved = move_appointment(appointment, start=at(next_weekday(1), 14))
    assert timezone.localtime(moved.start).hour == 14
    assert moved.end - moved.start == timedelta(minutes=20)


def test_a_moved_appointment_gets_a_fresh_reminder(bramble, vet, recheck):
    appointment = book(bramble, vet, recheck, at(next_weekday(0), 10))
    appointment.reminder_sent_at = timezone.now()
    appointment.save()
    moved = move_appointment(appointment, start=at(next_weekday(0), 15))
    moved.refresh_from_db()
    assert moved.reminder_sent_at is None


def test_a_follow_up_can_only_be_booked_for_its_own_dog(bramble, vet, recheck):
    from tests.factories.patients import DogFactory
    from tests.factories.scheduling import FollowUpFactory, open_case

    follow_up = FollowUpFactory(case=open_case(DogFactory(name="Rufus"), vet))
    with pytest.raises(ValidationError) as caught:
        book_appointment(site=main_site(), dog=bramble, vet=vet, appointment_type=recheck,
                         start=at(next_weekday(0), 10), follow_up=follow_up)
    assert "This case is Rufus's, not Bramble's." in caught.value.message_dict["dog"]


def test_the_admin_cannot_double_book_a_vet_either(bramble, vet, recheck):
    from clinic.scheduling.admin import AppointmentAdminForm

    start = at(next_weekday(0), 10)
    AppointmentFactory(dog=bramble, vet=vet, start=start)
    form = AppointmentAdminForm(data={
        "dog": bramble.pk, "vet": vet.pk, "appointment_type": recheck.pk, "status": "booked",
        "start": f"{start:%Y-%m-%d} 10:10", "end": f"{start:%Y-%m-%d} 10:30",
    })
    assert not form.is_valid()
    assert form.errors["start"] == ["This vet already has an appointment at that time."]


def test_the_week_view_ignores_a_malformed_vet(reception_client, vet):
    assert reception_client.get("/schedule/week/?vet=abc").status_code == 200
