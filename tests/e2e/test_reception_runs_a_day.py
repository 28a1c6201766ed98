"""Reception runs a day from the demo data: today's columns at each site (switching
between them), a check-in, a no-show, a follow-up booked from the worklist, an appointment
moved, reminders sent once."""

import re
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def next_open_day(days):
    day = timezone.localdate()
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def switch_site(page, name):
    page.get_by_label("Site").select_option(label=name)
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_label("Site")).to_have_value(re.compile(r"\d+"))
    expect(page.locator("#nav-site option:checked")).to_have_text(name)


def test_reception_runs_a_day(page, demo_clinic):
    log_in(page, "reception@example.com")
    page.get_by_role("link", name="Calendar", exact=True).click()

    # The practice's calendar: its own vet only (Dr Nowak works at the hospital).
    calendar = page.get_by_role("table")
    expect(calendar.get_by_role("columnheader", name="Dr Amelia Hart")).to_be_visible()
    expect(calendar.get_by_role("columnheader", name="Dr Tomasz Nowak")).to_have_count(0)

    # Tess arrives. A card's actions open from the dog's name.
    calendar.get_by_role("link", name="Tess", exact=True).first.click()
    page.get_by_role("button", name="Check in: Tess at 11:00").click()
    tess = page.locator(".appt", has_text="Tess").first
    expect(tess.locator(".appt-badge")).to_have_text("Arrived")

    # Rufus does not come to the hospital: reception switches to its calendar.
    switch_site(page, "Riverside Emergency & Referral Hospital")
    calendar = page.get_by_role("table")
    expect(calendar.get_by_role("columnheader", name="Dr Tomasz Nowak")).to_be_visible()
    expect(calendar.get_by_role("columnheader", name="Dr Amelia Hart")).to_have_count(0)
    calendar.get_by_role("link", name="Rufus", exact=True).first.click()
    page.get_by_role("button", name="No-show: Rufus at 08:45").click()
    rufus = page.locator(".appt", has_text="Rufus").first
    expect(rufus.locator(".appt-badge")).to_have_text("Did not attend")
    switch_site(page, "Riverside Veterinary Dermatology")

    # Book Tess's overdue recheck from the worklist, with her attending vet.
    page.get_by_role("link", name="Follow-ups due").click()
    expect(page.get_by_role("row", name=re.compile("Tess Recheck"))).to_contain_text("overdue")
    page.get_by_role("link", name="Book Tess's recheck").click()
    attending = page.get_by_role("group", name="Free slots with Dr Amelia Hart")
    expect(page.get_by_text("Dr Amelia Hart (attending vet)")).to_be_visible()
    attending.get_by_role("button").first.click()
    booking = page.locator("#booking-form")
    expect(booking.get_by_label("Dog")).to_have_value(re.compile(r"\d+"))
    booking.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Booked: Tess")).to_be_visible()
    page.get_by_role("link", name="Follow-ups due").click()
    expect(page.get_by_role("link", name="Book Tess's recheck")).to_have_count(0)

    # Move Nell's afternoon consult to another day.
    page.get_by_role("link", name="Calendar", exact=True).click()
    page.get_by_role("table").get_by_role("link", name="Nell", exact=True).first.click()
    page.get_by_role("link", name="Move Nell's appointment at 14:00").click()
    new_day = next_open_day(2)
    page.get_by_label("Start").fill(f"{new_day:%Y-%m-%d}T16:00")
    page.get_by_role("button", name="Move the appointment").click()
    expect(page.get_by_role("alert").filter(has_text="Moved: Nell")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{new_day:%b}")

    # The reminder sender runs twice (cron overlap): each reminder goes out once.
    mail.outbox = []
    call_command("send_reminders")
    first_run = [(message.to[0], message.subject) for message in mail.outbox]
    call_command("send_reminders")
    assert first_run
    assert len(mail.outbox) == len(first_run)
    assert len(set(first_run)) == len(first_run)
