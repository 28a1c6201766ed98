"""Owner requests have limits: one open deletion request, no change to a past or finished
visit, and a length limit on every free-text answer."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from cases.models import HomeObservation
from clinic.portal.models import DeletionRequest
from clinic.scheduling.models import Appointment, AppointmentChangeRequest
from tests.factories.scheduling import AppointmentFactory
from tests.portal.test_observations import answers, report_url

pytestmark = pytest.mark.django_db

A_MEGABYTE = "x" * 1_000_000


def ask_for_deletion(client, reason="Moving abroad"):
    return client.post(reverse("portal:deletion_request"), {"reason": reason, "confirm": "on"},
                       follow=True)


def test_a_second_deletion_request_while_one_is_open_is_refused(
    owner_a, owner_a_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_deletion(owner_a_client)
        response = ask_for_deletion(owner_a_client, "again")
    assert DeletionRequest.objects.filter(owner=owner_a).count() == 1
    assert len(mailoutbox) == 1
    assert "We already have your request" in response.content.decode()


def test_a_new_deletion_request_is_possible_once_the_last_is_handled(owner_a, owner_a_client):
    ask_for_deletion(owner_a_client)
    DeletionRequest.objects.update(handled_at=timezone.now())
    ask_for_deletion(owner_a_client, "again")
    assert DeletionRequest.objects.filter(owner=owner_a).count() == 2


def test_the_database_keeps_one_open_deletion_request_per_owner(owner_a):
    DeletionRequest.objects.create(owner=owner_a)
    with pytest.raises(IntegrityError):
        DeletionRequest.objects.create(owner=owner_a)


def test_a_deletion_request_reason_has_a_length_limit(owner_a_client):
    response = ask_for_deletion(owner_a_client, A_MEGABYTE)
    assert "at most 2000 characters" in response.content.decode()
    assert not DeletionRequest.objects.exists()


@pytest.mark.parametrize(
    ("when", "status"),
    [(-timedelta(days=2), Appointment.Status.COMPLETED),
     (-timedelta(hours=1), Appointment.Status.BOOKED),
     (timedelta(days=3), Appointment.Status.CANCELLED),
     (timedelta(days=3), Appointment.Status.COMPLETED)],
)
def test_no_change_request_for_a_past_or_finished_appointment(owner_a, owner_a_client, vet,
                                                              when, status):
    start = timezone.now() + when
    appointment = AppointmentFactory(
        dog=owner_a.dogs.get(), vet=vet, start=start, end=start + timedelta(minutes=20),
        status=status, cancel_reason="Owner away" if status == "cancelled" else "",
    )
    response = owner_a_client.post(
        reverse("portal:appointment_change", kwargs={"appointment_id": appointment.pk}),
        {"message": "Could we come later?"}, follow=True,
    )
    assert not AppointmentChangeRequest.objects.exists()
    assert "cannot be changed" in response.content.decode()


def test_a_change_request_has_a_length_limit(owner_a, owner_a_client, vet):
    appointment = AppointmentFactory(dog=owner_a.dogs.get(), vet=vet)
    owner_a_client.post(
        reverse("portal:appointment_change", kwargs={"appointment_id": appointment.pk}),
        {"message": A_MEGABYTE},
    )
    assert not AppointmentChangeRequest.objects.exists()


@pytest.mark.parametrize("field", ["note", "new_lesions_where"])
def test_a_home_report_refuses_a_megabyte_of_text_on_its_field(owner_a, owner_a_client, field):
    dog = owner_a.dogs.get()
    response = owner_a_client.post(
        report_url(dog), answers(new_lesions="yes", **{field: A_MEGABYTE})
    )
    assert response.status_code == 200
    assert "at most" in str(response.context["form"].errors[field])
    assert not HomeObservation.objects.exists()
