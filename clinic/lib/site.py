"""Absolute links for e-mails and calendar subscriptions.

Built from the configured CLINIC_SITE_URL, never from the request's Host header: a forged
Host would otherwise put an attacker's address into a password-reset or invitation link.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    return settings.CLINIC_SITE_URL.rstrip("/") + path


def site_domain():
    return urlsplit(settings.CLINIC_SITE_URL).netloc


def site_uses_https():
    return urlsplit(settings.CLINIC_SITE_URL).scheme == "https"
