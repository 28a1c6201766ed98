"""The owner's journey on a phone (accepting the invitation, today's tasks, the care sheet
and its PDF, a calendar file, a worse report with a photo), then the vet replying to and
acknowledging the alert it raised, and the owner reading the reply."""

import io
import re

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from cases.models import HomeObservation
from clinic.demo.portal import DEMO_INVITATION_TOKEN
from clinic.patients.models import Dog
from clinic.scheduling.models import Appointment
from tests.e2e.conftest import log_in, screenshot


def lesion_png():
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (210, 140, 130)).save(out, "PNG")
    return out.getvalue()


def test_an_owner_reports_a_worse_lesion_and_the_vet_acknowledges_it(
    phone_page, demo_clinic, browser, live_server
):
    page = phone_page
    log_in(page, "owner@example.com")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello Helen")
    page.get_by_role("link", name="Bramble").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bramble")

    # The published care instructions, and today's first task ticked done (htmx swaps the row).
    expect(page.get_by_role("heading", name=re.compile("^Day by day"))).to_be_visible()
    today = page.locator("#care-today")
    today.get_by_role("button", name=re.compile("^Mark as done today")).first.click()
    expect(today.get_by_role("button", name=re.compile("^Done today — undo"))).to_have_count(1)
    page.reload()
    expect(page.locator("#care-today").get_by_text("✓ Done")).to_have_count(1)
    # When to call at once: one list on the page, worded once.
    expect(page.get_by_role("heading", name="Call the clinic straight away if")).to_have_count(1)
    expect(page.locator(".care-warning")).to_have_count(0)
    screenshot(page, "owner-tasks")

    # The printable care sheet, and the same sheet as a PDF.
    page.get_by_role("link", name="Printable care sheet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Care instructions for Bramble")
    screenshot(page, "owner-care-sheet")
    pdf = page.request.get(page.locator("#care-sheet-pdf").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert "no-store" in pdf.headers["cache-control"]
    page.go_back()

    # Pip's recheck (demo data) goes into a calendar.
    page.get_by_role("link", name="Your dogs").click()
    page.locator("#appointments").get_by_role("link", name="Pip").first.click()
    expect(page.get_by_text("Please bring:").first).to_be_visible()
    href = page.get_by_role("link", name="Add to my calendar").first.get_attribute("href")
    ics = page.request.get(href)
    assert ics.headers["content-type"] == "text/calendar"
    assert "BEGIN:VEVENT" in ics.text()
    expect(page.get_by_role("link", name=re.compile("Call the clinic: "))).to_have_attribute(
        "href", re.compile(r"^tel:\+")
    )

    page.goto("/portal/")
    page.get_by_role("link", name="Bramble").first.click()
    page.get_by_role("link", name="Tell the vet how Bramble is doing").click()
    page.get_by_label("Worse").check()
    page.get_by_label("Crying or whining").check()
    page.get_by_label("Normal").check()
    expect(page.get_by_label("Where are the new lesions?")).to_be_hidden()
    page.get_by_label("Yes").check()
    page.get_by_label("Where are the new lesions?").fill("Left flank")
    page.locator("#id_photos").set_input_files(
        [{"name": "bramble.png", "mimeType": "image/png", "buffer": lesion_png()}]
    )
    page.get_by_role("button", name="Send to the vet").click()

    expect(page.get_by_role("heading", name="Please call the clinic now")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Call \+44"))).to_have_attribute(
        "href", re.compile(r"^tel:\+44")
    )
    expect(page.get_by_role("img", name="Your photo 1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "owner-worse-report")
    report_url = page.url

    vet_context = browser.new_context(base_url=live_server.url)
    vet_page = vet_context.new_page()
    problems = []
    vet_page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    log_in(vet_page, "vet@example.com")
    # The demo clinic already has one urgent report on Bramble; ours is the one with crying.
    ours = vet_page.locator("#urgent-observations li").filter(has_text="crying or whining")
    expect(ours).to_have_count(1)
    ours.get_by_role("link", name="Bramble").click()
    expect(vet_page.get_by_text("Yes — Left flank")).to_be_visible()
    vet_page.get_by_label("Reply to the owner").fill("Please bring Bramble in at 4 pm today.")
    vet_page.get_by_role("button", name="Send the reply").click()
    expect(vet_page.get_by_text("Reply sent to Helen")).to_be_visible()
    vet_page.get_by_label("Note (optional)").fill("Phoned Helen; seen this afternoon.")
    vet_page.get_by_role("button", name="Acknowledge").click()
    expect(vet_page.get_by_text("Acknowledged by Dr Amelia Hart")).to_be_visible()
    vet_page.goto("/")
    expect(vet_page.locator("#urgent-observations li").filter(has_text="crying or whining")
           ).to_have_count(0)
    vet_context.close()
    assert not problems, problems

    # The owner reads the vet's reply on the report.
    page.goto(report_url)
    expect(page.locator(".clinic-reply")).to_contain_text("Please bring Bramble in at 4 pm today.")
    expect(page.locator(".clinic-reply")).to_contain_text("Dr Amelia Hart (vet) replied")
    screenshot(page, "owner-reply")


def test_an_invited_owner_sets_a_password_and_reaches_the_portal(phone_page, demo_clinic):
    page = phone_page
    page.goto(f"/portal/invitation/{DEMO_INVITATION_TOKEN}/")
    screenshot(page, "owner-invitation")
    page.get_by_label("Choose a password").fill("a-long-new-password-42")
    page.get_by_label("Type the password again").fill("a-long-new-password-42")
    page.get_by_role("button", name="Set my password and log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello Michael")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_no_portal_page_scrolls_sideways_on_a_360_px_phone(small_phone_page, demo_clinic):
    """Every page an owner reaches, on the narrowest common phone; the fixture fails on any
    page wider than the window (and on accessibility violations)."""
    page = small_phone_page
    log_in(page, "owner@example.com")
    bramble = Dog.objects.get(name="Bramble", owner__user__email="owner@example.com")
    report = HomeObservation.objects.filter(dog=bramble).first()
    visit = Appointment.objects.filter(
        dog__owner=bramble.owner, status__in=["booked", "confirmed"], start__gt=timezone.now()
    ).first()
    pages = [
        "/portal/",
        f"/portal/dogs/{bramble.public_id}/",
        f"/portal/dogs/{bramble.public_id}/care-sheet/",
        f"/portal/dogs/{bramble.public_id}/report/",
        f"/portal/reports/{report.public_id}/",
        f"/portal/appointments/{visit.pk}/change/",
        "/portal/account/",
        "/portal/account/delete/",
    ]
    for url in pages:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width} px wide"
