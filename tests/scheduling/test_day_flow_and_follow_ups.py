"""Check-in to completion, no-shows, and the follow-ups worklist."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import FollowUp
from clinic.accounts.models import User
from clinic.scheduling.models import Appointment
from clinic.scheduling.services import (
    StatusChangeRefused,
    book_appointment,
    cancel_appointment,
    change_status,
    follow_ups_to_book,
)
from clinic.scheduling.services.proposals import propose_slots
from tests.factories.accounts import VetFactory
from tests.factories.patients import DogFactory, OwnerFactory
from tests.factories.scheduling import (
    AppointmentFactory,
    ChangeRequestFactory,
    FollowUpFactory,
    at,
    next_weekday,
    open_case,
)
from tests.factories.sites import main_site, on_site

pytestmark = pytest.mark.usefixtures("opening_hours")
Status = Appointment.Status


@pytest.fixture
def case(bramble, vet):
    return open_case(bramble, vet)


def test_a_visit_runs_from_booked_to_completed(vet, bramble):
    appointment = AppointmentFactory(dog=bramble, vet=vet)
    for status in (Status.ARRIVED, Status.WITH_VET, Status.COMPLETED):
        change_status(appointment, status)
        assert appointment.status == status


def test_a_completed_visit_cannot_become_a_no_show(vet, bramble):
    appointment = AppointmentFactory(dog=bramble, vet=vet, status=Status.COMPLETED)
    with pytest.raises(StatusChangeRefused, match="cannot become did not attend"):
        change_status(appointment, Status.NO_SHOW)


def test_cancelling_needs_a_reason(vet, bramble):
    appointment = AppointmentFactory(dog=bramble, vet=vet)
    with pytest.raises(StatusChangeRefused):
        cancel_appointment(appointment, "  ")
    cancel_appointment(appointment, "Owner's car broke down")
    assert appointment.cancel_reason == "Owner's car broke down"


def test_completing_a_repeating_recheck_makes_the_next_one_due_from_the_visit(vet, case):
    follow_up = FollowUpFactory(case=case, due_on=timezone.localdate() - timedelta(days=5),
                                repeat_every_days=28)
    visit = AppointmentFactory(dog=case.dog, vet=vet, follow_up=follow_up, case=case,
                               status=Status.WITH_VET)
    change_status(visit, Status.COMPLETED)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE
    following = FollowUp.objects.get(case=case, status=FollowUp.Status.DUE)
    assert following.due_on == timezone.localtime(visit.start).date() + timedelta(days=28)
    assert following.kind == follow_up.kind


def test_completing_a_one_off_follow_up_creates_nothing_new(vet, case):
    follow_up = FollowUpFactory(case=case)
    visit = AppointmentFactory(dog=case.dog, vet=vet, follow_up=follow_up,
                               status=Status.WITH_VET)
    change_status(visit, Status.COMPLETED)
    assert FollowUp.objects.filter(case=case, status=FollowUp.Status.DUE).count() == 0


def test_the_worklist_shows_unbooked_follow_ups_most_overdue_first(vet, reception, case):
    today = timezone.localdate()
    later = FollowUpFactory(case=case, due_on=today + timedelta(days=3))
    overdue = FollowUpFactory(case=case, due_on=today - timedelta(days=10))
    FollowUpFactory(case=case, due_on=today + timedelta(days=60))  # beyond the horizon
    FollowUpFactory(case=case, status=FollowUp.Status.DONE)
    booked = FollowUpFactory(case=case)
    AppointmentFactory(dog=case.dog, vet=vet, follow_up=booked)
    with on_site(reception):
        assert list(follow_ups_to_book(reception)) == [overdue, later]


def test_a_no_show_puts_the_follow_up_back_on_the_list(vet, reception, case):
    follow_up = FollowUpFactory(case=case)
    appointment = AppointmentFactory(dog=case.dog, vet=vet, follow_up=follow_up)
    with on_site(reception):
        assert list(follow_ups_to_book(reception)) == []
        change_status(appointment, Status.NO_SHOW)
        assert list(follow_ups_to_book(reception)) == [follow_up]


def test_booking_from_the_list_proposes_the_attending_vet_first(vet, vet2, bramble):
    case = open_case(bramble, vet2)
    follow_up = FollowUpFactory(case=case, due_on=next_weekday(0))
    proposals, appointment_type = propose_slots(follow_up, User.objects.active_vets(), main_site())
    assert [proposed_vet for proposed_vet, _ in proposals] == [vet2, vet]
    assert appointment_type.name == "Recheck"
    first_slot = proposals[0][1][0]
    assert timezone.localtime(first_slot) == at(next_weekday(0), 8, 30)
    booked = book_appointment(site=main_site(), dog=bramble, vet=vet2,
                              appointment_type=appointment_type, start=first_slot,
                              follow_up=follow_up)
    assert booked.case == case


def test_the_worklist_page_has_tap_to_call_and_the_preferred_channel(
    vet, reception_client, reception
):
    owner = OwnerFactory(phone="+447700900777", preferred_contact="sms")
    case = open_case(DogFactory(owner=owner, name="Tess"), vet)
    follow_up = FollowUpFactory(case=case, due_on=timezone.localdate() - timedelta(days=2))
    appointment = AppointmentFactory(dog=case.dog, vet=vet)
    ChangeRequestFactory(appointment=appointment, requested_by=reception,
                         message="Can we come on Friday instead?")
    page = reception_client.get("/schedule/follow-ups/").content.decode()
    assert 'href="tel:+447700900777"' in page
    assert "Text message" in page
    assert "overdue 2 days" in page
    assert f"/schedule/follow-ups/{follow_up.pk}/slots/" in page
    assert "Can we come on Friday instead?" in page


def test_marking_a_change_request_handled_takes_it_off_the_list(vet, bramble, reception,
                                                              reception_client):
    request = ChangeRequestFactory(appointment=AppointmentFactory(dog=bramble, vet=vet),
                                   requested_by=reception, message="Please call me")
    response = reception_client.post(f"/schedule/change-requests/{request.pk}/handled/")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.handled_by == reception
    assert "Please call me" not in reception_client.get("/schedule/follow-ups/").content.decode()


def test_the_proposals_panel_lists_slots_per_vet(vet, case, reception_client):
    follow_up = FollowUpFactory(case=case, due_on=next_weekday(0))
    response = reception_client.get(f"/schedule/follow-ups/{follow_up.pk}/slots/",
                                    headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Dr Ada Vet (attending vet)" in page
    assert f"follow_up={follow_up.pk}" in page


def test_the_worklist_costs_the_same_queries_for_few_or_many_rows(vet, reception_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(count):
        for _ in range(count):
            case = open_case(DogFactory(), vet)
            FollowUpFactory(case=case)
            # A vet each, so the appointments never overlap.
            appointment = AppointmentFactory(dog=case.dog, vet=VetFactory())
            ChangeRequestFactory(appointment=appointment, message="Later please")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert reception_client.get("/schedule/follow-ups/").status_code == 200
        return len(captured)

    make(2)
    queries()  # warm: shared-cache values fill on a page's first use
    few = queries()
    make(10)
    queries()  # the new vets dropped the cached staff lists
    assert queries() == few


def test_the_worklist_page_shows_fifty_follow_ups_at_a_time(reception_client, case):
    today = timezone.localdate()
    for days in range(60):
        FollowUpFactory(case=case, due_on=today - timedelta(days=days))
    response = reception_client.get(reverse("scheduling:follow_ups"))
    first = response.content.decode()
    second = reception_client.get(
        reverse("scheduling:follow_ups") + "?" + response.context["page"].next_params
    ).content.decode()
    assert first.count('id="follow-up-') == 50
    assert "overdue 59 days" in first  # most overdue first
    assert second.count('id="follow-up-') == 10
    assert "Page 2" in second
    assert "overdue 9 days" in second
    assert ">Next<" not in second
