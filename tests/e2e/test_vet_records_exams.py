import io
import re

from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from cases.models import Exam
from clinic.patients.models import Dog
from tests.e2e.conftest import log_in, screenshot


def _lesion_png():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (230, 225, 200)).save(buffer, "PNG")
    return {"name": "neck.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_a_vet_opens_a_case_records_an_exam_signs_it_and_sees_progress(page, demo_clinic):
    pip = Dog.objects.get(name="Pip")  # the demo dog without a case
    log_in(page, "vet@example.com")

    # Find the dog from the staff navigation's patient search.
    page.locator("#nav-patient-search").fill("Pip")
    page.locator("#nav-patient-search").press("Enter")
    page.get_by_role("link", name="Pip", exact=True).first.click()
    expect(page).to_have_url(re.compile(reverse("patients:dog", kwargs={"dog_id": pip.pk})))
    expect(page.get_by_text("No calcinosis cutis case recorded.")).to_be_visible()
    page.get_by_role("link", name="Open a case").click()
    page.get_by_label("Presenting complaint").fill("Gritty plaques on the dorsal neck")
    page.get_by_label("Suspected cause").select_option("hyperadrenocorticism")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pip: calcinosis cutis")

    page.get_by_role("link", name="Record an exam").click()
    page.get_by_label("Weight (kg)").fill("6.8")
    page.get_by_label("Temperature (°C)").fill("38.6")
    for name, value in [("vocalisation", "0"), ("attention_to_wound", "2"), ("mobility", "1"),
                        ("response_to_touch", "2"), ("demeanour", "1"), ("posture", "0")]:
        page.locator(f"#id_pain_{name}").select_option(value)
    expect(page.locator("#pain-total")).to_have_text("6/24")
    expect(page.get_by_text("at or above the intervention level")).to_be_visible()
    page.get_by_label("Plaques").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Exam saved as a draft")).to_be_visible()
    expect(page.get_by_text("analgesia indicated")).to_be_visible()

    page.get_by_role("link", name="Add lesions at a site").click()
    page.get_by_label("Site").first.select_option("dorsal_neck")
    page.get_by_label("Number of lesions").fill("3")
    page.get_by_label("Largest diameter (mm)").fill("14.5")
    page.get_by_label("Photos").set_input_files([_lesion_png()])
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("img", name=re.compile("Lesions at Dorsal neck"))).to_be_visible()
    page.get_by_role("link", name="Add lesions at a site").click()
    page.get_by_label("Site").first.select_option("axilla_left")
    page.get_by_label("Number of lesions").fill("1")
    page.get_by_label("Largest diameter (mm)").fill("6")
    page.get_by_label("Photos").set_input_files([_lesion_png()])
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("img", name=re.compile("Lesions at Axilla"))).to_be_visible()
    screenshot(page, "vet-exam-two-lesions")

    # Sign-off is irreversible, so it asks first: declining leaves the exam a draft.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Sign off").click()
    page.wait_for_load_state()
    assert asked
    assert "read-only" in asked[0]
    exam_id = int(re.search(r"/exams/(\d+)/", page.url).group(1))
    assert Exam.objects.get(pk=exam_id).signed_off_at is None  # declining sent nothing
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("It is now read-only")).to_be_visible()
    expect(page.get_by_role("link", name="Edit exam")).to_have_count(0)

    page.get_by_label("Why").fill("Weight typed wrongly")
    page.get_by_label("Addendum").fill("Weight was 6.9 kg.")
    page.get_by_role("button", name="Add addendum").click()
    expect(page.get_by_text("Weight was 6.9 kg.")).to_be_visible()
    screenshot(page, "vet-exam-signed-with-addendum")

    page.get_by_role("link", name=re.compile("Pip, opened")).click()
    page.get_by_role("link", name="Progress").click()
    chart = page.locator('canvas[data-chart="lesion-chart"]')
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("data-rendered", "1")
    # Two sites now: the photos of one are compared, chosen by site.
    page.locator("#site-choice").select_option("dorsal_neck")
    page.get_by_role("button", name="Show").click()
    screenshot(page, "vet-progress-charts")
    expect(page.get_by_role("img", name=re.compile("Dorsal neck"))).to_be_visible()
