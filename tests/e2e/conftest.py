"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Without chromium installed the tests are skipped, unless CUTISCASE_REQUIRE_BROWSER is
set (CI sets it), when they fail instead. Every page is watched for console errors, so a
Content-Security-Policy violation or a JavaScript error fails the test.
"""

import os
import shutil

import pytest
from django.core.management import call_command

from clinic.demo.staff import DEMO_PASSWORD

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still synchronous, so Django's async-safety check does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CUTISCASE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_problems = []
    page.on(
        "console",
        lambda msg: msg.type == "error" and page.console_problems.append(msg.text),
    )
    page.on("pageerror", lambda error: page.console_problems.append(str(error)))
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    problems = page.console_problems
    context.close()
    assert not problems, f"browser console errors: {problems}"


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized window, as owners use the portal."""
    context, page = _new_page(
        browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True,
    )
    yield page
    problems = page.console_problems
    context.close()
    assert not problems, f"browser console errors: {problems}"


@pytest.fixture
def demo_clinic(settings):
    """The demo clinic, with its stable demo logins."""
    settings.DEBUG = True
    call_command("seed_demo")


def log_in(page, email, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
