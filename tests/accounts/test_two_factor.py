"""Two-factor authentication for staff (clinic.accounts.two_factor): enrolment, the code step
after the password, recovery codes, the policy settings, throttling and the admin's reset."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.checks import run_checks
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts import two_factor
from tests.accounts.test_login_and_roles import login
from tests.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db

VERIFY = reverse("two_factor_verify")
SETUP = reverse("two_factor_setup")
STATUS = reverse("two_factor")


def code_for(device):
    """The code the phone shows now. A code is accepted once per 30-second step, so the
    device forgets the step it last accepted (tests give several codes within one step)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def wrong_code_for(device):
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def unthrottle(device):
    """django-otp waits 1 s, 2 s, 4 s … after a wrong code; tests do not wait."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None)


def enrol(user, codes=("aaaabbbb", "ccccdddd")):
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        static.token_set.create(token=code)
    return device


def password_step(client, user):
    response = login(client, user.email)
    assert response.status_code == 302
    return response


def errors_of(response):
    return response.context["form"].errors["code"]


# Enrolment -------------------------------------------------------------------------------

def test_enrolment_shows_a_qr_code_and_the_secret_without_loading_anything(vet_client, vet):
    response = vet_client.get(SETUP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=vet, confirmed=False)
    page = response.content.decode()
    assert '<svg role="img"' in page  # drawn inline: no image request, no CDN
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = response.context["secret"].replace(" ", "")
    from base64 import b32decode
    assert b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    # Reloading the page keeps the secret the phone may already have scanned.
    vet_client.get(SETUP)
    assert TOTPDevice.objects.filter(user=vet).count() == 1


@pytest.mark.parametrize(("typed", "message"), [
    ("", "This field is required."),
    ("12345", "Enter the 6-digit code from your authenticator app."),
    ("abcdefgh", "Enter the 6-digit code from your authenticator app."),  # no recovery codes yet
    ("x" * 21, "Ensure this value has at most 20 characters (it has 21)."),
])
def test_enrolment_refuses_a_malformed_code_next_to_the_field(vet_client, vet, typed, message):
    vet_client.get(SETUP)
    response = vet_client.post(SETUP, {"code": typed})
    assert response.status_code == 200
    assert errors_of(response) == [message]
    assert not TOTPDevice.objects.filter(user=vet, confirmed=True).exists()


def test_enrolment_is_confirmed_by_the_right_code_only(vet_client, vet):
    vet_client.get(SETUP)
    device = TOTPDevice.objects.get(user=vet)
    response = vet_client.post(SETUP, {"code": wrong_code_for(device)})
    assert errors_of(response) == ["That code is not right. Check the app and try again."]
    device.refresh_from_db()
    assert not device.confirmed

    unthrottle(device)
    response = vet_client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = response.context["codes"]
    assert len(codes) == 10 == len(set(codes))
    assert sorted(StaticToken.objects.filter(device__user=vet).values_list("token", flat=True)) \
        == sorted(codes)
    page = response.content.decode()
    assert all(code in page for code in codes)
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response[
        "Cache-Control"]
    # The session that enrolled is verified: staff pages open straight away.
    assert vet_client.get("/").status_code == 200
    # Shown once: the setup page now sends to the status page, which shows no codes.
    assert vet_client.get(SETUP).url == STATUS
    assert not any(code in vet_client.get(STATUS).content.decode() for code in codes)


def test_owners_have_no_two_factor_pages(owner_a_client):
    for url in (SETUP, VERIFY, STATUS):
        assert owner_a_client.get(url).status_code == 403


# The code step after the password -------------------------------------------------------

def test_a_user_with_an_authenticator_must_give_a_code_after_the_password(client, vet):
    device = enrol(vet)
    response = password_step(client, vet)
    assert response.url == f"{VERIFY}?next=%2F"
    # Nothing else opens meanwhile: staff pages, the admin, fragments.
    assert client.get("/patients/").url == f"{VERIFY}?next=%2Fpatients%2F"
    htmx = client.get("/patients/", HTTP_HX_REQUEST="true",
                      HTTP_HX_CURRENT_URL="http://testserver/schedule/")
    assert htmx["HX-Redirect"] == f"{VERIFY}?next=%2Fschedule%2F"

    response = client.post(VERIFY, {"code": code_for(device), "next": "/patients/"})
    assert response.status_code == 302
    assert response.url == "/patients/"
    assert client.get("/patients/").status_code == 200


def test_the_login_keeps_where_the_person_was_going(client, vet):
    enrol(vet)
    response = client.post(f"{reverse('login')}?next=/schedule/",
                           {"username": vet.email, "password": "correct horse battery staple"})
    assert response.url == f"{VERIFY}?next=%2Fschedule%2F"


@pytest.mark.parametrize(("typed", "message"), [
    ("", "This field is required."),
    ("12 34", "Enter the 6-digit code from your authenticator app, or one of your recovery "
              "codes."),
    ("<script>", "Enter the 6-digit code from your authenticator app, or one of your recovery "
                 "codes."),
    ("zzzzzzzz", "That code is not right. Check the app and try again."),
])
def test_a_malformed_or_unknown_code_is_refused_next_to_the_field(client, vet, typed, message):
    enrol(vet)
    password_step(client, vet)
    response = client.post(VERIFY, {"code": typed})
    assert response.status_code == 200
    assert errors_of(response) == [message]
    assert client.get("/").url.startswith(VERIFY)


def test_a_wrong_code_is_refused_with_a_message(client, vet):
    device = enrol(vet)
    password_step(client, vet)
    response = client.post(VERIFY, {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert client.get("/").url.startswith(VERIFY)


def test_the_next_page_after_the_code_stays_on_this_site(client, vet):
    device = enrol(vet)
    password_step(client, vet)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.url == "/"


def test_a_recovery_code_works_once_only(client_for, vet):
    enrol(vet, codes=("aaaabbbb", "ccccdddd"))
    first = client_for(vet)
    # Typed the way people copy it: capitals and a dash.
    response = first.post(VERIFY, {"code": "AAAA-BBBB"})
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    assert list(StaticToken.objects.filter(device__user=vet).values_list("token", flat=True)) \
        == ["ccccdddd"]

    second = client_for(vet)
    unthrottle(StaticDevice.objects.get(user=vet))
    response = second.post(VERIFY, {"code": "aaaabbbb"})
    assert errors_of(response) == ["That code is not right. Check the app and try again."]
    assert second.get("/").url.startswith(VERIFY)


def test_wrong_codes_are_slowed_down_then_capped_per_account(client, vet, settings):
    device = enrol(vet)
    password_step(client, vet)
    client.post(VERIFY, {"code": wrong_code_for(device)})
    # Straight after a wrong code even the right one waits (django-otp's throttle).
    response = client.post(VERIFY, {"code": code_for(device)})
    assert errors_of(response)[0].startswith("Too many wrong codes in a row. Wait until ")
    assert client.get("/").url.startswith(VERIFY)

    settings.CLINIC_TWO_FACTOR_FAILURES_PER_HOUR = 3
    for _ in range(2):
        unthrottle(device)
        client.post(VERIFY, {"code": wrong_code_for(device)})
    unthrottle(device)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200
    assert errors_of(response) == [
        "Too many wrong codes for this account. Try again in an hour, or ask the clinic "
        "administrator to reset your two-factor authentication."]
    assert client.get("/").url.startswith(VERIFY)


def test_the_code_step_is_left_by_logging_out(client, vet):
    enrol(vet)
    password_step(client, vet)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").url.startswith(reverse("login"))


# Policy ----------------------------------------------------------------------------------

@pytest.fixture
def admin_required(settings):
    settings.CLINIC_ADMIN_TWO_FACTOR_REQUIRED = True


def test_a_required_administrator_without_a_device_is_sent_to_enrol(
    client, administrator, admin_required
):
    response = password_step(client, administrator)
    assert response.url == f"{SETUP}?next=%2F"
    assert client.get("/admin/").url == f"{SETUP}?next=%2Fadmin%2F"
    assert client.get("/patients/").url == f"{SETUP}?next=%2Fpatients%2F"
    htmx = client.get("/patients/", HTTP_HX_REQUEST="true",
                      HTTP_HX_CURRENT_URL="http://testserver/patients/?q=bram")
    assert htmx.status_code == 200
    assert htmx["HX-Redirect"] == f"{SETUP}?next=%2Fpatients%2F%3Fq%3Dbram"

    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=administrator)
    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("persona", ["vet", "reception"])
def test_staff_enrolment_follows_the_clinics_setting(client_for, request, settings, persona):
    user = request.getfixturevalue(persona)
    settings.CLINIC_STAFF_TWO_FACTOR_REQUIRED = True
    assert client_for(user).get("/patients/").url == f"{SETUP}?next=%2Fpatients%2F"
    settings.CLINIC_STAFF_TWO_FACTOR_REQUIRED = False
    assert client_for(user).get("/patients/").status_code == 200


def test_the_staff_setting_does_not_cover_the_administrator(client_for, administrator, settings):
    settings.CLINIC_STAFF_TWO_FACTOR_REQUIRED = True
    settings.CLINIC_ADMIN_TWO_FACTOR_REQUIRED = False
    assert client_for(administrator).get("/admin/").status_code == 200


def test_owners_are_never_asked(client, owner_a, settings):
    settings.CLINIC_ADMIN_TWO_FACTOR_REQUIRED = True
    settings.CLINIC_STAFF_TWO_FACTOR_REQUIRED = True
    response = password_step(client, owner_a.user)
    assert response.url == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_staff_may_opt_in_when_not_required(vet_client, vet):
    response = vet_client.get(STATUS)
    assert "Off: you log in with your password only." in response.content.decode()
    assert vet_client.get(SETUP).status_code == 200


def test_the_demo_administrator_reaches_the_admin_with_the_password_and_sees_a_banner(client):
    from django.conf import settings

    # The settings as the demo (DEBUG on, nothing in the environment) has them.
    assert settings.CLINIC_ADMIN_TWO_FACTOR_REQUIRED is False
    from tests.factories.accounts import AdministratorFactory

    admin = AdministratorFactory(email="admin@example.com")
    assert password_step(client, admin).url == "/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Your administrator account is protected by its password only." in page.content.decode()
    assert "protected by its password only" in client.get("/").content.decode()


def test_the_banner_goes_once_the_administrator_has_enrolled(client_for, administrator):
    enrol(administrator)
    client = client_for(administrator)
    client.post(VERIFY, {"code": code_for(TOTPDevice.objects.get(user=administrator))})
    assert "protected by its password only" not in client.get("/admin/").content.decode()


def test_deploy_check_warns_when_production_does_not_require_it_for_the_administrator(settings):
    settings.DEBUG = False
    settings.CLINIC_ADMIN_TWO_FACTOR_REQUIRED = False
    ids = [m.id for m in run_checks(include_deployment_checks=True, tags=["security"])]
    assert "accounts.W001" in ids
    settings.CLINIC_ADMIN_TWO_FACTOR_REQUIRED = True
    ids = [m.id for m in run_checks(include_deployment_checks=True, tags=["security"])]
    assert "accounts.W001" not in ids


def test_production_requires_it_by_default_and_check_deploy_says_so_when_turned_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env={**PRODUCTION, "CLINIC_ADMIN_TWO_FACTOR_REQUIRED": "0"})
    assert result.returncode != 0
    assert "accounts.W001" in result.stderr + result.stdout


# Managing one's own authenticator -------------------------------------------------------

@pytest.fixture
def verified_vet(client_for, vet):
    device = enrol(vet)
    client = client_for(vet)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    return client, device


def test_the_status_page_counts_the_recovery_codes_left(verified_vet):
    client, _ = verified_vet
    assert "Recovery codes left: <strong>2</strong> of 10." in client.get(STATUS).content.decode()


def test_new_recovery_codes_need_a_current_code_and_replace_the_old_ones(verified_vet, vet):
    client, device = verified_vet
    url = reverse("two_factor_recovery_codes")
    response = client.post(url, {"regenerate-code": ""})
    assert response.status_code == 200
    assert response.context["regenerate_form"].errors["code"] == ["This field is required."]
    response = client.post(url, {"regenerate-code": wrong_code_for(device)})
    assert response.context["regenerate_form"].errors["code"] == [
        "That code is not right. Check the app and try again."]
    unthrottle(device)

    response = client.post(url, {"regenerate-code": code_for(device)})
    codes = response.context["codes"]
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=vet).values_list("token", flat=True)) \
        == set(codes)
    assert client.get(url).status_code == 405


def test_removing_the_authenticator_needs_a_current_code(verified_vet, vet):
    client, device = verified_vet
    url = reverse("two_factor_remove")
    response = client.post(url, {"remove-code": "123"})
    assert response.context["remove_form"].errors["code"] == [
        "Enter the 6-digit code from your authenticator app, or one of your recovery codes."]
    assert TOTPDevice.objects.filter(user=vet).exists()

    response = client.post(url, {"remove-code": code_for(device)})
    assert response.url == STATUS
    assert not TOTPDevice.objects.filter(user=vet).exists()
    assert not StaticDevice.objects.filter(user=vet).exists()
    assert client.get("/patients/").status_code == 200


def test_removing_it_when_required_sends_straight_back_to_enrolment(verified_vet, settings):
    client, device = verified_vet
    settings.CLINIC_STAFF_TWO_FACTOR_REQUIRED = True
    response = client.post(reverse("two_factor_remove"), {"remove-code": code_for(device)})
    assert response.url == SETUP
    assert client.get("/patients/").url.startswith(SETUP)


def test_without_an_authenticator_new_codes_lead_to_enrolment_and_removing_to_the_status(
    vet_client
):
    response = vet_client.post(reverse("two_factor_recovery_codes"), {"regenerate-code": "1"})
    assert response.url == SETUP
    assert vet_client.post(reverse("two_factor_remove"), {"remove-code": "1"}).url == STATUS


# The administrator's reset --------------------------------------------------------------

def test_the_administrator_resets_a_lost_device_and_it_is_recorded(
    admin_client_, administrator, vet, client
):
    enrol(vet)
    changelist = reverse("admin:accounts_user_changelist")
    page = admin_client_.get(changelist)
    assert page.status_code == 200
    assert "Reset two-factor authentication" in page.content.decode()
    response = admin_client_.post(changelist, {
        "action": "reset_two_factor", "_selected_action": [vet.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=vet).exists()
    assert not StaticDevice.objects.filter(user=vet).exists()
    entry = LogEntry.objects.get(object_id=str(vet.pk))
    assert entry.user == administrator
    assert entry.get_change_message() == (
        "Reset two-factor authentication (authenticator and recovery codes removed).")
    # The vet now logs in with the password alone (not required for vets here).
    assert password_step(client, vet).url == "/"
    assert client.get("/patients/").status_code == 200


def test_a_session_waiting_for_a_code_moves_on_once_the_device_is_reset(client, vet):
    enrol(vet)
    password_step(client, vet)
    two_factor.remove_devices(vet)
    response = client.get(VERIFY)
    assert response.url == "/"
    assert client.get("/patients/").status_code == 200


def test_device_admin_pages_are_not_offered(admin_client_):
    page = admin_client_.get(reverse("admin:index")).content.decode()
    assert not re.search(r"TOTP devices|Static devices", page)


def test_an_administrator_who_lost_everything_gets_a_code_on_the_server(
    client_for, administrator
):
    from io import StringIO

    from django.core.management import call_command

    enrol(administrator, codes=())
    out = StringIO()
    call_command("addstatictoken", administrator.email, stdout=out)
    client = client_for(administrator)
    assert client.post(VERIFY, {"code": out.getvalue().strip()}).url == "/"
    assert client.get("/admin/").status_code == 200


# Query counts ----------------------------------------------------------------------------

def _queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_two_factor_step_costs_a_staff_page_no_query(client_for, vet, settings):
    client = client_for(vet)
    _queries_for(client, "/patients/")  # warm: the navigation's cached count
    with_it = _queries_for(client, "/patients/")
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "TwoFactor" not in m]
    # A new client: a client keeps the middleware it loaded at its first request.
    assert _queries_for(client_for(vet), "/patients/") == with_it


def test_the_admins_user_list_does_not_grow_with_enrolled_users(admin_client_):
    from tests.factories.accounts import VetFactory

    url = reverse("admin:accounts_user_changelist")
    enrol(VetFactory())
    # Each count after a first visit: new staff drop the cached site lists, which the first
    # page after them fills again.
    _queries_for(admin_client_, url)
    few = _queries_for(admin_client_, url)
    for _ in range(5):
        enrol(VetFactory())
    _queries_for(admin_client_, url)
    assert _queries_for(admin_client_, url) == few


def test_a_verified_page_reads_no_device_row(verified_vet):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, _ = verified_vet
    client.get("/patients/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/patients/")
    assert response.wsgi_request.user.is_verified()
    assert not [q for q in queries.captured_queries if "otp_" in q["sql"]]


@pytest.mark.parametrize("end", ["reset", "unconfirmed"])
def test_a_removed_or_reset_device_ends_the_verified_state_at_once(verified_vet, vet, end):
    client, device = verified_vet
    assert client.get("/patients/").wsgi_request.user.is_verified()  # now cached
    if end == "reset":
        two_factor.remove_devices(vet)  # what the administrator's reset does
    else:
        device.confirmed = False
        device.save()
    response = client.get("/patients/")
    assert not response.wsgi_request.user.is_verified()
