import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Case
from cases.services.cases import change_case_status, open_case
from tests.factories.cases import CaseFactory

pytestmark = pytest.mark.django_db


def test_it_follows_the_status_flow_to_resolved(vet):
    case = CaseFactory(attending_vet=vet)
    for status in ("confirmed", "managing", "in_remission", "resolved"):
        case = change_case_status(case, status, vet, f"now {status}")
    assert case.status == "resolved"
    assert case.closed_on == timezone.localdate()
    assert not case.is_open


def test_it_closes_a_suspected_case_as_ruled_out(vet):
    case = change_case_status(CaseFactory(), "ruled_out", vet, "biopsy: no mineralisation")
    assert case.status == "ruled_out"
    assert case.closed_on == timezone.localdate()


@pytest.mark.parametrize(("start", "target"), [
    ("suspected", "managing"),
    ("suspected", "resolved"),
    ("confirmed", "ruled_out"),
    ("resolved", "managing"),
    ("ruled_out", "suspected"),
    ("managing", "not-a-status"),
])
def test_it_refuses_transitions_outside_the_flow(vet, start, target):
    case = CaseFactory(status=start)
    with pytest.raises(ValidationError, match="cannot move from"):
        change_case_status(case, target, vet)
    case.refresh_from_db()
    assert case.status == start


def test_it_lets_a_case_in_remission_relapse_to_managing(vet):
    case = CaseFactory(status="in_remission")
    assert change_case_status(case, "managing", vet).status == "managing"


def test_it_records_who_changed_the_status_and_why(vet):
    case = change_case_status(CaseFactory(), "confirmed", vet, "histopathology: von Kossa +")
    latest = case.history.first()
    assert latest.history_user == vet
    assert latest.history_change_reason == "histopathology: von Kossa +"


def test_it_refuses_a_second_open_case_for_the_same_dog(vet):
    first = CaseFactory(attending_vet=vet)
    second = Case(dog=first.dog, attending_vet=vet, presenting_complaint="new nodules")
    with pytest.raises(ValidationError, match="already has an open case"):
        open_case(second, vet)


def test_the_database_refuses_a_second_open_case_too(vet):
    first = CaseFactory(attending_vet=vet)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(dog=first.dog, attending_vet=vet, presenting_complaint="again")


def test_a_dog_can_have_a_new_case_after_the_last_one_closed(vet):
    first = change_case_status(CaseFactory(), "ruled_out", vet)
    second = open_case(
        Case(dog=first.dog, attending_vet=vet, presenting_complaint="new plaques"), vet
    )
    assert list(first.dog.cases.open()) == [second]
