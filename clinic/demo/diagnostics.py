"""Demo biopsies (one at every step), X-ray studies with generated images (one a DICOM file)
and lab panels with believable values. A case that already has diagnostics is left alone,
so seeding twice changes nothing. Cases come from the cases section (`context["case:<dog>"]`).
"""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter
from simple_history.utils import bulk_create_with_history

from cases.dicom import process_dicom, synthetic_radiograph
from cases.models import (
    Analyte,
    Biopsy,
    Case,
    ConsentRecord,
    ConsentTemplate,
    ImagingStudy,
    LabPanel,
    LabValue,
)
from cases.services import diagnostics as services
from clinic.lib.uploads import process_image

LAB = "Northern Veterinary Pathology"
CONSISTENT = (
    "Multifocal mineralisation of dermal collagen with a granulomatous reaction around the "
    "mineral; epidermal hyperplasia. von Kossa stain positive."
)

# dog: [(days ago planned, site, technique, final step, conclusion, histopathology)]
BIOPSIES = {
    "Bramble": [
        (229, "dorsal_neck", "punch", "reported", "consistent", CONSISTENT),
        (20, "pressure_points", "punch", "sent", "", ""),
    ],
    "Tess": [(73, "ventral_abdomen", "punch", "reported", "consistent", CONSISTENT),
             (2, "inguinal", "incisional", "collected", "", "")],
    "Rufus": [(298, "dorsal_trunk", "punch", "reported", "consistent", CONSISTENT)],
    "Milo": [(1, "inguinal", "punch", "consent_signed", "", ""),
             (0, "ventral_abdomen", "incisional", "planned", "", "")],
    "Nell": [(158, "lateral_trunk", "punch", "cancelled", "", ""),
             (150, "lateral_trunk", "punch", "reported", "not_consistent",
              "Sebaceous adenoma; no dermal mineralisation; von Kossa negative.")],
    "Kaiser": [(118, "footpads", "excisional", "reported", "consistent",
                "Well-demarcated nodule of mineral surrounded by granulomatous inflammation "
                "(calcinosis circumscripta); margins clear.")],
}
ORDER = ["planned", "consent_signed", "collected", "sent", "reported"]
MONITORING = {"acth_purpose": "monitoring", "hours_after_dose": Decimal("4.5"),
              "dose_given_with_food": True}

# dog: [(days ago, views, mineralisation, where, organs, impression, png images, dicom)]
STUDIES = {
    "Bramble": [(226, "right lateral, ventrodorsal", "yes", "Dorsal cervical subcutis",
                 "Mild hepatomegaly; no mineralisation of lungs or kidneys seen. Adrenal "
                 "glands are assessed on ultrasound.",
                 "Soft-tissue mineralisation consistent with calcinosis cutis.", 1, True)],
    "Tess": [(72, "right lateral, ventrodorsal", "yes", "Ventral abdominal subcutis",
              "Small, irregular kidneys; faint mineralisation of the gastric wall.",
              "Soft-tissue mineralisation; kidney changes in keeping with chronic kidney "
              "disease.", 0, True)],
    "Milo": [(19, "lateral", "equivocal", "Inguinal region, faint",
              "Thorax unremarkable.", "Equivocal mineralisation; biopsy advised.", 2, False)],
}

# dog: [(days ago, kind, {analyte: value}, sent-but-awaited?[, {panel field: value}])];
# mmol/L unless the analyte says otherwise. Bramble's trilostane monitoring tests (the dose
# with food, blood 4–6 hours later) show good control by the label's bands.
PANELS = {
    "Bramble": [
        (228, "serum_chemistry", {"calcium": "2.48", "phosphate": "1.25", "alp": "640",
                                  "alt": "132", "cholesterol": "9.4", "urea": "5.1",
                                  "creatinine": "68", "glucose": "5.6"}, False),
        (228, "uccr", {"uccr": "62"}, False),
        (221, "lddst", {"cortisol_lddst_0h": "180", "cortisol_lddst_4h": "58",
                        "cortisol_lddst_8h": "96"}, False),
        (131, "acth_stimulation", {"cortisol_basal": "48", "cortisol_post_acth": "118",
                                   "sodium": "147", "potassium": "4.4"}, False, MONITORING),
        (130, "serum_chemistry", {"calcium": "2.61", "phosphate": "1.18", "alp": "290",
                                  "urea": "5.4", "creatinine": "72"}, False),
        (11, "acth_stimulation", {"cortisol_basal": "41", "cortisol_post_acth": "96",
                                  "sodium": "146", "potassium": "4.6"}, False, MONITORING),
        (10, "serum_chemistry", {"calcium": "2.55", "phosphate": "1.21", "alp": "165",
                                 "urea": "5.0", "creatinine": "70"}, False),
    ],
    "Tess": [
        (73, "serum_chemistry", {"calcium": "2.82", "phosphate": "2.71", "alp": "95",
                                 "urea": "18.6", "creatinine": "290", "albumin": "31"}, False),
        (73, "urinalysis", {"usg": "1.011", "upc": "0.9"}, False),
        (72, "serum_chemistry", {"ionised_calcium": "1.36", "sdma": "31"}, False),
        (21, "serum_chemistry", {"calcium": "2.70", "phosphate": "2.38", "urea": "16.2",
                                 "creatinine": "262"}, False),
        (3, "serum_chemistry", {}, True),
    ],
    "Rufus": [
        (297, "acth_stimulation", {"cortisol_basal": "12", "cortisol_post_acth": "38"}, False,
         {"acth_purpose": "diagnostic"}),
        (297, "serum_chemistry", {"calcium": "2.40", "phosphate": "1.30", "alp": "410",
                                  "urea": "6.2", "creatinine": "95"}, False),
        (60, "serum_chemistry", {"calcium": "2.45", "phosphate": "1.22", "alp": "120",
                                 "urea": "5.8", "creatinine": "90"}, False),
    ],
    "Milo": [
        (19, "serum_chemistry", {"calcium": "2.52", "phosphate": "1.40", "alp": "75",
                                 "urea": "4.8", "creatinine": "88"}, False),
        (19, "haematology", {"hct": "0.48", "wbc": "11.2", "platelets": "310"}, False),
    ],
}


def _case(context, name):
    case = context.get(f"case:{name}")
    dog = context.get(f"dog:{name}")
    if case is None and dog is not None:
        case = Case.objects.filter(dog=dog).order_by("opened_on").first()
    return case


def seed(context):
    for name in BIOPSIES.keys() | STUDIES.keys() | PANELS.keys():
        case = _case(context, name)
        if case is None:
            continue
        vet = case.attending_vet
        if not case.biopsies.exists():
            for spec in BIOPSIES.get(name, []):
                _biopsy(case, vet, *spec)
        if not case.imaging_studies.exists():
            for spec in STUDIES.get(name, []):
                _study(case, vet, *spec)
        if not case.lab_panels.exists():
            for spec in PANELS.get(name, []):
                _panel(case, vet, *spec)


def _day(case, days_ago):
    return max(timezone.localdate() - timedelta(days=days_ago), case.opened_on)


def _biopsy(case, vet, days_ago, site, technique, step, conclusion, histopathology):
    planned = _day(case, days_ago)
    today = timezone.localdate()
    biopsy = Biopsy.objects.create(case=case, site=site, technique=technique,
                                   planned_on=planned, created_by=vet,
                                   von_kossa_requested=step == "reported")
    if step == "cancelled":
        services.cancel_biopsy(biopsy, reason="The owner asked to wait until after a family "
                                              "holiday; replanned.")
        return
    reached = ORDER.index(step)
    if reached >= 1:
        template = ConsentTemplate.default()
        consent = ConsentRecord(
            consented_at=timezone.now() - timedelta(days=days_ago),
            procedure_text=template.procedure_text, risks_text=template.risks_text,
        )
        services.record_consent(biopsy, consent, by=vet, signature=_signature())
    if reached >= 2:
        services.record_collection(biopsy, collected_on=planned,
                                   sample_id=f"NVP-{case.pk:03d}{biopsy.pk:03d}")
    if reached >= 3:
        biopsy.refresh_from_db()
        services.record_sent(biopsy, sent_on=planned, laboratory=LAB,
                             sample_id=biopsy.sample_id)
    if reached >= 4:
        services.record_report(biopsy, {
            "report_received_on": min(planned + timedelta(days=8), today),
            "histopathology": histopathology, "von_kossa_result":
                "positive" if conclusion == "consistent" else "negative",
            "conclusion": conclusion,
            "shared_with_owner": True,
            "owner_summary": f"The biopsy confirmed {case.disease_name}." if conclusion ==
            "consistent" else f"The biopsy did not show {case.disease_name}.",
        })
        biopsy.refresh_from_db()
        if biopsy.offers_confirmation:
            services.confirm_case_from_biopsy(biopsy)


def _signature():
    img = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    ImageDraw.Draw(img).line(
        [(40, 150), (110, 60), (160, 140), (230, 70), (300, 130), (420, 90), (560, 110)],
        fill="black", width=4, joint="curve",
    )
    return process_image(_upload(img, "signature.png"))


def _upload(img, name):
    out = io.BytesIO()
    img.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), "image/png")


def _radiograph_png(seed):
    """A dark field with a body outline and bright mineral spots: a stand-in radiograph."""
    img = Image.new("L", (640, 480), 20)
    draw = ImageDraw.Draw(img)
    draw.ellipse((60, 120, 580, 380), fill=95)
    draw.ellipse((140, 170, 300, 320), fill=120)
    for i in range(5):
        x = 200 + 60 * i + seed * 7
        draw.ellipse((x, 110 + (i % 2) * 8, x + 14, 124 + (i % 2) * 8), fill=235)
    return _upload(img.filter(ImageFilter.GaussianBlur(2)), f"xray{seed}.png")


def _study(case, vet, days_ago, views, mineral, where, organs, impression, pngs, dicom):
    study = ImagingStudy.objects.create(
        case=case, study_date=_day(case, days_ago), regions=["thorax", "abdomen"],
        views=views, clinical_question="Soft-tissue mineralisation? Mineral elsewhere?",
        soft_tissue_mineralisation=mineral, mineralisation_sites=where,
        organ_findings=organs, impression=impression, reporting_vet=vet,
    )
    uploads = [process_image(_radiograph_png(i)) for i in range(pngs)]
    if dicom:
        data = synthetic_radiograph(study_date=study.study_date.strftime("%Y%m%d"))
        uploads.append(process_dicom(SimpleUploadedFile("study.dcm", data)))
    services.add_study_images(study, uploads)


def _panel(case, vet, days_ago, kind, values, awaited, fields=None):
    collected = _day(case, days_ago)
    panel = LabPanel.objects.create(
        case=case, kind=kind, collected_on=collected, requested_by=vet, **(fields or {}),
        laboratory="" if kind == "haematology" else LAB,
        sent_on=collected if kind != "haematology" else None,
        reported_on=None if awaited else min(collected + timedelta(days=1),
                                              timezone.localdate()),
    )
    analytes = Analyte.objects.in_bulk(values.keys(), field_name="code")
    bulk_create_with_history(  # the values' history too, as every audited record has
        [LabValue(panel=panel, analyte=analytes[code], value=Decimal(value),
                  unit=analytes[code].default_unit, reference_low=analytes[code].reference_low,
                  reference_high=analytes[code].reference_high)
         for code, value in values.items()],
        LabValue, default_user=vet,
    )
