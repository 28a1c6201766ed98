"""Real concurrency against PostgreSQL: many receptionists book the same slot at once;
two reminder senders run at once. Each thread has its own database connection.

The tests write committed rows straight into the test database (no wrapping transaction,
so the threads see them) and delete what they made afterwards. A transactional_db test
would do the same but empty every table at the end, taking the reference data that
migrations load (breeds, appointment types) away from the tests that run after it.
"""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.db.models import Max
from django.utils import timezone

from clinic.accounts.models import User
from clinic.patients.models import Dog, Owner
from clinic.scheduling.models import (
    Appointment,
    AppointmentType,
    ClinicHours,
    ReminderDelivery,
)
from clinic.scheduling.services import SlotTaken, book_appointment
from clinic.scheduling.services.reminders import send_due_reminders
from tests.factories.accounts import VetFactory
from tests.factories.patients import DogFactory
from tests.factories.scheduling import (
    AppointmentFactory,
    AppointmentTypeFactory,
    at,
    ensure_opening_hours,
    next_weekday,
)
from tests.factories.sites import main_site

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to prove",
    ),
]

THREADS = 12
MADE_HERE = [Appointment, Appointment.history.model, Dog, Dog.history.model, Owner,
             Owner.history.model, User, AppointmentType, ClinicHours]


@pytest.fixture(autouse=True)
def committed_db(django_db_setup, django_db_blocker):
    """Autocommit access to the test database; afterwards, delete every row made here."""
    with django_db_blocker.unblock():
        before = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0
                  for model in MADE_HERE}
        try:
            yield
        finally:
            connections.close_all()
            # In this order: deleting a record writes its history row, deleted next.
            for model in MADE_HERE:
                model.objects.filter(pk__gt=before[model]).delete()


def run_at_once(work, count):
    """Start `count` threads released together by a barrier; returns their outcomes."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def runner(index):
        try:
            barrier.wait()
            outcomes[index] = ("ok", work(index))
        except Exception as error:
            outcomes[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_many_simultaneous_bookings_of_one_slot_let_exactly_one_win():
    ensure_opening_hours()
    vet = VetFactory()
    recheck = AppointmentTypeFactory(name="Recheck", default_minutes=20)
    dogs = [DogFactory() for _ in range(THREADS)]
    start = at(next_weekday(0), 10)

    def book(index):
        # Slightly different starts: overlapping, not identical, rows.
        return book_appointment(site=main_site(), dog=dogs[index], vet=vet,
                                appointment_type=recheck,
                                start=start + timedelta(minutes=index % 3))

    outcomes = run_at_once(book, THREADS)

    winners = [value for kind, value in outcomes if kind == "ok"]
    losers = [value for kind, value in outcomes if kind == "error"]
    assert len(winners) == 1
    assert len(losers) == THREADS - 1
    for error in losers:
        assert isinstance(error, SlotTaken), repr(error)
        assert "That slot was just taken" in error.messages[0]
        assert error.free_slots
    assert Appointment.objects.active().filter(vet=vet).count() == 1


def test_two_reminder_senders_at_once_send_each_reminder_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    vet = VetFactory()
    soon = timezone.now() + timedelta(hours=3)
    for minutes in range(0, 200, 20):
        AppointmentFactory(vet=vet, start=soon + timedelta(minutes=minutes))

    outcomes = run_at_once(lambda index: send_due_reminders(), 2)

    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    assert sum(value["sent"] for _, value in outcomes) == 10
    assert len(mail.outbox) == 10
    assert len({message.to[0] for message in mail.outbox}) == 10


def test_two_senders_at_once_send_each_channel_once_and_record_one_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CLINIC_SMS_BACKEND = "tests.scheduling.test_reminders.BrokenSms"
    mail.outbox = []
    vet = VetFactory()
    soon = timezone.now() + timedelta(hours=3)
    appointments = [
        AppointmentFactory(vet=vet, start=soon + timedelta(minutes=minutes),
                           dog__owner__preferred_contact="sms",
                           dog__owner__phone="+447700900555")
        for minutes in range(0, 200, 20)
    ]

    outcomes = run_at_once(lambda index: send_due_reminders(), 2)

    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    assert sum(value["sent"] for _, value in outcomes) == 10
    assert sum(value["failed"] for _, value in outcomes) == 10
    assert len(mail.outbox) == 10
    texts = ReminderDelivery.objects.filter(appointment__in=appointments, channel="sms")
    assert sorted(texts.values_list("status", "attempts")) == [("failed", 1)] * 10


def test_the_database_itself_refuses_an_overlapping_active_appointment():
    from django.db import IntegrityError, transaction

    vet = VetFactory()
    start = at(next_weekday(0), 10)
    AppointmentFactory(vet=vet, start=start)
    AppointmentFactory(vet=vet, start=start, status="cancelled", cancel_reason="Owner ill")
    AppointmentFactory(vet=vet, start=start + timedelta(minutes=20))  # back to back
    with pytest.raises(IntegrityError, match="appointment_no_double_booking"), \
            transaction.atomic():
        AppointmentFactory(vet=vet, start=start + timedelta(minutes=10))
