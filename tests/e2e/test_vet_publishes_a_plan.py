"""A vet writes a plan for the demo case of Bramble, sees the dose, publishes it and opens the
care sheet; then revises it into a new draft version."""

import re

from playwright.sync_api import expect

from cases.models import Case
from tests.e2e.conftest import log_in, screenshot


def bramble_case():
    """The demo case, without its demo plans, so the vet writes the first one."""
    case = Case.objects.get(dog__name="Bramble")
    case.treatment_plans.all().delete()
    case.follow_ups.all().delete()
    return case


def test_a_vet_writes_publishes_and_revises_a_plan(page, demo_clinic):
    case = bramble_case()
    kg = f"{case.dog.latest_weight().weight_kg} kg"
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "vet@example.com")
    page.goto(f"/cases/{case.pk}/plans/")
    page.get_by_role("button", name="Write the first plan").click()
    expect(page.locator("#plan-status")).to_have_text("Draft")

    page.get_by_role("link", name="Add an item").click()
    expect(page.locator("#weight-used")).to_contain_text(kg)
    page.get_by_label("Kind").select_option(label="Treatment of the underlying cause")
    page.get_by_label("Drug").select_option(label="Trilostane")
    # The strengths offered are the chosen drug's only (reloaded by htmx).
    strengths = page.get_by_label("Strength").locator("option")
    expect(strengths.filter(has_text="Trilostane capsule 30 mg")).to_have_count(1)
    expect(strengths.filter(has_text="Meloxicam")).to_have_count(0)
    page.get_by_label("Strength").select_option(label="Trilostane capsule 30 mg")
    page.get_by_label("Dose (mg/kg)").fill("1")
    page.get_by_label("Route").select_option(label="By mouth")
    # 1 mg/kg twice daily (AAHA 2023): within the clinic's range, no confirmation asked
    page.get_by_label("Frequency").select_option(label="Twice daily")
    page.get_by_role("button", name="Save item").click()
    expect(page.locator("#plan-items")).to_contain_text("1 capsule (30 mg)")
    expect(page.locator("#plan-items")).to_contain_text(f"for {kg}")

    page.get_by_role("button", name="Compose from the clinic's wording").click()
    expect(page.get_by_label("Care instructions for the owner")).to_contain_text("Trilostane")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator("#plan-status")).to_have_text("Published")
    expect(page.locator(".dog-alerts")).to_contain_text("on trilostane")  # the dog header
    screenshot(page, "vet-plan-published")

    page.get_by_role("link", name="Care sheet (print / PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Care instructions for Bramble")
    expect(page.get_by_text("On trilostane, stop giving it and call us")).to_be_visible()
    expect(page.locator(".care-grid tbody tr").first).to_contain_text("Give 1 capsule (30 mg)")
    screenshot(page, "care-sheet")

    page.goto(f"/cases/{case.pk}/plans/")
    page.get_by_role("button", name="Revise the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Treatment plan v2")
    expect(page).to_have_url(re.compile(r"/cases/plans/\d+/$"))
