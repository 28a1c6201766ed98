"""Counters for abuse limits, kept in Django's cache so every worker shares them once the
cache is a shared one (Redis in production; the per-process memory cache in development).

A counter is a fixed window: it starts at the first event and expires an hour later.
"""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import caches

WINDOW_SECONDS = 60 * 60


def _cache():
    return caches[settings.CLINIC_THROTTLE_CACHE]


def _key(kind, value):
    # Hashed, so e-mail addresses and client addresses are not kept readable in the cache.
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()
    return f"throttle:{kind}:{digest}"


def count(kind, value):
    return _cache().get(_key(kind, value), 0)


def record(kind, value):
    """Count one event; returns the count in the current window."""
    cache, key = _cache(), _key(kind, value)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return 1


def clear(kind, value):
    _cache().delete(_key(kind, value))


def client_address(request):
    """The client's address as django-axes sees it (honours the proxy settings)."""
    return get_client_ip_address(request) or "unknown"


# Login: failures per account across all addresses (ASVS 2.2.1), on top of axes' lock
# per (address, account).
LOGIN_FAILURES = "login-failures"


def account_is_capped(email):
    return count(LOGIN_FAILURES, email) >= settings.CLINIC_LOGIN_FAILURES_PER_ACCOUNT_HOUR


def login_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed receiver: count the failure against the account tried."""
    email = credentials.get("username") or credentials.get("email")
    if email:
        record(LOGIN_FAILURES, email)


# Password-reset requests, per client address and per account.
RESETS_BY_ADDRESS = "reset-by-address"
RESETS_BY_ACCOUNT = "reset-by-account"


def password_reset_allowed(request, email):
    """Count a reset request; False once the address or the account is over its limit."""
    by_address = record(RESETS_BY_ADDRESS, client_address(request))
    by_account = record(RESETS_BY_ACCOUNT, email)
    return (
        by_address <= settings.CLINIC_PASSWORD_RESETS_PER_ADDRESS_HOUR
        and by_account <= settings.CLINIC_PASSWORD_RESETS_PER_ACCOUNT_HOUR
    )
