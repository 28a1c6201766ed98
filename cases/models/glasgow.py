"""Glasgow Composite Measure Pain Scale, short form (Reid et al., 2007).

The observer picks one descriptor per item; the score is the descriptor's number. The total
is 0–24, or 0–20 when mobility cannot be assessed. Every page showing the scale displays the
attribution exactly as the published form reads, and the caveat that it was developed for acute
pain (domain.md).
"""

from django.db import models

ATTRIBUTION = (
    "Glasgow Composite Measure Pain Scale, short form (CMPS-SF): © University of Glasgow "
    "2008, licensed to NewMetrica, for personal and educational use. Reid J et al., Animal "
    "Welfare 2007;16(S):97–104. The scale was developed for acute (e.g. post-operative) pain; "
    "chronic skin pain is scored with that caveat."
)
# Suggested analgesic intervention level (domain.md).
THRESHOLD_FULL = 6  # of 24
THRESHOLD_NO_MOBILITY = 5  # of 20
MAX_FULL = 24
MAX_NO_MOBILITY = 20


class Vocalisation(models.IntegerChoices):
    QUIET = 0, "Quiet"
    CRYING = 1, "Crying or whimpering"
    GROANING = 2, "Groaning"
    SCREAMING = 3, "Screaming"


class AttentionToWound(models.IntegerChoices):
    IGNORING = 0, "Ignoring any wound or painful area"
    LOOKING = 1, "Looking at wound or painful area"
    LICKING = 2, "Licking wound or painful area"
    RUBBING = 3, "Rubbing wound or painful area"
    CHEWING = 4, "Chewing wound or painful area"


class Mobility(models.IntegerChoices):
    NORMAL = 0, "Normal"
    LAME = 1, "Lame"
    SLOW = 2, "Slow or reluctant"
    STIFF = 3, "Stiff"
    REFUSES = 4, "It refuses to move"


class ResponseToTouch(models.IntegerChoices):
    NOTHING = 0, "Do nothing"
    LOOK_ROUND = 1, "Look round"
    FLINCH = 2, "Flinch"
    GROWL = 3, "Growl or guard area"
    SNAP = 4, "Snap"
    CRY = 5, "Cry"


class Demeanour(models.IntegerChoices):
    HAPPY = 0, "Happy and content or happy and bouncy"
    QUIET = 1, "Quiet"
    INDIFFERENT = 2, "Indifferent or non-responsive to surroundings"
    NERVOUS = 3, "Nervous or anxious or fearful"
    DEPRESSED = 4, "Depressed or non-responsive to stimulation"


class Posture(models.IntegerChoices):
    COMFORTABLE = 0, "Comfortable"
    UNSETTLED = 1, "Unsettled"
    RESTLESS = 2, "Restless"
    HUNCHED = 3, "Hunched or tense"
    RIGID = 4, "Rigid"


# (field name on Exam, label, choices) in the order the scale asks them.
ITEMS = [
    ("pain_vocalisation", "Vocalisation", Vocalisation),
    ("pain_attention_to_wound", "Attention to wound or painful area", AttentionToWound),
    ("pain_mobility", "Mobility", Mobility),
    ("pain_response_to_touch", "Response to touch", ResponseToTouch),
    ("pain_demeanour", "Demeanour", Demeanour),
    ("pain_posture", "Posture / activity", Posture),
]


def pain_max(mobility_assessable):
    return MAX_FULL if mobility_assessable else MAX_NO_MOBILITY


def intervention_threshold(mobility_assessable):
    return THRESHOLD_FULL if mobility_assessable else THRESHOLD_NO_MOBILITY
