"""Abuse limits on login and password reset (ASVS 2.2.1): counters in the cache."""

import pytest
from django.urls import reverse

from clinic.accounts.models import User
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(client, email, password=TEST_PASSWORD, address="203.0.113.1"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def guess_from_many_addresses(client, email, times):
    # A new address for every guess: axes' (address, account) lock never trips.
    for n in range(times):
        login(client, email, password=f"guess-{n}", address=f"198.51.{n // 250}.{n % 250 + 1}")


def test_guessing_from_many_addresses_stops_at_the_cap_per_account(client, vet, settings):
    settings.CLINIC_LOGIN_FAILURES_PER_ACCOUNT_HOUR = 12
    guess_from_many_addresses(client, vet.email, 12)
    # Even the right password from a fresh address is refused now, with a way out.
    response = login(client, vet.email, address="192.0.2.200")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Reset your password to get in" in response.content.decode()


def test_the_cap_defaults_to_at_most_100_failures_an_hour(settings):
    assert 0 < settings.CLINIC_LOGIN_FAILURES_PER_ACCOUNT_HOUR <= 100


def test_failures_under_the_cap_do_not_block_the_owner(client, vet, settings):
    settings.CLINIC_LOGIN_FAILURES_PER_ACCOUNT_HOUR = 12
    guess_from_many_addresses(client, vet.email, 11)
    assert login(client, vet.email, address="192.0.2.200").status_code == 302


def test_the_cap_on_one_account_leaves_other_accounts_alone(client, vet, vet2, settings):
    settings.CLINIC_LOGIN_FAILURES_PER_ACCOUNT_HOUR = 5
    guess_from_many_addresses(client, vet.email, 5)
    assert login(client, vet2.email, address="192.0.2.200").status_code == 302


def reset_password(client, email, new="a brand new long password", mailoutbox=None):
    client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR="192.0.2.50")
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/password/reset/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": new, "new_password2": new})


def test_a_password_reset_lifts_the_cap(client, vet, settings, mailoutbox):
    settings.CLINIC_LOGIN_FAILURES_PER_ACCOUNT_HOUR = 5
    guess_from_many_addresses(client, vet.email, 5)
    assert reset_password(client, vet.email, mailoutbox=mailoutbox).status_code == 302
    response = login(client, vet.email, password="a brand new long password")
    assert response.status_code == 302


def test_a_password_reset_lifts_the_lock_of_address_and_account(client, vet, settings, mailoutbox):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, vet.email, password="wrong", address="203.0.113.7")
    assert login(client, vet.email, address="203.0.113.7").status_code == 429
    reset_password(client, vet.email, mailoutbox=mailoutbox)
    response = login(client, vet.email, password="a brand new long password", address="203.0.113.7")
    assert response.status_code == 302


def ask_for_reset(client, email, address):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_reset_requests_are_throttled_per_account(client, vet, settings, mailoutbox):
    settings.CLINIC_PASSWORD_RESETS_PER_ACCOUNT_HOUR = 3
    responses = [ask_for_reset(client, vet.email, f"192.0.2.{n}") for n in range(1, 6)]
    assert len(mailoutbox) == 3
    # The same answer every time: the page tells nothing about the limit or the account.
    assert {r.status_code for r in responses} == {302}
    assert {r.url for r in responses} == {reverse("password_reset_done")}


def test_reset_requests_are_throttled_per_address(client, settings, mailoutbox):
    settings.CLINIC_PASSWORD_RESETS_PER_ADDRESS_HOUR = 4
    for n in range(8):
        User.objects.create_user(f"person{n}@example.org", TEST_PASSWORD)
        ask_for_reset(client, f"person{n}@example.org", "203.0.113.99")
    assert len(mailoutbox) == 4


def test_a_throttled_reset_looks_like_an_unknown_address(client, vet, settings, mailoutbox):
    settings.CLINIC_PASSWORD_RESETS_PER_ACCOUNT_HOUR = 0
    throttled = ask_for_reset(client, vet.email, "192.0.2.1")
    unknown = ask_for_reset(client, "nobody@example.org", "192.0.2.2")
    assert not mailoutbox
    assert (throttled.status_code, throttled.url) == (unknown.status_code, unknown.url)


def test_reset_links_use_the_configured_site_not_the_host_header(client, vet, settings, mailoutbox):
    settings.CLINIC_SITE_URL = "https://clinic.example.com"
    settings.ALLOWED_HOSTS = ["clinic.example.com", "evil.example"]
    client.post(reverse("password_reset"), {"email": vet.email}, HTTP_HOST="evil.example")
    body = mailoutbox[0].body
    assert "https://clinic.example.com/accounts/password/reset/" in body
    assert "evil.example" not in body
