"""Two-factor authentication for staff, with django-otp: an authenticator app (TOTP) and ten
single-use recovery codes (a static device).

Policy: the administrator must use it when CLINIC_ADMIN_TWO_FACTOR_REQUIRED (production's
default), vets and reception when the clinic sets CLINIC_STAFF_TWO_FACTOR_REQUIRED; any staff
member may opt in, and whoever has an authenticator is always asked for its code after the
password. Owners are never asked. TwoFactorMiddleware holds a session at the code step or at
enrolment until it is done; whether the user has an authenticator is looked up once at login
and kept in the session, so staff pages cost no extra query.

Wrong codes: each device slows down after a failure (django-otp's throttling: 1 s, 2 s, 4 s …),
and an account may fail CLINIC_TWO_FACTOR_FAILURES_PER_HOUR times an hour in all
(clinic.accounts.throttle); the administrator's reset lifts both.
"""

import logging
import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts import throttle
from clinic.lib.cache import SharedValue

logger = logging.getLogger(__name__)

HAS_DEVICE = "two_factor_device"  # session key: True / False, set at login
RECOVERY_CODE_COUNT = 10
CODE_FAILURES = "two-factor-failures"

TOTP_CODE = re.compile(r"\d{6}")
# django-otp's static tokens: 8 characters of lower-case base32.
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


# Who is asked --------------------------------------------------------------------------

def applies_to(user):
    """Staff (vets, reception, the administrator) may use it; owners never."""
    return user.is_authenticated and user.is_clinic_staff


def is_required(user):
    if not applies_to(user):
        return False
    if user.is_superuser or user.is_staff:
        return settings.CLINIC_ADMIN_TWO_FACTOR_REQUIRED
    return settings.CLINIC_STAFF_TWO_FACTOR_REQUIRED


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def remember_device(sender, request, user, **kwargs):
    """user_logged_in receiver: note in the new session whether a code will be asked."""
    if request is not None and applies_to(user):
        request.session[HAS_DEVICE] = TOTPDevice.objects.filter(
            user=user, confirmed=True).exists()


def session_has_device(request, refresh=False):
    """Whether this session's user has an authenticator (from the session, set at login)."""
    if refresh or HAS_DEVICE not in request.session:
        request.session[HAS_DEVICE] = TOTPDevice.objects.filter(
            user=request.user, confirmed=True).exists()
    return request.session[HAS_DEVICE]


def pending_step(request):
    """'verify' (code not given yet), 'enrol' (must set up first) or None."""
    user = request.user
    if not applies_to(user):
        return None
    if session_has_device(request):
        # OTPMiddleware gives request.user is_verified(); the user login() has just put
        # there has none, and has given no code yet.
        verified = getattr(user, "is_verified", None)
        return None if verified and verified() else "verify"
    return "enrol" if is_required(user) else None


def step_url(step, next_url=""):
    url = reverse("two_factor_verify" if step == "verify" else "two_factor_setup")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def suggest_enrolment(request):
    """The administrator in the demo (not required, no authenticator yet) sees a banner."""
    user = request.user
    return (user.is_authenticated and user.is_superuser and applies_to(user)
            and not is_required(user) and request.session.get(HAS_DEVICE) is False)


# The device a verified session gave its code with ----------------------------------------

def _device_state(persistent_id):
    device = Device.from_persistent_id(persistent_id)
    if device is None:
        return None
    return device._meta.label, device.pk, device.user_id, device.confirmed


# Only who a device belongs to and whether it is confirmed: never the secret. Dropped when
# any device is saved or deleted (removal, the administrator's reset, a confirmation), and
# short-lived without a shared cache, as the cached rights are (docs/security.md).
SESSION_DEVICES = SharedValue(
    "accounts:otp-devices", _device_state,
    depends_on=["otp_totp.TOTPDevice", "otp_static.StaticDevice"],
    timeout=settings.CLINIC_RIGHTS_CACHE_SECONDS,
)


class CachedDeviceOTPMiddleware(OTPMiddleware):
    """django-otp's OTPMiddleware (request.user.otp_device, is_verified()), with the
    session's device read from the shared cache instead of a query on every page."""

    def _device_from_persistent_id(self, persistent_id):
        state = SESSION_DEVICES.get(self._normalize_persistent_id(persistent_id))
        if state is None:
            return None
        label, pk, user_id, confirmed = state
        # The other fields (the secret among them) are deferred: read from the database
        # only if something uses them.
        return apps.get_model(label).from_db(
            None, ["id", "user_id", "confirmed"], [pk, user_id, confirmed])


# Enrolment -----------------------------------------------------------------------------

def pending_enrolment(user):
    """The unconfirmed authenticator being set up (the same one while the page is redone)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False)


def qr_code_svg(device):
    """The otpauth:// link as an inline SVG: drawn here, no image request, no inline style."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg.replace(  # our own markup; the link inside is only path data
        "<svg ", '<svg role="img" aria-label="QR code for your authenticator app" '
        'class="two-factor-qr" ', 1))


def secret_text(device):
    """The secret in base32, in groups of four, for typing into an app by hand."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def confirm_enrolment(request, device):
    """The first right code confirms the authenticator; returns the new recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = new_recovery_codes(device.user)
    otp_login(request, device)
    request.session[HAS_DEVICE] = True
    logger.info("Two-factor authentication set up by user %s", device.user.pk)
    return codes


@transaction.atomic
def new_recovery_codes(user):
    """Ten fresh single-use codes; the old ones stop working. Shown once, stored as tokens."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def remove_devices(user):
    """Forget the user's authenticator and recovery codes (and lift their code throttle)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    throttle.clear(CODE_FAILURES, user.pk)


# Checking a code -----------------------------------------------------------------------

def normalise(code):
    """What people type: spaces or dashes inside, either case."""
    return re.sub(r"[\s-]", "", code or "").lower()


def check_code(user, code, device=None):
    """The device that accepts `code` (an authenticator code, or a recovery code unless
    `device` is given); raises ValidationError with the message to show otherwise."""
    if throttle.count(CODE_FAILURES, user.pk) >= settings.CLINIC_TWO_FACTOR_FAILURES_PER_HOUR:
        raise ValidationError(
            "Too many wrong codes for this account. Try again in an hour, or ask the clinic "
            "administrator to reset your two-factor authentication.", code="capped")
    if TOTP_CODE.fullmatch(code):
        device = device or confirmed_device(user)
    elif RECOVERY_CODE.fullmatch(code) and device is None:
        device = StaticDevice.objects.filter(user=user).first()
    else:
        raise ValidationError(
            "Enter the 6-digit code from your authenticator app"
            + ("." if device else ", or one of your recovery codes."), code="format")
    if device is None:
        raise _wrong(user)
    allowed, details = device.verify_is_allowed()
    if not allowed:
        until = (details or {}).get("locked_until")
        wait = f"until {localtime(until):%H:%M:%S}" if until else "a moment"
        raise ValidationError(f"Too many wrong codes in a row. Wait {wait} and try again.",
                              code="throttled")
    # django-otp locks the device row while it checks, so a recovery code works only once
    # even when two requests bring it at the same moment.
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        raise _wrong(user)
    return verified


def _wrong(user):
    failures = throttle.record(CODE_FAILURES, user.pk)
    logger.warning("Wrong two-factor code for user %s (%s this hour)", user.pk, failures)
    return ValidationError("That code is not right. Check the app and try again.",
                           code="wrong")
