import re
from base64 import b32decode

from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def code_from(secret_text):
    secret = secret_text.replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def test_the_administrator_sets_up_two_factor_and_logs_in_with_a_recovery_code(
    page, demo_clinic
):
    log_in(page, "admin@example.com")
    banner = page.get_by_role("status").filter(has_text="protected by its password only")
    expect(banner).to_be_visible()
    banner.get_by_role("link", name="Set up two-factor authentication").click()

    # The QR code is drawn in the page (no request, nothing the CSP blocks).
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = page.locator("#two-factor-secret").inner_text()
    page.get_by_role("textbox", name="Code").fill(code_from(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-factor authentication is on")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have kept my recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good day")
    expect(page.get_by_text("protected by its password only")).to_have_count(0)

    page.context.clear_cookies()
    log_in(page, "admin@example.com")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You used a recovery code; 9 left.")).to_be_visible()
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
