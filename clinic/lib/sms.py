"""Text messages through a pluggable sender, chosen by settings.CLINIC_SMS_BACKEND.

A backend is a class with `send(phone, message)`. The console backend (the default)
prints; the memory backend keeps an outbox for tests. A real gateway is one more class.
Messages a request decides to send go through `send_sms_on_commit` (a task, after the
transaction commits), for the same reasons as e-mail (clinic.lib.mail).
"""

import sys

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import task

outbox = []

CONSOLE_BACKEND = "clinic.lib.sms.ConsoleSmsBackend"


class ConsoleSmsBackend:
    def send(self, phone, message):
        sys.stdout.write(f"SMS to {phone}: {message}\n")
        sys.stdout.flush()


class MemorySmsBackend:
    def send(self, phone, message):
        outbox.append((phone, message))


def send_sms(phone, message):
    import_string(settings.CLINIC_SMS_BACKEND)().send(phone, message)


def gateway_configured():
    """True when texts reach phones: a gateway (or the test outbox) is configured, not the
    development console."""
    return settings.CLINIC_SMS_BACKEND != CONSOLE_BACKEND


@task()
def send_sms_task(phone, message):
    send_sms(phone, message)


def send_sms_on_commit(phone, message):
    transaction.on_commit(lambda: send_sms_task.enqueue(phone, message))
