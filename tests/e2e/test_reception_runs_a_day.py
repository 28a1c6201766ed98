"""Reception runs a day from the demo data: today's columns at each site (switching
between them), a check-in taken back with Undo, a no-show asked first, a follow-up booked
from the worklist, a booking from the slot clicked in a free stretch with the dog search, a
double booking refused, a visit moved to an offered free slot, an owner registered twice
caught, reminders sent once."""

import re
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def next_open_day(days):
    day = timezone.localdate()
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def shot(page, name):
    screenshot(page, f"reception-{name}", full_page=False)


def switch_site(page, name):
    page.locator("#nav-site").click()
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator("#nav-site")).to_have_text(f"Site: {name}")


def book_slot(page, vet_slot_name, clock):
    """Click the free stretch holding `clock` ("HH:MM") where that slot lies: a stretch is one
    button over its rows, and calendar.js books the 15-minute slot under the pointer."""
    def minutes(text):
        return int(text[:2]) * 60 + int(text[3:])

    for button in page.get_by_role("button", name=vet_slot_name).all():
        label = button.get_attribute("aria-label")
        first, until = (minutes(t) for t in re.search(
            r"at (\d\d:\d\d), free until (\d\d:\d\d)$", label).groups())
        until += 24 * 60 if until <= first else 0  # free until midnight (open all night)
        if first <= minutes(clock) < until:
            slots = int(button.get_attribute("data-slots"))
            box = button.bounding_box()
            y = ((minutes(clock) - first) // 15 + 0.5) * box["height"] / slots
            button.click(position={"x": box["width"] / 2, "y": y})
            return
    raise AssertionError(f"no free stretch holds {clock}")


def test_reception_runs_a_day(page, demo_clinic):
    log_in(page, "reception@example.com")
    page.get_by_role("link", name="Calendar", exact=True).click()

    # The practice's calendar: its own vet only (Dr Nowak works at the hospital).
    calendar = page.get_by_role("table")
    expect(calendar.get_by_role("columnheader", name="Dr Amelia Hart")).to_be_visible()
    expect(calendar.get_by_role("columnheader", name="Dr Tomasz Nowak")).to_have_count(0)
    shot(page, "calendar-today")

    # Tess is checked in by a slip of the mouse: Undo takes it back; then she arrives.
    calendar.get_by_role("link", name="Tess", exact=True).first.click()
    page.get_by_role("button", name="Check in: Tess at 11:00").click()
    tess = page.locator(".appt", has_text="Tess").first
    expect(tess.locator(".appt-badge")).to_have_text("Arrived")
    expect(tess.get_by_role("status")).to_contain_text("Tess: Arrived.")
    shot(page, "check-in-undo")
    tess.get_by_role("button", name="Undo: Tess at 11:00").click()
    expect(tess.locator(".appt-badge")).to_have_text("Booked")
    expect(tess.get_by_role("status")).to_contain_text("Undone: Tess is booked again.")
    tess.get_by_role("button", name="Check in: Tess at 11:00").click()
    expect(tess.locator(".appt-badge")).to_have_text("Arrived")
    # After a reload the calendar's card still offers the Undo while its window is open.
    page.reload()
    tess = page.get_by_role("table").locator(".appt", has_text="Tess").first
    expect(tess.get_by_role("button", name="Undo: Tess at 11:00")).to_be_visible()
    expect(tess).to_contain_text("until ")
    shot(page, "undo-after-reload")


    # Rufus does not come to the hospital: reception switches to its calendar; the no-show
    # is asked first, and "no" records nothing.
    switch_site(page, "Riverside Emergency & Referral Hospital")
    calendar = page.get_by_role("table")
    expect(calendar.get_by_role("columnheader", name="Dr Tomasz Nowak")).to_be_visible()
    expect(calendar.get_by_role("columnheader", name="Dr Amelia Hart")).to_have_count(0)
    calendar.get_by_role("link", name="Rufus", exact=True).first.click()
    rufus = page.locator(".appt", has_text="Rufus").first
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="No-show: Rufus at 08:45").click()
    page.wait_for_timeout(500)
    assert asked == ["Record that Rufus did not attend the 08:45 appointment?"]
    expect(rufus.locator(".appt-badge")).to_have_text("Booked")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="No-show: Rufus at 08:45").click()
    expect(rufus.locator(".appt-badge")).to_have_text("Did not attend")
    expect(rufus.get_by_role("button", name="Undo: Rufus at 08:45")).to_be_visible()
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

    # Book Kaiser into a free slot at the hospital, found by his owner's name in the dog
    # search.
    switch_site(page, "Riverside Emergency & Referral Hospital")
    day = next_open_day(1)
    page.goto(f"/schedule/?date={day.isoformat()}")
    slot_name = f"Book with Dr Tomasz Nowak on {day:%A} {day.day} {day:%B} at"
    book_slot(page, slot_name, "10:00")
    booking = page.locator("#booking-form")
    expect(booking.get_by_label("Start")).to_have_value(f"{day:%Y-%m-%d}T10:00")
    # Typed key by key, as a person types: the form htmx just swapped in may still be
    # settling when a single fill() arrives, and its search would never run.
    booking.get_by_role("searchbox", name="Search").press_sequentially("Kowalski", delay=40)
    expect(booking.get_by_label("Dog")).to_contain_text("Kaiser (Roksana Kowalski)")
    booking.get_by_label("Dog").select_option(label="Kaiser (Roksana Kowalski)")
    booking.get_by_label("Type").select_option(label="Recheck")
    shot(page, "book-free-slot-dog-search")
    booking.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Booked: Kaiser")).to_be_visible()

    # The same vet at the same time again is refused, with the nearest free slots.
    book_slot(page, slot_name, "10:30")
    booking = page.locator("#booking-form")
    booking.get_by_role("searchbox", name="Search").press_sequentially("Adeyemi", delay=40)
    expect(booking.get_by_label("Dog")).to_contain_text("Tess (Michael Adeyemi)")
    booking.get_by_label("Dog").select_option(label="Tess (Michael Adeyemi)")
    booking.get_by_label("Type").select_option(label="Recheck")
    booking.get_by_label("Start").fill(f"{day:%Y-%m-%d}T10:00")
    booking.get_by_role("button", name="Book", exact=True).click()
    panel = page.locator("#booking-panel")
    expect(panel).to_contain_text("That slot was just taken")
    expect(panel.get_by_role("group", name="Nearest free slots")).to_be_visible()
    shot(page, "double-booking-refused")

    # Move Nell's afternoon consult at the practice to a free slot offered on the move page.
    switch_site(page, "Riverside Veterinary Dermatology")
    page.get_by_role("link", name="Calendar", exact=True).click()
    page.get_by_role("table").get_by_role("link", name="Nell", exact=True).first.click()
    page.get_by_role("link", name="Move Nell's appointment at 14:00").click()
    own_vet = page.get_by_role("group", name="Free slots with Dr Amelia Hart")
    expect(page.get_by_text("Dr Amelia Hart (booked with)")).to_be_visible()
    shot(page, "move-free-slots")
    target = own_vet.get_by_role("button").nth(1)
    label = target.inner_text()
    target.click()
    expect(page.get_by_role("alert").filter(has_text="Moved: Nell")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(" ".join(label.split()[-4:-1]))

    # Helen Carter is registered again by mistake: the likely match is named first.
    page.get_by_role("link", name="Patients").click()
    page.get_by_role("link", name="Register an owner and dog").click()
    owner = page.locator("fieldset", has_text="Owner")
    owner.get_by_label("First name").fill("Helen")
    owner.get_by_label("Last name").fill("Carter")
    owner.get_by_label("Phone").fill("020 7946 0101")
    dog = page.locator("fieldset", has_text="Dog")
    dog.get_by_label("Name").fill("Poppy")
    dog.get_by_label("Sex").select_option("female")
    page.get_by_role("button", name="Register", exact=True).click()
    warning = page.locator("#likely-duplicates")
    expect(warning).to_contain_text("Did you mean Helen Carter, +44 20 7946 0101?")
    expect(warning).to_contain_text("same name, same phone")
    shot(page, "duplicate-owner-warning")
    warning.get_by_role("button", name="Register Poppy to Helen Carter").click()
    expect(page).to_have_url(re.compile(r"/patients/dogs/\d+/$"))
    expect(page.get_by_role("alert").filter(has_text="Poppy is registered to Helen Carter")
           ).to_be_visible()

    # Booking from the dog's page: the form comes with Poppy chosen.
    page.get_by_role("link", name="Book an appointment for Poppy").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New appointment")
    expect(page.get_by_label("Dog")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("Dog").locator("option:checked")).to_contain_text("Poppy")

    # The reminder sender runs twice (cron overlap): each reminder goes out once.
    mail.outbox = []
    call_command("send_reminders")
    first_run = [(message.to[0], message.subject) for message in mail.outbox]
    call_command("send_reminders")
    assert first_run
    assert len(mail.outbox) == len(first_run)
    assert len(set(first_run)) == len(first_run)
