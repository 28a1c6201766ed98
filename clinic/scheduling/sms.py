"""Text messages through a pluggable sender, chosen by settings.CLINIC_SMS_BACKEND.

A backend is a class with `send(phone, message)`. The console backend (the default)
prints; the memory backend keeps an outbox for tests. A real gateway is one more class.
"""

import sys

from django.conf import settings
from django.utils.module_loading import import_string

outbox = []


class ConsoleSmsBackend:
    def send(self, phone, message):
        sys.stdout.write(f"SMS to {phone}: {message}\n")
        sys.stdout.flush()


class MemorySmsBackend:
    def send(self, phone, message):
        outbox.append((phone, message))


def send_sms(phone, message):
    import_string(settings.CLINIC_SMS_BACKEND)().send(phone, message)
