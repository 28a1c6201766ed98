"""The treatment reference data every clinic starts with: the drug list and the owners'
care wording. Loaded by migration 0004 and again, for databases emptied after migrating, by
clinic.reference_data. Existing rows are never overwritten: the clinic
edits them in the admin.

Dose ranges are widely used veterinary defaults, not a formulary. Owner wording follows
domain.md ("What owners are told").
"""

from decimal import Decimal

RANGE_NOTE = "Clinic-editable default range; set it to the clinic's own protocol."

DRUGS = [
    # name, class, mg/kg from, to, calcium, ACTH, notes, [(form, strength, split)]
    ("Trilostane", "adrenal_suppressant", "0.5", "6.7", False, True,
     "Hyperadrenocorticism (not iatrogenic Cushing's). Vetoryl label: start 2.2–6.7 mg/kg "
     "once daily with food; AAHA 2023: lower doses, about 0.5–1 mg/kg twice daily. The range "
     "is checked per dose for the frequency prescribed and per day. ACTH stimulation checks "
     "10–14, 30 and 90 days after starting or any change in the mg given, then every 3 "
     "months. Capsules are given whole. " + RANGE_NOTE,
     [("capsule", "5", 1), ("capsule", "10", 1), ("capsule", "30", 1), ("capsule", "60", 1),
      ("capsule", "120", 1)]),
    ("Prednisolone", "glucocorticoid", "0.1", "1.0", False, False,
     "Taper and stop where possible in glucocorticoid-associated calcinosis cutis; abrupt "
     "withdrawal after long use risks adrenal insufficiency. Do not combine with NSAIDs. "
     + RANGE_NOTE,
     [("tablet", "1", 2), ("tablet", "5", 2), ("tablet", "25", 2)]),
    ("Dimethyl sulfoxide (DMSO) gel", "topical", None, None, True, False,
     "Once daily to limited affected areas only. Can raise serum calcium as deposits dissolve: "
     "monitor serum calcium (commonly every 1–2 weeks at first). Owners wear gloves.",
     [("gel", None, 1)]),
    ("Chlorhexidine", "antiseptic", None, None, False, False,
     "Antiseptic wipes or shampoo for secondary infection.",
     [("solution", None, 1)]),
    ("Cefalexin", "antibiotic", "22", "30", False, False,
     "22–30 mg/kg every 12 hours (product literature). Choose antibiotics by culture and "
     "sensitivity where possible. " + RANGE_NOTE,
     [("tablet", "75", 1), ("tablet", "300", 1), ("tablet", "750", 1)]),
    ("Amoxicillin–clavulanic acid", "antibiotic", "12.5", "25", False, False,
     "Choose antibiotics by culture and sensitivity where possible. " + RANGE_NOTE,
     [("tablet", "50", 1), ("tablet", "250", 1), ("tablet", "500", 1)]),
    ("Meloxicam", "nsaid", "0.1", "0.2", False, False,
     "0.2 mg/kg once on the first day (loading dose), then 0.1 mg/kg once daily (product "
     "literature). NSAID: not with a corticosteroid, not in kidney disease. " + RANGE_NOTE,
     [("liquid", "1.5", 1)]),
    ("Gabapentin", "analgesic", "5", "20", False, False,
     "Analgesia for chronic or neuropathic pain. " + RANGE_NOTE,
     [("capsule", "100", 1), ("capsule", "300", 1)]),
]

# Drug name: (per-day range mg/kg/day, [(frequency, per-dose from, to, basis)]). A drug
# with frequency rows is outside the clinic's protocol at any other frequency.
DOSE_RANGES = {
    "Trilostane": (("1.0", "6.7"), [
        ("sid", "2.2", "6.7", "Vetoryl label starting dose, once daily"),
        ("bid", "0.5", "1.0", "AAHA 2023: about 0.5–1 mg/kg twice daily"),
    ]),
    "Meloxicam": (("0.1", "0.2"), [
        ("once", "0.2", "0.2", "Loading dose, first day only (product literature)"),
        ("sid", "0.1", "0.1", "Maintenance from the second day (product literature)"),
    ]),
    "Cefalexin": (("44", "60"), [
        ("bid", "22", "30", "Every 12 hours (product literature)"),
    ]),
}

WORDING = {
    "introduction":
        "These instructions are for {dog}'s treatment for {disease}. Please read them "
        "carefully and keep them to hand.",
    "underlying_cause":
        "{what}, {how_often}. {details} This treats the cause of the skin deposits: do not "
        "stop it or change the dose without speaking to us first.",
    "trilostane":
        "{what}, {how_often}, with food. {details} This treats the cause of the skin "
        "deposits: do not stop it or change the dose without speaking to us first. Give the "
        "capsules whole: do not open or split them. People who are pregnant or trying to "
        "become pregnant should not handle the capsules; anyone who does, washes their hands "
        "afterwards. If you miss a dose, skip it and give the next one at the usual time: "
        "never give two doses together. On the day of a trilostane blood test (ACTH "
        "stimulation test), give the morning dose with food as usual and come in 4–6 hours "
        "later; the test takes about an hour.",
    "taper":
        "{what}: this steroid is being reduced step by step and then stopped, because steroid "
        "treatment is the likely cause of the skin deposits. Stopping it suddenly can make "
        "{dog} seriously ill, so follow the steps exactly and do not stop early:\n{steps}\n"
        "{details} When the last step is finished, we will test how {dog}'s own adrenal "
        "glands are working (an ACTH stimulation test).",
    "topical":
        "{what}: apply to the {area}, {how_often}. {details}",
    "topical_dmso":
        "{what}: apply {how_often} to the {area} only — not to other areas. Wear disposable "
        "gloves when you apply it, because the gel carries substances through the skin, "
        "including yours. Apply it only to clean, dry skin. Your dog's breath may smell of "
        "garlic while on this gel: this is expected. The gel can raise the calcium level in "
        "the blood, so we will check a blood sample regularly while it is used. {details}",
    "wound_care":
        "Wound care — {what}, {how_often}. Clean the sores gently as we showed you and pat "
        "them dry. Keep the sores clean and dry. If there is a dressing, keep it clean and "
        "dry and come in for dressing changes as booked. Stop {dog} licking or scratching the "
        "sores: use the cone (buster collar) or body suit. {details}",
    "antibiotic":
        "{what}, {how_often}: this treats infection in the skin. Give every dose and finish "
        "the course, even if the skin looks better. {details}",
    "analgesia":
        "{what}, {how_often}: this is for pain. {details}",
    "surgery":
        "{what}: we will give you separate instructions for before and after the "
        "operation. {details}",
    "hygiene":
        "{what}, {how_often}. {details} Keeping bedding and the sores clean helps prevent "
        "infection.",
    "other":
        "{what}, {how_often}. {details}",
    "expectations":
        "What to expect: improvement is slow and usually takes months. The sores may look "
        "worse before they look better once treatment starts — this is expected. Please "
        "keep every recheck and blood test appointment: they show whether the treatment is "
        "working and safe.",
    "warning_signs":
        "- a sore bleeds, smells, or discharges pus\n"
        "- new sores appear or spread quickly\n"
        "- {dog} is lethargic (dull, unusually tired), stops eating, has a fever, vomits or "
        "has diarrhoea\n"
        "- {dog} shows pain: restless, guarding a sore, crying, won't lie down, or licks a "
        "sore constantly\n"
        "- {dog}'s drinking or urination changes markedly",
    "warning_trilostane":
        "On trilostane, stop giving it and call us straight away if {dog}:\n"
        "- is weak, wobbly or collapses\n"
        "- is lethargic (dull, unusually tired)\n"
        "- eats less than usual or stops eating\n"
        "- vomits or has diarrhoea\n"
        "These can mean the dose is too high.",
    "warning_taper":
        "While the steroid is being reduced and for some weeks after it stops, call us "
        "straight away if {dog} is weak, vomits, collapses, stops eating or is unusually dull: "
        "these can mean the body is not yet making enough of its own steroid (adrenal "
        "insufficiency).",
}


def load_treatment_reference_data(Drug, DrugStrength, CareWording, DoseRange=None):
    """Create the default drugs, strengths and wording that are missing, and the dose
    ranges when `DoseRange` is given (migrations before it existed leave it out). Takes the
    model classes so a migration can pass its historical models."""
    for name, cls, low, high, calcium, acth, notes, strengths in DRUGS:
        drug, _ = Drug.objects.get_or_create(name=name, defaults={
            "drug_class": cls,
            "dose_min_mg_per_kg": Decimal(low) if low else None,
            "dose_max_mg_per_kg": Decimal(high) if high else None,
            "needs_calcium_monitoring": calcium, "needs_acth_monitoring": acth, "notes": notes,
        })
        for form, strength, split in strengths:
            DrugStrength.objects.get_or_create(
                drug=drug, form=form, strength_mg=Decimal(strength) if strength else None,
                defaults={"split": split},
            )
    for topic, text in WORDING.items():
        CareWording.objects.get_or_create(topic=topic, defaults={"text": text})
    if DoseRange is not None:
        load_dose_ranges(Drug, DoseRange)


def load_dose_ranges(Drug, DoseRange):
    """Per-day ranges where the drug has none yet, and the missing per-frequency rows."""
    for name, ((day_low, day_high), rows) in DOSE_RANGES.items():
        drug = Drug.objects.filter(name=name).first()
        if drug is None:
            continue
        if drug.daily_min_mg_per_kg is None and drug.daily_max_mg_per_kg is None:
            drug.daily_min_mg_per_kg, drug.daily_max_mg_per_kg = Decimal(day_low), Decimal(day_high)
            drug.save(update_fields=["daily_min_mg_per_kg", "daily_max_mg_per_kg"])
        for frequency, low, high, note in rows:
            DoseRange.objects.get_or_create(drug=drug, frequency=frequency, defaults={
                "min_mg_per_kg": Decimal(low), "max_mg_per_kg": Decimal(high), "note": note,
            })
