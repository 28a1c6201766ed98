"""The one status mechanism: every flow is declared whole, refused moves leave the record as
it was, and each move keeps who made it and why."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Biopsy, Case
from clinic.lib import status
from clinic.scheduling.models import Appointment
from tests.factories.cases import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Case, Biopsy, Appointment])
def test_every_status_declares_where_it_may_go(model):
    assert set(model.TRANSITIONS) == set(model.Status)
    for targets in model.TRANSITIONS.values():
        assert set(targets) <= set(model.Status)


def test_a_move_keeps_the_user_and_the_reason_in_history(vet):
    case = status.move(CaseFactory(), Case.Status.RULED_OUT, by=vet, reason="no mineral")
    latest = case.history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "ruled_out", vet, "no mineral"
    )


def test_a_refused_move_changes_nothing(vet):
    case = CaseFactory(status=Case.Status.RESOLVED)
    with pytest.raises(ValidationError, match="cannot move from “Resolved”"):
        status.move(case, Case.Status.MANAGING, by=vet, presenting_complaint="changed")
    case.refresh_from_db()
    assert (case.status, case.history.count()) == ("resolved", 1)
    assert case.presenting_complaint != "changed"


def test_a_move_runs_the_record_s_own_rules(vet):
    case = CaseFactory()
    with pytest.raises(ValidationError) as caught:
        status.move(case, Case.Status.CONFIRMED, by=vet, diagnosis_code="123")
    assert "diagnosis_code_system" in caught.value.error_dict
    case.refresh_from_db()
    assert case.status == "suspected"


def test_the_biopsy_page_offers_only_the_moves_its_flow_allows():
    biopsy = Biopsy(status=Biopsy.Status.PLANNED)
    assert (biopsy.can_record_consent, biopsy.can_record_collection, biopsy.can_cancel) == (
        True, False, True
    )
    biopsy.status = Biopsy.Status.REPORTED
    assert biopsy.next_statuses() == []


def test_an_appointment_lists_its_one_click_actions_from_its_flow():
    appointment = Appointment(status=Appointment.Status.ARRIVED)
    assert appointment.quick_actions() == [("with_vet", "With the vet")]
    appointment.status = Appointment.Status.BOOKED
    assert [action for action, _ in appointment.quick_actions()] == [
        "confirmed", "arrived", "no_show"
    ]
