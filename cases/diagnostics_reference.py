"""The diagnostics reference lists the clinic starts with (and edits in the admin): analytes
with default units and intervals (including the hypercalcaemia and kidney work-up: ionised
calcium, PTH, PTHrP, 25-hydroxyvitamin D, SDMA; and sodium and potassium for trilostane
monitoring), and the biopsy consent text (domain.md: sedation or
anaesthesia, bleeding, infection, wound healing). Used by the migration and the demo."""

# Starting values the clinic edits in the admin. Intervals are typical published adult
# canine ranges; every laboratory prints its own, and the one on the report is entered.
ANALYTES = [
    # code, name, panel kind, unit, low, high
    ("calcium", "Total calcium", "serum_chemistry", "mmol/L", "2.20", "2.90"),
    ("ionised_calcium", "Ionised calcium", "serum_chemistry", "mmol/L", "1.18", "1.40"),
    ("phosphate", "Phosphate", "serum_chemistry", "mmol/L", "0.80", "2.00"),
    ("alp", "Alkaline phosphatase (ALP)", "serum_chemistry", "U/L", "20", "150"),
    ("alt", "Alanine aminotransferase (ALT)", "serum_chemistry", "U/L", "10", "100"),
    ("cholesterol", "Cholesterol", "serum_chemistry", "mmol/L", "3.2", "8.0"),
    ("urea", "Urea", "serum_chemistry", "mmol/L", "2.5", "9.6"),
    ("creatinine", "Creatinine", "serum_chemistry", "µmol/L", "44", "133"),
    ("sdma", "Symmetric dimethylarginine (SDMA)", "serum_chemistry", "µg/dL", "0", "14"),
    ("sodium", "Sodium", "serum_chemistry", "mmol/L", "140", "155"),
    ("potassium", "Potassium", "serum_chemistry", "mmol/L", "3.6", "5.5"),
    ("total_protein", "Total protein", "serum_chemistry", "g/L", "52", "82"),
    ("albumin", "Albumin", "serum_chemistry", "g/L", "23", "40"),
    ("glucose", "Glucose", "serum_chemistry", "mmol/L", "3.9", "7.0"),
    ("hct", "Haematocrit", "haematology", "L/L", "0.37", "0.55"),
    ("wbc", "White cell count", "haematology", "×10⁹/L", "6.0", "17.0"),
    ("neutrophils", "Neutrophils", "haematology", "×10⁹/L", "3.0", "11.5"),
    ("lymphocytes", "Lymphocytes", "haematology", "×10⁹/L", "1.0", "4.8"),
    ("platelets", "Platelets", "haematology", "×10⁹/L", "200", "500"),
    ("usg", "Urine specific gravity", "urinalysis", "", "1.015", "1.045"),
    ("upc", "Urine protein:creatinine ratio", "urinalysis", "", "0", "0.5"),
    ("cortisol_basal", "Cortisol (basal)", "acth_stimulation", "nmol/L", "20", "250"),
    ("cortisol_post_acth", "Cortisol 1 h after ACTH", "acth_stimulation", "nmol/L", "200", "550"),
    ("cortisol_lddst_0h", "Cortisol before dexamethasone", "lddst", "nmol/L", "20", "250"),
    ("cortisol_lddst_4h", "Cortisol 4 h after dexamethasone", "lddst", "nmol/L", None, "40"),
    ("cortisol_lddst_8h", "Cortisol 8 h after dexamethasone", "lddst", "nmol/L", None, "40"),
    ("uccr", "Urine cortisol:creatinine ratio", "uccr", "×10⁻⁶", None, "13.5"),
    ("pth", "Parathyroid hormone (PTH)", "calcium_workup", "pmol/L", "0.5", "5.8"),
    ("pthrp", "PTH-related protein (PTHrP)", "calcium_workup", "pmol/L", None, "1.0"),
    ("vitamin_d_25oh", "25-hydroxyvitamin D", "calcium_workup", "nmol/L", "60", "215"),
]
# Filled in on every trilostane monitoring ACTH panel: cortisol, and sodium and potassium
# for the Na:K ratio (Vetoryl label).
ACTH_MONITORING = {"cortisol_basal", "cortisol_post_acth", "sodium", "potassium"}

CONSENT_PROCEDURE = (
    "A skin biopsy: one or more small samples of affected skin are taken (a punch biopsy, or "
    "an incisional or excisional biopsy of a lesion) and sent to a laboratory, where a "
    "pathologist examines them under the microscope to confirm or rule out calcinosis cutis. "
    "Your dog will be sedated or given a general anaesthetic, and local anaesthetic where "
    "suitable. The sites are usually closed with one or two stitches."
)
CONSENT_RISKS = (
    "Sedation or general anaesthesia carries a small risk, which we assess for your dog "
    "before the procedure. The biopsy site may bleed a little. It may become infected. "
    "Wounds in skin affected by calcinosis cutis, or in dogs with Cushing's syndrome or on "
    "steroids, can heal slowly, and a stitch may need to stay in longer or be replaced. "
    "Rarely, the sample does not give a clear answer and a further biopsy is advised."
)


def ensure_reference_lists(analyte_model, template_model):
    """Create whatever is missing; never overwrite what the clinic has edited."""
    # Early migrations call this with the Analyte model as it was before the flag existed.
    has_monitoring_flag = any(
        field.name == "in_acth_monitoring" for field in analyte_model._meta.get_fields()
    )
    for position, (code, name, kind, unit, low, high) in enumerate(ANALYTES):
        defaults = {
            "name": name, "panel_kind": kind, "default_unit": unit,
            "reference_low": low, "reference_high": high, "position": position,
        }
        if has_monitoring_flag:
            defaults["in_acth_monitoring"] = code in ACTH_MONITORING
        analyte_model.objects.get_or_create(code=code, defaults=defaults)
    template_model.objects.get_or_create(name="Skin biopsy", defaults={
        "procedure_text": CONSENT_PROCEDURE, "risks_text": CONSENT_RISKS, "is_default": True,
    })
