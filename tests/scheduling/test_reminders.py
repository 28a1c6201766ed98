from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clinic.lib import sms
from clinic.lib.retry import BACKOFF, MAX_ATTEMPTS
from clinic.scheduling.models import Appointment, ReminderDelivery
from clinic.scheduling.services.booking import move_appointment
from clinic.scheduling.services.reminders import NO_CONSENT, TOO_LATE, send_due_reminders
from clinic.scheduling.tasks import send_reminders
from tests.factories.patients import DogFactory, OwnerFactory
from tests.factories.scheduling import AppointmentFactory, at, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon():
    return timezone.now() + timedelta(hours=5)


def test_it_emails_a_consenting_owner_once_however_often_it_runs(vet, bramble, soon):
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=soon)
    assert send_due_reminders() == {"sent": 1, "skipped": 0, "failed": 0, "given_up": 0}
    assert send_due_reminders() == {"sent": 0, "skipped": 0, "failed": 0, "given_up": 0}
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
    assert result.return_value == {"sent": 1, "skipped": 0, "failed": 0, "given_up": 0}
    call_command("send_reminders")
    assert len(mail.outbox) == 1


def test_owners_without_consent_are_skipped_and_the_appointment_says_so(
    vet, reception_client, soon
):
    owner = OwnerFactory(reminder_consent=False)
    appointment = AppointmentFactory(dog=DogFactory(owner=owner), vet=vet, start=soon)
    assert send_due_reminders() == {"sent": 0, "skipped": 1, "failed": 0, "given_up": 0}
    assert mail.outbox == []
    appointment.refresh_from_db()
    assert appointment.reminder_skipped_reason == NO_CONSENT
    page = reception_client.get(f"/schedule/appointments/{appointment.pk}/").content.decode()
    assert "Not sent: Owner has not agreed to reminders." in page
    assert send_due_reminders() == {"sent": 0, "skipped": 0, "failed": 0, "given_up": 0}


def test_an_owner_who_agrees_later_still_gets_the_reminder(vet, soon):
    owner = OwnerFactory(reminder_consent=False)
    appointment = AppointmentFactory(dog=DogFactory(owner=owner), vet=vet, start=soon)
    send_due_reminders()
    owner.reminder_consent = True
    owner.save()
    assert send_due_reminders() == {"sent": 1, "skipped": 0, "failed": 0, "given_up": 0}
    appointment.refresh_from_db()
    assert appointment.reminder_skipped_reason == ""
    assert len(mail.outbox) == 1


def test_only_appointments_inside_the_reminder_window_are_reminded(vet, bramble, settings):
    settings.CLINIC_REMINDER_HOURS = 24
    AppointmentFactory(dog=bramble, vet=vet, start=timezone.now() + timedelta(hours=30))
    AppointmentFactory(dog=bramble, vet=vet, start=timezone.now() + timedelta(hours=23),
                       status=Appointment.Status.CANCELLED, cancel_reason="Owner away")
    assert send_due_reminders() == {"sent": 0, "skipped": 0, "failed": 0, "given_up": 0}
    settings.CLINIC_REMINDER_HOURS = 48
    assert send_due_reminders() == {"sent": 1, "skipped": 0, "failed": 0, "given_up": 0}


def test_owners_who_prefer_text_messages_also_get_an_sms(vet, soon):
    owner = OwnerFactory(preferred_contact="sms", phone="+447700900555")
    AppointmentFactory(dog=DogFactory(owner=owner, name="Nell"), vet=vet, start=soon)
    send_due_reminders()
    send_due_reminders()
    assert len(sms.outbox) == 1
    phone, text = sms.outbox[0]
    assert phone == "+447700900555"
    assert "Nell" in text


def test_a_failed_send_is_retried_after_the_back_off(vet, bramble, soon, settings):
    AppointmentFactory(dog=bramble, vet=vet, start=soon)
    now = timezone.now()
    settings.EMAIL_BACKEND = "tests.scheduling.test_reminders.BrokenBackend"
    assert send_due_reminders(now)["failed"] == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders(now + timedelta(minutes=5))["sent"] == 0  # still backing off
    assert send_due_reminders(now + BACKOFF[0])["sent"] == 1
    assert len(mail.outbox) == 1


def test_when_the_text_fails_the_next_run_retries_the_text_only(vet, soon, settings):
    owner = OwnerFactory(preferred_contact="sms", phone="+447700900555",
                         email="nell.owner@example.org")
    appointment = AppointmentFactory(dog=DogFactory(owner=owner, name="Nell"), vet=vet,
                                     start=soon)
    now = timezone.now()
    settings.CLINIC_SMS_BACKEND = "tests.scheduling.test_reminders.BrokenSms"
    assert send_due_reminders(now) == {"sent": 1, "skipped": 0, "failed": 1, "given_up": 0}
    assert len(mail.outbox) == 1
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is None  # not done while the text is owed

    settings.CLINIC_SMS_BACKEND = "clinic.lib.sms.MemorySmsBackend"
    assert send_due_reminders(now + BACKOFF[0]) == {
        "sent": 1, "skipped": 0, "failed": 0, "given_up": 0,
    }
    assert len(mail.outbox) == 1  # the e-mail is not sent again
    assert [phone for phone, _ in sms.outbox] == ["+447700900555"]
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is not None
    assert send_due_reminders(now + timedelta(hours=2))["sent"] == 0


def test_reception_sees_a_failure_with_its_reason_then_the_notice_it_was_given_up(
    vet, soon, settings, reception_client
):
    settings.CLINIC_REMINDER_HOURS = 48
    owner = OwnerFactory(preferred_contact="sms", phone="+447700900555", email="")
    appointment = AppointmentFactory(dog=DogFactory(owner=owner, name="Nell"), vet=vet,
                                     start=soon + timedelta(hours=24))
    settings.CLINIC_SMS_BACKEND = "tests.scheduling.test_reminders.BrokenSms"
    now = timezone.now()
    send_due_reminders(now)
    delivery = ReminderDelivery.objects.get(appointment=appointment)
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error == "ConnectionError: gateway refused the number"

    detail = reception_client.get(f"/schedule/appointments/{appointment.pk}/").content.decode()
    assert "Text message to +447700900555: " in detail
    assert "failed (ConnectionError: gateway refused the number)" in detail
    problems = reception_client.get(reverse("scheduling:reminder_problems"))
    assert problems.status_code == 200
    assert "gateway refused the number" in problems.content.decode()
    assert "1 reminder could not be sent" in reception_client.get(
        reverse("scheduling:follow_ups")).content.decode()

    when = now
    for wait in BACKOFF:
        when += wait
        send_due_reminders(when)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("given_up", MAX_ATTEMPTS)
    assert send_due_reminders(when + timedelta(hours=1))["failed"] == 0  # no more tries
    assert "given up after 4 attempts" in reception_client.get(
        f"/schedule/appointments/{appointment.pk}/").content.decode()
    assert "Given up" in reception_client.get(
        reverse("scheduling:reminder_problems")).content.decode()


def test_a_reminder_still_owed_when_the_visit_starts_is_given_up(vet, bramble, soon, settings):
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=soon)
    settings.EMAIL_BACKEND = "tests.scheduling.test_reminders.BrokenBackend"
    send_due_reminders()
    assert send_due_reminders(soon + timedelta(minutes=1))["given_up"] == 1
    delivery = ReminderDelivery.objects.get(appointment=appointment)
    assert (delivery.status, delivery.last_error) == ("given_up", TOO_LATE)


def test_sending_a_reminder_is_in_the_appointments_history(vet, bramble, soon):
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=soon)
    send_due_reminders()
    latest = appointment.history.latest()
    assert latest.reminder_sent_at is not None
    assert latest.history_change_reason == "Reminder sent"


def test_a_moved_appointment_is_reminded_again_on_every_channel(vet, bramble, opening_hours):
    start = at(next_weekday(0), 10)
    appointment = AppointmentFactory(dog=bramble, vet=vet, start=start)
    send_due_reminders(start - timedelta(hours=5))
    appointment.refresh_from_db()  # the reminder run saved it: a move starts from fresh
    move_appointment(appointment, start=start + timedelta(hours=1))
    assert not appointment.reminder_deliveries.exists()
    assert send_due_reminders(start - timedelta(hours=4))["sent"] == 1
    assert len(mail.outbox) == 2


def test_the_problems_list_is_for_staff_who_handle_reminders(owner_a, client_for):
    assert client_for(owner_a.user).get(
        reverse("scheduling:reminder_problems")).status_code in (403, 404)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")


class BrokenSms:
    def send(self, phone, message):
        raise ConnectionError("gateway refused the number")
