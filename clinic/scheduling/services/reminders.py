"""Appointment reminders, sent once.

Each appointment is claimed with one conditional UPDATE (reminder_sent_at IS NULL →
now); only the run whose UPDATE changed the row sends, so running the sender twice, or
two senders at once, never sends a reminder twice. Owners who have not agreed to
reminders are skipped, and the appointment says so.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.lib.concurrency import bump_lock_version
from clinic.patients.models import Owner
from clinic.scheduling.models import Appointment
from clinic.scheduling.sms import send_sms

logger = logging.getLogger(__name__)

NO_CONSENT = "Owner has not agreed to reminders."
NO_CONTACT = "No e-mail address or mobile number to send it to."


def due_for_reminder(now):
    window_end = now + timedelta(hours=settings.CLINIC_REMINDER_HOURS)
    return (
        Appointment.objects.filter(
            status__in=(Appointment.Status.BOOKED, Appointment.Status.CONFIRMED),
            start__gt=now, start__lte=window_end, reminder_sent_at__isnull=True,
        )
        .select_related("dog__owner", "vet", "appointment_type")
        .order_by("start")
    )


def _unsent(appointment):
    return Appointment.objects.filter(pk=appointment.pk, reminder_sent_at__isnull=True)


def _claim(appointment, now):
    """True for exactly one caller, however many run at once (one conditional UPDATE)."""
    return _unsent(appointment).update(reminder_sent_at=now, reminder_skipped_reason="",
                                       **bump_lock_version()) == 1


def why_not_remind(owner):
    if not owner.reminder_consent:
        return NO_CONSENT
    if not owner.email and not (owner.phone and owner.preferred_contact == Owner.Contact.SMS):
        return NO_CONTACT
    return ""


def _deliver(appointment):
    owner = appointment.dog.owner
    context = {
        "appointment": appointment, "owner": owner,
        "start": timezone.localtime(appointment.start),
        "clinic_name": settings.CLINIC_NAME, "clinic_phone": settings.CLINIC_PHONE,
        "clinic_address": settings.CLINIC_ADDRESS,
    }
    if owner.email:
        send_mail(
            subject=render_to_string("scheduling/reminder_subject.txt", context).strip(),
            message=render_to_string("scheduling/reminder_email.txt", context),
            from_email=None, recipient_list=[owner.email],
        )
    if owner.phone and owner.preferred_contact == Owner.Contact.SMS:
        send_sms(owner.phone, render_to_string("scheduling/reminder_sms.txt", context).strip())


def send_due_reminders(now=None):
    """Send every reminder now due; returns {"sent": n, "skipped": n} (newly skipped).

    A skipped appointment stays a candidate until its time: if the owner agrees to
    reminders in the meantime, the next run sends it.
    """
    now = now or timezone.now()
    sent = skipped = 0
    for appointment in due_for_reminder(now):
        reason = why_not_remind(appointment.dog.owner)
        if reason:
            if appointment.reminder_skipped_reason != reason:
                _unsent(appointment).update(reminder_skipped_reason=reason, **bump_lock_version())
                skipped += 1
            continue
        if not _claim(appointment, now):
            continue  # another sender claimed it first
        try:
            _deliver(appointment)
        except Exception:
            # Give the claim back so the next run retries; never lose a reminder silently.
            Appointment.objects.filter(pk=appointment.pk).update(
                reminder_sent_at=None, **bump_lock_version())
            logger.exception("Reminder for appointment %s failed", appointment.pk)
            continue
        sent += 1
    return {"sent": sent, "skipped": skipped}
