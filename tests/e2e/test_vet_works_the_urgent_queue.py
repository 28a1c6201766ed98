"""Urgent owner reports reach someone: the staff navigation counts them, every vet and
receptionist sees the clinic-wide queue, a vet calls, replies and acknowledges, and
reception replies and books a recheck."""

import re

from playwright.sync_api import expect

from cases.models import HomeObservation
from tests.e2e.conftest import log_in, screenshot


def test_a_vet_replies_to_and_acknowledges_an_urgent_report(page, demo_clinic):
    # The demo clinic has one urgent report: Bramble, on trilostane, vomiting and lethargic.
    report = HomeObservation.objects.get(dog__name="Bramble", triage="urgent")
    owner = report.dog.owner
    log_in(page, "vet2@example.com")  # not Bramble's attending vet: the queue is clinic-wide
    expect(page.locator("#urgent-count")).to_contain_text("1")
    page.locator("#nav-urgent").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Urgent owner reports")
    item = page.locator(f"#report-{report.pk}")
    expect(item).to_contain_text("vomiting")
    expect(item.get_by_role("link", name=re.compile("^Call Helen"))).to_have_attribute(
        "href", f"tel:{owner.phone}"
    )
    expect(item.get_by_role("link", name="Book a recheck")).to_have_attribute(
        "href", re.compile(rf"/schedule/book/\?dog={report.dog_id}")
    )
    screenshot(page, "vet-urgent-queue")

    item.get_by_role("link", name="Reply to the owner").click()
    page.get_by_label("Reply to the owner").fill(
        "Please stop the trilostane and bring Bramble in at 4 pm today."
    )
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_text("Reply sent to Helen")).to_be_visible()
    expect(page.locator("#reply .reply")).to_contain_text("bring Bramble in at 4 pm")

    page.locator("#nav-urgent").click()
    page.locator(f"#report-{report.pk}").get_by_role("button", name="Acknowledge").click()
    expect(page.locator("#urgent-queue-empty")).to_be_visible()
    expect(page.locator("#urgent-count")).to_have_count(0)
    report.refresh_from_db()
    assert report.is_acknowledged
    assert report.replies.get().body.startswith("Please stop the trilostane")


def test_reception_sees_the_queue_and_books_a_recheck(page, demo_clinic):
    report = HomeObservation.objects.get(dog__name="Bramble", triage="urgent")
    log_in(page, "reception@example.com")
    page.locator("#nav-urgent").click()
    item = page.locator(f"#report-{report.pk}")
    expect(item).to_contain_text("vomiting")
    expect(item.get_by_role("button", name="Acknowledge")).to_have_count(0)

    # Reception answers the owner: the reply names who wrote it and their role; the page
    # shows what the owner reported, not the clinical notes.
    item.get_by_role("link", name="Reply to the owner").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reply to Helen")
    expect(page.locator("#report-actions").get_by_role("link", name=re.compile("^Call Helen"))
           ).to_be_visible()
    page.get_by_label("Reply to the owner").fill(
        "Dr Hart will call you within the hour; please keep Bramble's next dose back."
    )
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_text("Reply sent to Helen")).to_be_visible()
    expect(page.locator("#reply .reply")).to_contain_text("Priya")
    expect(page.locator("#reply .reply")).to_contain_text("(reception)")
    screenshot(page, "reception-urgent-reply")
    assert report.replies.get().author.email == "reception@example.com"

    page.locator("#nav-urgent").click()
    item = page.locator(f"#report-{report.pk}")
    item.get_by_role("link", name="Book a recheck").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New appointment")
    assert f"dog={report.dog_id}" in page.url
    screenshot(page, "reception-urgent-recheck")
