from django.db import models


class BodySite(models.TextChoices):
    """Where a lesion or biopsy is, in the clinic's words (domain.md: typical sites)."""

    DORSAL_NECK = "dorsal_neck", "Dorsal neck"
    DORSAL_TRUNK = "dorsal_trunk", "Dorsal trunk / dorsal midline"
    LEFT_AXILLA = "axilla_left", "Axilla — left"
    RIGHT_AXILLA = "axilla_right", "Axilla — right"
    INGUINAL = "inguinal", "Inguinal region"
    VENTRAL_ABDOMEN = "ventral_abdomen", "Ventral abdomen"
    VENTRAL_THORAX = "ventral_thorax", "Ventral thorax"
    LATERAL_TRUNK = "lateral_trunk", "Lateral trunk / flank"
    HEAD = "head", "Head / face"
    EARS = "ears", "Ears (pinnae)"
    TONGUE = "tongue", "Tongue / oral cavity"
    FORELIMBS = "forelimbs", "Forelimbs"
    HINDLIMBS = "hindlimbs", "Hindlimbs"
    FOOTPADS = "footpads", "Footpads"
    PRESSURE_POINTS = "pressure_points", "Pressure points (elbow, hock)"
    TAIL_PERINEUM = "tail_perineum", "Tail / perineum"
    OTHER = "other", "Other (describe)"
