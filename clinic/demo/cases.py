"""Demo calcinosis cutis cases, one at every status, with signed exams over months.

Lesion sizes shrink slowly (and sometimes look worse before better), as domain.md says real
cases do. A dog that already has a case is left alone, so seeding twice changes nothing.
"""

import io
import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from cases.models import Case, ClinicalSign, Exam, LesionObservation
from cases.services.exams import add_addendum, save_exam, save_lesion, sign_off_exam
from clinic.demo.sites import home_site
from clinic.lib.uploads import process_image

# Glasgow CMPS-SF items in scale order: vocalisation, attention to wound, mobility (None when
# not assessable), response to touch, demeanour, posture/activity.
PAIN_FIELDS = [
    "pain_vocalisation", "pain_attention_to_wound", "pain_mobility",
    "pain_response_to_touch", "pain_demeanour", "pain_posture",
]


def exam(days_ago, kg, temp, pain, pruritus, signs, lesions, assessment, plan, subjective=""):
    return {
        "days_ago": days_ago, "kg": kg, "temp": temp, "pain": pain, "pruritus": pruritus,
        "signs": signs, "lesions": lesions, "assessment": assessment, "plan": plan,
        "subjective": subjective,
    }


CASES = [
    {
        "dog": "Bramble", "vet": "vet@example.com", "status": "managing",
        "diagnosis": "calcinosis_cutis", "extent": "generalised",
        "cause": "hyperadrenocorticism", "subtype": "pituitary_dependent",
        "form": "dystrophic_glucocorticoid",
        "basis": "histopathology", "opened_days_ago": 230,
        "complaint": "Firm, gritty white plaques on the dorsal neck and in the groin for "
        "six weeks; drinking and eating more, panting at rest.",
        "cause_note": "Pituitary-dependent hyperadrenocorticism (LDDST, ultrasound: both "
        "adrenals symmetrical). Trilostane started.",
        "exams": [
            exam(228, "35.2", "38.7", (0, 2, 0, 2, 1, 1), 6,
                 ["plaques", "papules", "erythema", "crusting", "polyuria_polydipsia",
                  "polyphagia", "pot_belly", "panting", "thin_skin"],
                 [("dorsal_neck", 5, "28.0", True, False, True),
                  ("inguinal", 3, "15.0", False, False, True)],
                 "Calcinosis cutis suspected, clinical picture of hyperadrenocorticism.",
                 "Punch biopsy dorsal neck; bloods, urinalysis, UCCR; LDDST.",
                 "Owner noticed hard lumps when stroking her neck."),
            exam(186, "35.0", "38.5", (0, 2, 0, 2, 0, 1), 5,
                 ["plaques", "erythema", "crusting", "chalky_discharge", "polyuria_polydipsia"],
                 [("dorsal_neck", 6, "31.0", True, True, True),
                  ("inguinal", 3, "14.0", False, False, True)],
                 "Histopathology confirmed calcinosis cutis. Lesions slightly worse, as "
                 "expected early in treatment; superficial pyoderma at the neck.",
                 "Continue trilostane; topical DMSO to the neck only; chlorhexidine wipes; "
                 "serum calcium in 2 weeks.",
                 "Drinking a bit less. Licking the neck."),
            exam(130, "34.1", "38.6", (0, 1, 0, 1, 0, 0), 3,
                 ["plaques", "erythema", "crusting"],
                 [("dorsal_neck", 4, "24.0", False, False, False),
                  ("inguinal", 2, "11.0", False, False, False)],
                 "Cortisol controlled; lesions starting to shrink.",
                 "Continue; recheck 6 weeks; ACTH stimulation test before."),
            exam(64, "33.6", "38.4", (0, 1, 0, 0, 0, 0), 2,
                 ["plaques", "alopecia"],
                 [("dorsal_neck", 3, "17.0", False, False, False),
                  ("inguinal", 1, "8.0", False, False, False)],
                 "Steady improvement.", "Continue; recheck 6–8 weeks."),
            exam(9, "33.4", "38.5", (0, 0, 0, 1, 0, 0), 2,
                 ["plaques", "alopecia"],
                 [("dorsal_neck", 2, "12.0", False, False, False),
                  ("inguinal", 1, "6.0", False, False, False)],
                 "Lesions continue to shrink slowly.", "Continue trilostane and DMSO."),
        ],
    },
    {
        "dog": "Rufus", "vet": "vet2@example.com", "status": "in_remission",
        "diagnosis": "calcinosis_cutis", "extent": "generalised",
        "cause": "exogenous_glucocorticoids", "subtype": "iatrogenic",
        "form": "dystrophic_glucocorticoid",
        "basis": "histopathology", "opened_days_ago": 300,
        "complaint": "Crusted, ulcerated plaques along the dorsal midline; on prednisolone "
        "for atopic dermatitis for over a year.",
        "cause_note": "Iatrogenic: long-term prednisolone. ACTH stimulation: suppressed "
        "response. Prednisolone tapered and stopped; itch managed otherwise.",
        "exams": [
            exam(298, "31.0", "38.9", (1, 3, 1, 3, 1, 2), 7,
                 ["plaques", "ulceration", "chalky_discharge", "crusting", "erythema",
                  "pain_on_palpation", "secondary_infection", "thin_skin", "comedones"],
                 [("dorsal_trunk", 8, "42.0", True, True, True),
                  ("axilla_left", 2, "9.0", False, False, True)],
                 "Extensive ulcerated calcinosis cutis with pyoderma; analgesia indicated.",
                 "Culture; antibiotic by culture; analgesia; start taper of prednisolone.",
                 "Sore back, won't let the family stroke him."),
            exam(240, "30.2", "38.6", (0, 2, 0, 2, 0, 1), 5,
                 ["plaques", "crusting", "erythema"],
                 [("dorsal_trunk", 7, "37.0", True, False, True),
                  ("axilla_left", 2, "8.0", False, False, False)],
                 "Infection resolved; ulcers healing.", "Continue taper; recheck 4 weeks."),
            exam(150, "29.9", "38.5", (0, 1, 0, 1, 0, 0), 3,
                 ["plaques", "alopecia"],
                 [("dorsal_trunk", 4, "22.0", False, False, False),
                  ("axilla_left", 1, "4.0", False, False, False)],
                 "Steroid stopped; slow resolution.", "Recheck 8 weeks."),
            exam(30, "29.8", "38.4", (0, 0, 0, 0, 0, 0), 1,
                 ["alopecia"],
                 [("dorsal_trunk", 1, "6.0", False, False, False)],
                 "Nearly resolved; in remission.", "Recheck in 3 months or sooner if new "
                 "lesions appear."),
        ],
    },
    {
        "dog": "Tess", "vet": "vet@example.com", "status": "confirmed",
        "diagnosis": "calcinosis_cutis", "extent": "generalised",
        "cause": "chronic_kidney_disease", "form": "metastatic",
        "basis": "histopathology", "opened_days_ago": 75,
        "complaint": "Gritty nodules on the footpads and ventral abdomen; weight loss, "
        "drinking more.",
        "cause_note": "Chronic kidney disease with raised phosphate; Ca × P above the "
        "clinic's threshold.",
        "exams": [
            exam(73, "42.0", "38.3", (0, 1, 2, 2, 1, 1), 2,
                 ["nodules", "plaques", "polyuria_polydipsia", "lethargy", "reduced_appetite"],
                 [("footpads", 3, "7.0", False, False, False),
                  ("ventral_abdomen", 4, "13.0", False, False, False)],
                 "Metastatic calcinosis suspected with kidney disease.",
                 "Biopsy ventral abdomen; bloods with calcium and phosphate; urinalysis."),
            exam(40, "41.5", "38.4", (0, 1, 2, 1, 1, 1), 2,
                 ["nodules", "plaques", "polyuria_polydipsia", "reduced_appetite"],
                 [("footpads", 3, "7.5", False, False, False),
                  ("ventral_abdomen", 4, "12.5", False, False, False)],
                 "Histopathology: calcinosis cutis. Renal diet started.",
                 "Renal diet, phosphate binder; recheck bloods in 4 weeks."),
        ],
    },
    {
        "dog": "Milo", "vet": "vet2@example.com", "status": "suspected",
        "diagnosis": "calcinosis_cutis", "extent": "localised",
        "cause": "percutaneous_calcium", "form": "iatrogenic",
        "basis": "clinical", "opened_days_ago": 20,
        "complaint": "Red, crusted plaques on the ventral abdomen and hindlimbs after walks "
        "on salted pavements in the cold snap.",
        "cause_note": "Possible contact with calcium chloride de-icer.",
        "exams": [
            exam(19, "18.3", "38.8", (0, 2, 0, 1, 0, 1), 5,
                 ["plaques", "erythema", "crusting", "pruritus"],
                 [("ventral_abdomen", 6, "9.0", False, False, True),
                  ("hindlimbs", 2, "5.0", False, False, True)],
                 "Calcinosis cutis from percutaneous calcium suspected.",
                 "Wash feet and belly after walks; cytology of the material; recheck 2 weeks."),
            exam(4, "18.4", "38.6", (0, 1, 0, 1, 0, 0), 3,
                 ["plaques", "erythema"],
                 [("ventral_abdomen", 5, "8.5", False, False, True),
                  ("hindlimbs", 1, "4.0", False, False, False)],
                 "Slightly better since avoiding salted paths.", "Biopsy if not improving."),
        ],
    },
    {
        "dog": "Nell", "vet": "vet@example.com", "status": "ruled_out",
        "diagnosis": "calcinosis_cutis",
        "cause": "other_unknown", "form": "undetermined",
        "basis": "histopathology", "opened_days_ago": 160, "closed_days_ago": 130,
        "complaint": "A firm nodule on the left flank.",
        "cause_note": "Histopathology: sebaceous adenoma, no mineralisation. Not calcinosis "
        "cutis.",
        "exams": [
            exam(158, "13.1", "38.5", (0, 0, 0, 0, 0, 0), 0,
                 ["nodules"],
                 [("lateral_trunk", 1, "8.0", False, False, False)],
                 "Solitary nodule; calcinosis cutis among the differentials.",
                 "Excisional biopsy."),
            exam(131, "13.0", "38.4", (0, 0, 0, 0, 0, 0), 0,
                 [], [],
                 "Biopsy site healed. Histopathology ruled calcinosis cutis out.",
                 "Case closed."),
        ],
    },
    {
        "dog": "Kaiser", "vet": "vet2@example.com", "status": "resolved",
        "diagnosis": "calcinosis_circumscripta", "extent": "localised",
        "cause": "calcinosis_circumscripta", "form": "circumscripta",
        "basis": "histopathology", "opened_days_ago": 120, "closed_days_ago": 40,
        "complaint": "A firm, white, slowly enlarging nodule on the left fore footpad; "
        "intermittently lame.",
        "cause_note": "Calcinosis circumscripta in a young German Shepherd; excised.",
        "exams": [
            exam(118, "27.5", "38.6", (0, 2, 1, 2, 0, 0), 0,
                 ["nodules", "pain_on_palpation"],
                 [("footpads", 1, "14.0", False, False, False)],
                 "Solitary footpad nodule: calcinosis circumscripta suspected.",
                 "Excision under general anaesthesia; submit for histopathology."),
            exam(100, "28.0", "38.7", (0, 1, 1, 1, 0, 0), 0,
                 ["pain_on_palpation"],
                 [("footpads", 1, "15.0", True, False, False)],
                 "Day of excision; nodule excised whole.", "Bandage; recheck 10 days."),
            exam(42, "30.1", "38.5", (0, 0, 0, 0, 0, 0), 0,
                 [], [],
                 "Histopathology: calcinosis circumscripta, margins clear. Pad healed, "
                 "sound on walking.", "Resolved; no further treatment."),
        ],
    },
]


def lesion_image(seed, count, diameter_mm):
    """A simple synthetic photo: skin, with whitish plaques scaled to the largest diameter."""
    rng = random.Random(seed)
    img = Image.new("RGB", (480, 360), (214, 170, 150))
    draw = ImageDraw.Draw(img)
    scale = 4  # px per mm: the frame is 120 mm wide
    for index in range(count):
        size = diameter_mm * scale * (1 if index == 0 else rng.uniform(0.35, 0.8))
        x, y = rng.uniform(60, 420), rng.uniform(60, 300)
        draw.ellipse((x - size / 2 - 8, y - size / 2 - 8, x + size / 2 + 8, y + size / 2 + 8),
                     fill=(196, 110, 100))
        draw.ellipse((x - size / 2, y - size / 2, x + size / 2, y + size / 2),
                     fill=(238, 232, 205))
    img = img.filter(ImageFilter.GaussianBlur(1.5))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=85)
    return process_image(
        SimpleUploadedFile("lesion.jpg", buffer.getvalue(), content_type="image/jpeg")
    )


def _record_exam(case, vet, data, today):
    pain = dict(zip(PAIN_FIELDS, data["pain"], strict=True))
    exam = Exam(
        case=case, vet=vet, examined_on=today - timedelta(days=data["days_ago"]),
        subjective=data["subjective"],
        objective="; ".join(ClinicalSign(code).label for code in data["signs"])
        or "Skin: nothing abnormal found.",
        assessment=data["assessment"], plan=data["plan"],
        temperature_c=Decimal(data["temp"]), pruritus_score=data["pruritus"],
        clinical_signs=data["signs"], **pain,
    )
    exam.full_clean()
    save_exam(exam, weight_kg=Decimal(data["kg"]), by=vet)
    for site, count, size, ulcer, infection, itchy in data["lesions"]:
        lesion = LesionObservation(
            exam=exam, site=site, lesion_count=count, largest_diameter_mm=Decimal(size),
            ulceration=ulcer, secondary_infection=infection, pruritus=itchy,
        )
        lesion.full_clean()
        photo = lesion_image(f"{case.dog.name}{site}{data['days_ago']}", count, float(size))
        save_lesion(lesion, photos=[photo], by=vet)
    sign_off_exam(exam, vet)
    return exam


def seed(context):
    today = timezone.localdate()
    for spec in CASES:
        dog = context[f"dog:{spec['dog']}"]
        case = dog.cases.order_by("opened_on").first()
        if case is None:
            vet = context[spec["vet"]]
            closed = spec.get("closed_days_ago")
            case = Case(
                dog=dog, attending_vet=vet, attending_site=home_site(context, spec["vet"]),
                status=spec["status"],
                opened_on=today - timedelta(days=spec["opened_days_ago"]),
                closed_on=today - timedelta(days=closed) if closed else None,
                presenting_complaint=spec["complaint"], diagnosis=spec["diagnosis"],
                extent=spec.get("extent", ""), suspected_cause=spec["cause"],
                hyperadrenocorticism_subtype=spec.get("subtype", ""),
                cause_note=spec["cause_note"], pathogenic_form=spec["form"],
                diagnosis_basis=spec["basis"],
            )
            case.full_clean()
            case._history_user = vet
            case.save()
            exams = [_record_exam(case, vet, data, today) for data in spec["exams"]]
            if spec["dog"] == "Bramble":
                add_addendum(
                    exams[1], by=vet, reason="Culture result arrived",
                    text="Staphylococcus pseudintermedius, sensitive to cefalexin.",
                )
        context[f"case:{dog.name}"] = case
