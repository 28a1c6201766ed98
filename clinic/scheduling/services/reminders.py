"""Appointment reminders: each channel (e-mail, text message) sent once, failures shown.

Each due appointment gets one ReminderDelivery per channel its owner uses. A channel is
claimed with one conditional UPDATE (still open, its next attempt due, attempts unchanged →
attempts + 1 and next attempt pushed forward); only the sender whose UPDATE changed the row
sends, so two senders at once, or a run repeated, never send a channel twice, and a channel
that was sent is never sent again because another one failed. A failure keeps its reason and
is retried on the schedule of clinic.lib.retry; after its last attempt it is given up and
stays on reception's list of reminder problems. Owners who have not agreed to reminders are
skipped, and the appointment says so.

The claims are single UPDATEs on ReminderDelivery, which keeps no history of its own (it is
the delivery log). Changes to the Appointment itself (skipped reason, reminder done) are also
conditional UPDATEs, and each one that changed the row records the appointment's history
explicitly (`_record_history`).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.lib import retry
from clinic.lib.concurrency import bump_lock_version
from clinic.lib.sms import send_sms
from clinic.patients.models import Owner
from clinic.scheduling.models import Appointment, ReminderDelivery
from clinic.sites.models import Clinic
from clinic.sites.scoping import site_scope

logger = logging.getLogger(__name__)

NO_CONSENT = "Owner has not agreed to reminders."
NO_CONTACT = "No e-mail address or mobile number to send it to."
TOO_LATE = "The appointment started, or was cancelled, before the reminder went out."

Channel = ReminderDelivery.Channel
Status = ReminderDelivery.Status


def due_for_reminder(now):
    window_end = now + timedelta(hours=settings.CLINIC_REMINDER_HOURS)
    return (
        Appointment.objects.filter(
            status__in=(Appointment.Status.BOOKED, Appointment.Status.CONFIRMED),
            start__gt=now, start__lte=window_end, reminder_sent_at__isnull=True,
        )
        .select_related("site", "dog__owner", "vet", "appointment_type")
        .order_by("start")
    )


def why_not_remind(owner):
    if not owner.reminder_consent:
        return NO_CONSENT
    if not reminder_addresses(owner):
        return NO_CONTACT
    return ""


def reminder_addresses(owner):
    """{channel: address} for every channel this owner is reminded on."""
    addresses = {}
    if owner.email:
        addresses[Channel.EMAIL] = owner.email
    if owner.phone and owner.preferred_contact == Owner.Contact.SMS:
        addresses[Channel.SMS] = owner.phone
    return addresses


def _unsent(appointment):
    return Appointment.objects.filter(pk=appointment.pk, reminder_sent_at__isnull=True)


def _record_history(appointment, reason):
    appointment.refresh_from_db()
    Appointment.history.bulk_history_create(
        [appointment], update=True, default_change_reason=reason,
    )


def _claim(delivery, now, address):
    """True for exactly one caller, however many run at once (one conditional UPDATE)."""
    lease = retry.lease(delivery.attempts + 1)
    # By pk, without the site scope: its join would make this UPDATE … WHERE id IN (SELECT …),
    # whose conditions PostgreSQL does not recheck on a row another sender just claimed.
    return ReminderDelivery.objects.with_scopes_disabled().open().filter(
        pk=delivery.pk, attempts=delivery.attempts, next_attempt_at__lte=now,
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + lease, address=address) == 1


def _context(appointment):
    # The appointment's own site: a group's reminder names where the dog is to go.
    site = appointment.site
    return {
        "appointment": appointment, "owner": appointment.dog.owner,
        "start": timezone.localtime(appointment.start), "site": site,
        "clinic_name": site.name, "clinic_phone": site.phone,
        "clinic_address": site.address,
    }


def _send(channel, address, context):
    if channel == Channel.EMAIL:
        send_mail(
            subject=render_to_string("scheduling/reminder_subject.txt", context).strip(),
            message=render_to_string("scheduling/reminder_email.txt", context),
            from_email=None, recipient_list=[address],
        )
    else:
        send_sms(address, render_to_string("scheduling/reminder_sms.txt", context).strip())


def _failed(delivery, error, now):
    attempts = delivery.attempts + 1
    reason = (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)[:300]
    changes = {"last_error": reason}
    next_attempt_at = retry.next_attempt_at(attempts, now)
    if next_attempt_at is None:
        changes.update(status=Status.GIVEN_UP, given_up_at=now)
        logger.warning("Gave up the %s reminder for appointment %s after %s attempts: %s",
                       delivery.channel, delivery.appointment_id, attempts, reason)
    else:
        changes.update(status=Status.FAILED, next_attempt_at=next_attempt_at)
        logger.warning("The %s reminder for appointment %s failed (attempt %s): %s",
                       delivery.channel, delivery.appointment_id, attempts, reason)
    ReminderDelivery.objects.filter(pk=delivery.pk).update(**changes)
    return str(changes["status"])


def _give_up_late_deliveries(now):
    """Open deliveries whose appointment has started, or is no longer booked, end here."""
    return ReminderDelivery.objects.open().exclude(
        appointment__start__gt=now,
        appointment__status__in=(Appointment.Status.BOOKED, Appointment.Status.CONFIRMED),
    ).update(status=Status.GIVEN_UP, given_up_at=now, last_error=TOO_LATE)


def _remind(appointment, addresses, now, counts):
    ReminderDelivery.objects.bulk_create(
        [ReminderDelivery(appointment=appointment, channel=channel, address=address,
                          next_attempt_at=now)
         for channel, address in addresses.items()],
        ignore_conflicts=True,  # the rows another run already made stay as they are
    )
    context = _context(appointment)
    for delivery in appointment.reminder_deliveries.filter(channel__in=addresses):
        if delivery.status not in (Status.PENDING, Status.FAILED):
            continue
        address = addresses[delivery.channel]
        if delivery.next_attempt_at > now or not _claim(delivery, now, address):
            continue  # not due yet, or another sender has it
        try:
            _send(delivery.channel, address, context)
        except Exception as error:  # any gateway's failure is reported, never lost
            counts[_failed(delivery, error, now)] += 1
            continue
        ReminderDelivery.objects.filter(pk=delivery.pk).update(
            status=Status.SENT, sent_at=now, last_error="",
        )
        counts["sent"] += 1
    # Done when every channel has been sent or given up, and at least one reached the owner.
    statuses = set(appointment.reminder_deliveries.filter(channel__in=addresses)
                   .values_list("status", flat=True))
    done = Status.SENT in statuses and not statuses & {Status.PENDING, Status.FAILED}
    if done and _unsent(appointment).update(reminder_sent_at=now, reminder_skipped_reason="",
                                            **bump_lock_version()) == 1:
        _record_history(appointment, "Reminder sent")


def send_due_reminders(now=None):
    """Send every reminder channel now due, site by site.

    Returns how many messages were sent, appointments newly skipped, channels that failed
    (to be retried) and channels given up. A skipped appointment stays a candidate until its
    time: if the owner agrees to reminders in the meantime, the next run sends it.
    """
    now = now or timezone.now()
    counts = {"sent": 0, "skipped": 0, "failed": 0, "given_up": 0}
    # Each site in its own scope (clinic.sites.scoping): a task has no request to give one.
    for site in Clinic.objects.order_by("pk"):
        with site_scope(site):
            _send_site_reminders(now, counts)
    return counts


def _send_site_reminders(now, counts):
    """The current site scope's due reminders, added to `counts`."""
    counts["given_up"] += _give_up_late_deliveries(now)
    for appointment in due_for_reminder(now):
        owner = appointment.dog.owner
        reason = why_not_remind(owner)
        if reason:
            if appointment.reminder_skipped_reason != reason and _unsent(appointment).update(
                reminder_skipped_reason=reason, **bump_lock_version()
            ) == 1:
                _record_history(appointment, "Reminder not sent")
                counts["skipped"] += 1
            continue
        _remind(appointment, reminder_addresses(owner), now, counts)
