"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Without chromium installed the tests are skipped, unless CUTISCASE_REQUIRE_BROWSER is
set (CI sets it), when they fail instead. Every page is watched for console errors, so a
Content-Security-Policy violation or a JavaScript error fails the test, and audited with
axe-core (vendored under static/vendor/), so a serious or critical accessibility
violation on any page a journey visits fails it too.
"""

import json
import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.conf import settings
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


AXE_SOURCE = (settings.BASE_DIR / "static/vendor/axe-core-4.14.1/axe.min.js").read_text()
# Audits each page when it has loaded and again after every htmx swap (forms that open in
# place, search results), one run at a time, and reports through the console.
AXE_RUNNER = """
(() => {
  if (window.top !== window) return;
  let queue = Promise.resolve();
  let pending = null;
  const audit = () => {
    // Not while an htmx request is under way or its indicator is still fading: half-faded
    // text is no real contrast problem.
    if (document.querySelector(".htmx-request")) { soon(); return; }
    queue = queue.then(() => axe.run(document, {resultTypes: ["violations"]})).then((result) => {
      const violations = result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({id: v.id, impact: v.impact,
                      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
      const overflow = document.documentElement.scrollWidth > window.innerWidth;
      console.info("axe:" + JSON.stringify({path: location.pathname, violations, overflow}));
    });
  };
  const soon = () => { clearTimeout(pending); pending = setTimeout(audit, 300); };
  window.addEventListener("load", audit);
  document.addEventListener("htmx:afterSettle", soon);
})();
"""
AXE_PREFIX = "axe:"


def _record_console(page, msg):
    if msg.type == "error":
        page.console_problems.append(f"{msg.text} ({msg.location.get('url')})")
    elif msg.type == "info" and msg.text.startswith(AXE_PREFIX):
        page.axe_reports.append(json.loads(msg.text[len(AXE_PREFIX):]))


def _audit_unreported_pages(page):
    """A journey can leave a page before its audit finished: audit those pages again."""
    audited = {report["path"] for report in page.axe_reports}
    for url in dict.fromkeys(page.loaded_urls):
        if urlsplit(url).path in audited or page.is_closed():
            continue
        reports_before = len(page.axe_reports)
        page.goto(url)
        for _ in range(100):  # events arrive while Playwright waits
            if len(page.axe_reports) > reports_before:
                break
            page.wait_for_timeout(50)
        else:
            pytest.fail(f"axe-core did not report on {url}")
        audited.add(urlsplit(page.url).path)


def _assert_accessible(page):
    _audit_unreported_pages(page)
    failures = [report for report in page.axe_reports if report["violations"]]
    assert not failures, f"axe-core: serious or critical violations: {failures}"


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
    context.add_init_script(script=AXE_SOURCE)
    context.add_init_script(script=AXE_RUNNER)
    page = context.new_page()
    page.console_problems = []
    page.axe_reports = []
    page.loaded_urls = []
    page.on("console", lambda msg: _record_console(page, msg))
    page.on("pageerror", lambda error: page.console_problems.append(str(error)))
    page.on("load", lambda: page.loaded_urls.append(page.url))
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    _assert_accessible(page)
    problems = page.console_problems
    context.close()
    assert not problems, f"browser console errors: {problems}"


def _phone(browser, live_server, width, height):
    context, page = _new_page(
        browser, live_server, viewport={"width": width, "height": height}, is_mobile=True,
        has_touch=True,
    )
    yield page
    _assert_accessible(page)
    too_wide = sorted({report["path"] for report in page.axe_reports if report["overflow"]})
    assert not too_wide, f"pages wider than a phone (horizontal scrolling): {too_wide}"
    problems = page.console_problems
    context.close()
    assert not problems, f"browser console errors: {problems}"


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized window, as owners use the portal."""
    yield from _phone(browser, live_server, 390, 844)


@pytest.fixture
def small_phone_page(browser, live_server):
    """The narrowest phone the portal must fit without scrolling sideways."""
    yield from _phone(browser, live_server, 360, 740)


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


SCREENSHOT_DIR = settings.BASE_DIR / "docs" / "screenshots"


def screenshot(page, name, full_page=True):
    """Save docs/screenshots/<name>.png when CUTISCASE_SCREENSHOTS is set (the docs' pictures
    are refreshed by `CUTISCASE_SCREENSHOTS=1 make test PYTEST_ARGS=tests/e2e`); CI only runs
    the journey. `full_page=False` keeps a long page (the calendar) to the window."""
    if os.environ.get("CUTISCASE_SCREENSHOTS"):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=full_page)
