from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clinic.scheduling import sms
from clinic.scheduling.models import Appointment
from clinic.scheduling.services.reminders import NO_CONSENT, send_due_reminders
from clinic.scheduling.tasks import send_reminders
from tests.factories.patients import DogFactory, OwnerFactory
from tests.factories.scheduling import AppointmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon():
    return timezone.now() + timedelta(hours=5)


def test_it_emails_a_consenting_owner_once_however_often_it_runs(vet, bramble, soon):
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=soon)
    assert send_due_reminders() == {"sent": 1, "skipped": 0}
    assert send_due_reminders() == {"sent": 0, "skipped": 0}
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Bramble" in message.subject
    assert "Dr Ada Vet" in message.body
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is not None


def test_the_task_and_the_command_send_through_the_same_claim(vet, bramble, soon):
    AppointmentFactory(dog=bramble, vet=vet, start=soon)
    result = send_reminders.enqueue()
    assert result.return_value == {"sent": 1, "skipped": 0}
    call_command("send_reminders")
    assert len(mail.outbox) == 1


def test_owners_without_consent_are_skipped_and_the_appointment_says_so(
    vet, reception_client, soon
):
    owner = OwnerFactory(reminder_consent=False)
    appointment = AppointmentFactory(dog=DogFactory(owner=owner), vet=vet, start=soon)
    assert send_due_reminders() == {"sent": 0, "skipped": 1}
    assert mail.outbox == []
    appointment.refresh_from_db()
    assert appointment.reminder_skipped_reason == NO_CONSENT
    page = reception_client.get(f"/schedule/appointments/{appointment.pk}/").content.decode()
    assert "Not sent: Owner has not agreed to reminders." in page
    assert send_due_reminders() == {"sent": 0, "skipped": 0}


def test_an_owner_who_agrees_later_still_gets_the_reminder(vet, soon):
    owner = OwnerFactory(reminder_consent=False)
    appointment = AppointmentFactory(dog=DogFactory(owner=owner), vet=vet, start=soon)
    send_due_reminders()
    owner.reminder_consent = True
    owner.save()
    assert send_due_reminders() == {"sent": 1, "skipped": 0}
    appointment.refresh_from_db()
    assert appointment.reminder_skipped_reason == ""
    assert len(mail.outbox) == 1


def test_only_appointments_inside_the_reminder_window_are_reminded(vet, bramble, settings):
    settings.CLINIC_REMINDER_HOURS = 24
    AppointmentFactory(dog=bramble, vet=vet, start=timezone.now() + timedelta(hours=30))
    AppointmentFactory(dog=bramble, vet=vet, start=timezone.now() + timedelta(hours=23),
                       status=Appointment.Status.CANCELLED, cancel_reason="Owner away")
    assert send_due_reminders() == {"sent": 0, "skipped": 0}
    settings.CLINIC_REMINDER_HOURS = 48
    assert send_due_reminders() == {"sent": 1, "skipped": 0}


def test_owners_who_prefer_text_messages_also_get_an_sms(vet, soon):
    owner = OwnerFactory(preferred_contact="sms", phone="+447700900555")
    AppointmentFactory(dog=DogFactory(owner=owner, name="Nell"), vet=vet, start=soon)
    send_due_reminders()
    send_due_reminders()
    assert len(sms.outbox) == 1
    phone, text = sms.outbox[0]
    assert phone == "+447700900555"
    assert "Nell" in text


def test_a_failed_send_is_retried_next_time(vet, bramble, soon, settings):
    AppointmentFactory(dog=bramble, vet=vet, start=soon)
    settings.EMAIL_BACKEND = "tests.scheduling.test_reminders.BrokenBackend"
    assert send_due_reminders()["sent"] == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders()["sent"] == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")
