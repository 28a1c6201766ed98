"""A vet takes a suspected case to confirmed through consent, biopsy and report; attaches an
X-ray study with a PNG and a DICOM image; enters a lab panel and sees flags and Ca × P."""

import io

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from cases.dicom import synthetic_radiograph
from cases.models import Analyte, Case
from clinic.accounts.models import User
from clinic.patients.models import Dog
from tests.e2e.conftest import log_in, screenshot


def suspected_case():
    dog = Dog.objects.get(name="Pip")
    return Case.objects.filter(dog=dog, status="suspected").first() or Case.objects.create(
        dog=dog, attending_vet=User.objects.get(email="vet@example.com"),
        presenting_complaint="Gritty papules on the dorsal neck",
    )


def png():
    out = io.BytesIO()
    Image.new("L", (320, 240), 90).save(out, "PNG")
    return out.getvalue()


def save(page):
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()


def test_a_vet_confirms_a_case_on_histopathology(page, demo_clinic):
    case = suspected_case()
    today = timezone.localdate().isoformat()
    log_in(page, "vet@example.com")

    page.goto(f"/cases/{case.pk}/biopsies/new/")
    page.locator("#id_site").select_option("dorsal_neck")
    page.locator("#id_technique").select_option("punch")
    page.locator("#id_laboratory").fill("Northern Veterinary Pathology")
    page.locator("#id_von_kossa_requested").check()
    save(page)
    expect(page.locator("#biopsy-status")).to_have_text("Planned")

    page.get_by_role("link", name="Record consent").click()
    canvas = page.locator("#signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 30 + step * 25, box["y"] + 60 + (step % 3) * 15)
    page.mouse.up()
    page.get_by_role("button", name="Put consent on file").click()
    expect(page.locator("#biopsy-status")).to_have_text("Consent signed")

    page.get_by_role("link", name="view / print").click()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    expect(page.get_by_role("img", name="Signature of")).to_be_visible()
    page.go_back()

    # Collection starts from today and the planned laboratory; collected and sent is one step.
    page.get_by_role("link", name="Record collection").click()
    expect(page.locator("#id_collected_on")).to_have_value(today)
    expect(page.locator("#id_laboratory")).to_have_value("Northern Veterinary Pathology")
    page.locator("#id_sample_id").fill("NVP-4242")
    page.get_by_label("Collected and sent to the laboratory today").check()
    screenshot(page, "vet-biopsy-collected-and-sent")
    save(page)
    expect(page.locator("#biopsy-status")).to_have_text("Sent to laboratory")

    page.get_by_role("link", name="Record the report").click()
    expect(page.locator("#id_report_received_on")).to_have_value(today)
    page.locator("#id_histopathology").fill(
        "Mineralised dermal collagen with a granulomatous reaction.")
    page.locator("#id_von_kossa_result").select_option("positive")
    page.locator("#id_conclusion").select_option("consistent")
    save(page)
    expect(page.locator("#biopsy-conclusion")).to_have_text("Consistent with calcinosis cutis")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Confirm the case (histopathology)").click()
    expect(page.locator("#case-status")).to_have_text("Confirmed")
    screenshot(page, "vet-biopsy-confirms-case")
    case.refresh_from_db()
    assert (case.status, case.diagnosis_basis) == ("confirmed", "histopathology")


def test_a_vet_attaches_an_x_ray_study_and_a_lab_panel(page, demo_clinic):
    case = suspected_case()
    log_in(page, "vet@example.com")

    page.goto(f"/cases/{case.pk}/imaging/new/")
    page.get_by_label("Thorax").check()
    page.get_by_label("Abdomen").check()
    page.locator("#id_soft_tissue_mineralisation").select_option("yes")
    page.locator("#id_mineralisation_sites").fill("Dorsal cervical subcutis")
    page.locator("#id_images").set_input_files([
        {"name": "lateral.png", "mimeType": "image/png", "buffer": png()},
        {"name": "vd.dcm", "mimeType": "application/dicom", "buffer": synthetic_radiograph()},
    ])
    save(page)
    viewer = page.locator("#xray-viewer")
    expect(viewer.locator("[data-viewer-position]")).to_have_text("1 / 2")
    viewer.get_by_role("button", name="Next image").click()
    expect(viewer.locator("[data-viewer-position]")).to_have_text("2 / 2")
    viewer.get_by_role("button", name="Zoom in").click()
    expect(viewer.locator("[data-viewer-zoom]")).to_have_text("150%")
    expect(page.get_by_role("cell", name="DX")).to_be_visible()

    page.goto(f"/cases/{case.pk}/labs/new/?kind=serum_chemistry")
    wanted = {Analyte.objects.get(code=code).pk: value
              for code, value in (("calcium", "2.8"), ("phosphate", "2.7"), ("alp", "520"))}
    for index in range(page.locator("select[name$='-analyte']").count()):
        analyte = page.locator(f"select[name='values-{index}-analyte']").input_value()
        if analyte and int(analyte) in wanted:
            page.locator(f"input[name='values-{index}-value']").fill(wanted[int(analyte)])
    page.get_by_role("button", name="Save results").click()
    expect(page.locator(".lab-values")).to_contain_text("High")
    expect(page.locator(".ca-p-product")).to_contain_text("7.56 (mmol/L)²")
    expect(page.locator(".ca-p-product")).to_contain_text("above the clinic's threshold")

    page.get_by_role("link", name="Trends across panels").click()
    expect(page.locator("canvas[data-chart='trend-calcium']")).to_be_visible()
    screenshot(page, "vet-lab-trends")
