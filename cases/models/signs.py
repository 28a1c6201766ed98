from django.db import models


class ClinicalSign(models.TextChoices):
    """The exam checklist, stored as codes (domain.md: checklist for exams)."""

    PAPULES = "papules", "Papules"
    PLAQUES = "plaques", "Plaques"
    NODULES = "nodules", "Nodules"
    ULCERATION = "ulceration", "Ulceration"
    CHALKY_DISCHARGE = "chalky_discharge", "Chalky discharge"
    ERYTHEMA = "erythema", "Erythema"
    CRUSTING = "crusting", "Crusting"
    ALOPECIA = "alopecia", "Alopecia"
    PRURITUS = "pruritus", "Pruritus"
    PAIN_ON_PALPATION = "pain_on_palpation", "Pain on palpation"
    SECONDARY_INFECTION = "secondary_infection", "Secondary infection (pus, odour)"
    POLYURIA_POLYDIPSIA = "polyuria_polydipsia", "Polyuria / polydipsia"
    POLYPHAGIA = "polyphagia", "Polyphagia"
    POT_BELLY = "pot_belly", "Pot belly"
    PANTING = "panting", "Panting"
    THIN_SKIN = "thin_skin", "Thin skin"
    COMEDONES = "comedones", "Comedones"
    LETHARGY = "lethargy", "Lethargy"
    REDUCED_APPETITE = "reduced_appetite", "Reduced appetite"
