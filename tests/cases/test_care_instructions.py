"""The owner's care instructions: composed wording, the day-by-day schedule, the shared
include and the care sheet (HTML and PDF)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cases.models import CareWording, Drug
from cases.services.care import care_schedule, compose_owner_text
from tests.factories.treatment import (
    PlanItemFactory,
    TreatmentPlanFactory,
    publish,
    strength,
    trilostane,
)

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 2)


@pytest.fixture
def plan():
    plan = TreatmentPlanFactory(calcium_check_days=14, acth_check_days="14,30,90")
    drug = trilostane()
    PlanItemFactory(plan=plan, kind="underlying_cause", description="", drug=drug,
                    strength=strength(drug, "30"), dose_mg_per_kg=1, dose_mg=Decimal("35.2"),
                    units_per_dose=1, given_mg=30, frequency="sid", route="oral",
                    start_date=MONDAY)
    PlanItemFactory(plan=plan, kind="topical", description="",
                    drug=Drug.objects.get(name__startswith="Dimethyl sulfoxide"),
                    frequency="sid", route="topical", body_site="dorsal_neck",
                    start_date=MONDAY)
    PlanItemFactory(plan=plan, kind="antibiotic", description="Chlorhexidine wipes",
                    frequency="bid", start_date=MONDAY, end_date=MONDAY + timedelta(days=2))
    PlanItemFactory(plan=plan, kind="hygiene", description="Wash bedding", frequency="weekly",
                    start_date=MONDAY)
    PlanItemFactory(plan=plan, kind="surgery", description="", procedure="excision",
                    frequency="", start_date=MONDAY)
    return plan


def test_the_schedule_lists_each_days_tasks_with_stable_keys(plan):
    days = care_schedule(plan, MONDAY, 9)
    assert [d.date for d in days] == [MONDAY + timedelta(days=n) for n in range(9)]
    first = [(t.time, t.text) for t in days[0].tasks]
    assert ("Morning", "Give 1 capsule (30 mg) of Trilostane") in first
    assert ("Morning", "Apply Dimethyl sulfoxide (DMSO) gel to the dorsal neck (wear gloves)") \
        in first
    assert ("Evening", "Chlorhexidine wipes") in first
    assert ("Any time", "Wash bedding") in first
    wipes = plan.items.get(description="Chlorhexidine wipes")
    assert [t.key for t in days[0].tasks if t.item == wipes] == [f"{wipes.pk}:0", f"{wipes.pk}:1"]
    # wipes end after three days; bedding is weekly; surgery is never a daily task
    assert not any(t.item == wipes for t in days[3].tasks)
    assert sum(t.text == "Wash bedding" for d in days for t in d.tasks) == 2
    assert not any("Excision" in t.text for d in days for t in d.tasks)


def test_the_schedule_starts_items_on_their_start_date(plan):
    later = plan.items.get(description="Wash bedding")
    later.start_date = MONDAY + timedelta(days=3)
    later.save()
    days = care_schedule(plan, MONDAY, 5)
    assert [d.date for d in days if any(t.item == later for t in d.tasks)] == [
        MONDAY + timedelta(days=3)
    ]


def test_the_composed_wording_follows_the_clinical_facts(plan):
    text, warnings = compose_owner_text(plan)
    assert "Wear disposable gloves" in text
    assert "clean, dry skin" in text
    assert "garlic" in text
    assert "dorsal neck only" in text
    assert "look worse before they look better" in text
    assert "keep every recheck and blood test" in text
    for sign in ("bleeds, smells, or discharges pus", "spread quickly", "stops eating",
                 "fever", "vomits", "diarrhoea", "licks a sore constantly",
                 "drinking or urination"):
        assert sign in warnings
    assert "stop giving it and call us straight away" in warnings
    # none of the seed article's errors
    for wrong in ("mites", "blister", "genetic", "no known cure", "frostbite"):
        assert wrong not in (text + warnings).lower()


def test_the_trilostane_warning_only_appears_with_trilostane():
    plan = TreatmentPlanFactory()
    PlanItemFactory(plan=plan, description="Wash bedding")
    _, warnings = compose_owner_text(plan)
    assert "trilostane" not in warnings.lower()


def test_the_clinic_edits_the_wording(plan):
    CareWording.objects.filter(topic="hygiene").update(text="{what}: {how_often}, hot wash.")
    text, _ = compose_owner_text(plan)
    assert "Wash bedding: once a week, hot wash." in text


def test_the_include_renders_what_was_published(plan, vet):
    publish(plan, vet)
    plan.refresh_from_db()
    html = render_to_string("cases/treatment/includes/care_instructions.html", {
        "plan": plan, "schedule": care_schedule(plan, MONDAY, 3),
        "clinic_phone": "+44 20 7946 0000",
    })
    assert "Give the medicine as shown." in html
    assert "Call us at once on +44 20 7946 0000 if:" in html
    assert f'data-task="{plan.items.first().pk}:0"' in html
    next_recheck = timezone.localdate() + timedelta(days=21)
    assert f"{next_recheck:%Y}" in html
    assert "Next recheck" in html


def test_the_care_sheet_prints_and_downloads_as_pdf(vet_client, plan, vet):
    publish(plan, vet)
    page = vet_client.get(reverse("cases:care_sheet", kwargs={"plan_id": plan.pk}))
    assert page.status_code == 200
    assert "Care instructions for" in page.content.decode()
    assert "DRAFT" not in page.content.decode()
    pdf = vet_client.get(reverse("cases:care_sheet_pdf", kwargs={"plan_id": plan.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def test_a_draft_care_sheet_says_it_is_a_draft(vet_client, plan):
    page = vet_client.get(reverse("cases:care_sheet", kwargs={"plan_id": plan.pk}))
    assert "DRAFT — not yet published to the owner." in page.content.decode()


def test_the_pdf_fits_on_two_a4_pages(plan, vet):
    from cases.services.care_sheet import care_sheet_pdf_document

    publish(plan, vet)
    assert len(care_sheet_pdf_document(plan).pages) <= 2


def test_making_a_pdf_leaves_the_upload_checks_strict(plan):
    from PIL import ImageFile

    from cases.services.care_sheet import care_sheet_pdf_document

    care_sheet_pdf_document(plan)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_a_sheet_printed_months_later_starts_today_with_the_booked_recheck(vet_client, plan,
                                                                          vet):
    publish(plan, vet)
    plan.refresh_from_db()
    plan.published_at = timezone.now() - timedelta(days=120)
    plan.save(update_fields=["published_at"])
    recheck = plan.case.follow_ups.get(kind="recheck")
    recheck.due_on = timezone.localdate() + timedelta(days=5)
    recheck.save()
    page = vet_client.get(reverse("cases:care_sheet", kwargs={"plan_id": plan.pk}))
    today = timezone.localdate()
    assert page.context["schedule"][0].date == today
    assert f"due around {recheck.due_on:%a} {recheck.due_on.day} {recheck.due_on:%b %Y}" in \
        page.content.decode()


def test_the_owner_is_told_how_to_give_trilostane_safely(plan):
    """Issue 12 point 5 (Vetoryl label)."""
    text, warnings = compose_owner_text(plan)
    for advice in ("with food", "do not open or split them", "pregnant or trying to become "
                   "pregnant should not handle the capsules", "skip it", "never give two "
                   "doses together", "give the morning dose with food as usual and come in "
                   "4–6 hours later"):
        assert advice in text
    assert "skip breakfast" not in text
    for sign in ("weak, wobbly or collapses", "lethargic", "eats less than usual or stops "
                 "eating", "vomits or has diarrhoea"):
        assert sign in warnings
    assert "stop giving it and call us straight away" in warnings


def taper_plan():
    plan = TreatmentPlanFactory()
    drug = Drug.objects.get(name="Prednisolone")
    for start, mg_per_kg, units, frequency in ((MONDAY, "0.5", "2", "sid"),
                                               (MONDAY + timedelta(days=14), "0.25", "1", "sid"),
                                               (MONDAY + timedelta(days=28), "0.25", "1", "eod")):
        PlanItemFactory(plan=plan, kind="underlying_cause", description="", drug=drug,
                        strength=strength(drug, "5"), dose_mg_per_kg=Decimal(mg_per_kg),
                        units_per_dose=Decimal(units), given_mg=Decimal(units) * 5,
                        frequency=frequency, route="oral", is_taper=True, start_date=start,
                        end_date=start + timedelta(days=13), instructions="With food.")
    return plan


def test_a_taper_shows_the_owner_each_step_and_the_adrenal_warning_signs():
    """Issue 12 points 7 and 8: the steps with their dates; the steroid is being withdrawn,
    never 'treating the cause'."""
    text, warnings = compose_owner_text(taper_plan())
    assert "- 2 Nov 2026 to 15 Nov 2026: 2 tablets (10 mg), once daily" in text
    assert "- 16 Nov 2026 to 29 Nov 2026: 1 tablet (5 mg), once daily" in text
    assert "- 30 Nov 2026 to 13 Dec 2026: 1 tablet (5 mg), every other day" in text
    assert "- from 14 Dec 2026: none — stopped" in text
    assert text.count("With food.") == 1
    assert "ACTH stimulation test" in text
    assert "treats the cause" not in text.lower()
    assert "is the likely cause of the skin deposits" in text
    for sign in ("weak", "vomits", "collapses", "adrenal insufficiency"):
        assert sign in warnings


def test_the_care_sheet_lists_each_taper_step_on_its_own_days():
    plan = taper_plan()
    days = care_schedule(plan, MONDAY + timedelta(days=13), 4)
    given = [[t.text for t in day.tasks] for day in days]
    assert given[0] == ["Give 2 tablets (10 mg) of Prednisolone"]
    assert given[1] == ["Give 1 tablet (5 mg) of Prednisolone"]
    steroid_days = care_schedule(plan, MONDAY + timedelta(days=28), 4)
    assert [bool(day.tasks) for day in steroid_days] == [True, False, True, False]
