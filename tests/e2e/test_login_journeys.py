import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_each_demo_login_lands_on_its_own_side(page, demo_clinic):
    for email, landing, heading in [
        ("vet@example.com", "/", "Good day, Dr"),
        ("reception@example.com", "/", "Good day, Priya"),
        ("owner@example.com", "/portal/", "Hello Helen"),
    ]:
        log_in(page, email)
        expect(page).to_have_url(re.compile(f"^http://[^/]+{landing}$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        # The site's root later (a bookmark, the logo): an owner goes to the portal, not 403.
        page.goto("/")
        expect(page).to_have_url(re.compile(f"^http://[^/]+{landing}$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        page.context.clear_cookies()


def test_a_wrong_password_shows_a_message_on_the_form(page, demo_clinic):
    log_in(page, "vet@example.com", password="not-the-password")
    expect(page.get_by_text("do not match an account")).to_be_visible()


def test_the_owner_portal_fits_a_phone(phone_page, demo_clinic):
    log_in(phone_page, "owner@example.com")
    expect(phone_page.get_by_role("link", name="Call the clinic")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
