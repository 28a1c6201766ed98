"""The model layer refuses a save made from an out-of-date copy (clinic/lib/concurrency.py)."""

import pytest
from django.db import transaction

from clinic.lib.concurrency import StaleRecordError, bump_lock_version
from clinic.patients.forms import OwnerForm
from clinic.patients.models import Owner
from clinic.scheduling.models import Appointment
from clinic.scheduling.services.reminders import send_due_reminders
from tests.factories.patients import OwnerFactory
from tests.factories.scheduling import AppointmentFactory

pytestmark = pytest.mark.django_db


def test_a_save_from_a_stale_copy_raises_and_changes_nothing(vet):
    owner = OwnerFactory(address="1 Old Road")
    first, second = Owner.objects.get(pk=owner.pk), Owner.objects.get(pk=owner.pk)
    first._history_user = vet
    first.address = "2 New Road"
    first.save()
    assert first.lock_version == owner.lock_version + 1
    second.staff_notes = "Call after 5"
    with pytest.raises(StaleRecordError, match="changed by Dr Ada Vet at") as raised, \
            transaction.atomic():
        second.save()
    assert raised.value.changed_by == vet
    with pytest.raises(StaleRecordError), transaction.atomic():
        second.save(update_fields=["staff_notes"])
    stored = Owner.objects.get(pk=owner.pk)
    assert (stored.address, stored.staff_notes) == ("2 New Road", "")


def test_a_fresh_copy_saves_and_each_save_raises_the_version():
    owner = OwnerFactory()
    for expected in (2, 3):
        fresh = Owner.objects.get(pk=owner.pk)
        fresh.save()
        assert Owner.objects.get(pk=owner.pk).lock_version == expected


def test_a_bulk_update_with_bump_lock_version_makes_copies_stale(settings, vet):
    appointment = AppointmentFactory(vet=vet)
    Appointment.objects.filter(pk=appointment.pk).update(reason="x", **bump_lock_version())
    with pytest.raises(StaleRecordError), transaction.atomic():
        appointment.save()


def test_sending_a_reminder_makes_an_open_copy_of_the_appointment_stale(vet, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    owner = OwnerFactory(reminder_consent=True, email="o@example.org")
    start = timezone.now() + timedelta(hours=20)
    appointment = AppointmentFactory(vet=vet, dog__owner=owner, start=start,
                                     end=start + timedelta(minutes=20))
    send_due_reminders()
    assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is not None
    with pytest.raises(StaleRecordError), transaction.atomic():
        appointment.save()  # would have cleared reminder_sent_at, so the reminder went twice


def test_a_save_raced_after_the_form_check_becomes_a_conflict_on_the_form(vet2):
    owner = OwnerFactory(address="1 Old Road")
    data = {**OwnerForm(instance=owner).initial, "address": "3 Other Road",
            "lock_version": owner.lock_version, "phone": owner.phone_display}
    data = {k: ("" if v is None else v) for k, v in data.items() if k != "id"}
    form = OwnerForm(data, instance=owner)
    assert form.is_valid(), form.errors
    other = Owner.objects.get(pk=owner.pk)
    other._history_user = vet2
    other.address = "2 New Road"
    other.save()
    assert not form.save_unless_stale()
    assert "changed by Dr Ben Vet at" in " ".join(form.non_field_errors())
    assert "Now: 2 New Road — yours: 3 Other Road." in " ".join(form.errors["address"])
    assert Owner.objects.get(pk=owner.pk).address == "2 New Road"
