"""The clinic's wording for owners' care instructions, one text per topic (admin-editable).

Texts may name {what}, {area}, {how_often}, {details} and (taper) {steps}; they are filled
in per plan item and the composed text is edited by the vet before it is published. Every text
may name {dog}; the introduction also {disease}, the case's own diagnosis in owners' words.
"""

from django.db import models

from clinic.lib.cache import SharedValue
from clinic.lib.validators import DOCUMENT_TEXT, text_limit


class CareWording(models.Model):
    class Topic(models.TextChoices):
        INTRODUCTION = "introduction", "Introduction"
        UNDERLYING_CAUSE = "underlying_cause", "Treatment of the underlying cause"
        TRILOSTANE = "trilostane", "Trilostane"
        TAPER = "taper", "Steroid taper (stopping a steroid step by step)"
        TOPICAL = "topical", "Topical therapy (general)"
        TOPICAL_DMSO = "topical_dmso", "Topical DMSO gel"
        WOUND_CARE = "wound_care", "Wound care"
        ANTIBIOTIC = "antibiotic", "Antibiotics"
        ANALGESIA = "analgesia", "Pain relief"
        SURGERY = "surgery", "Surgery"
        HYGIENE = "hygiene", "Environment and hygiene"
        OTHER = "other", "Other"
        EXPECTATIONS = "expectations", "What to expect and rechecks"
        WARNING_SIGNS = "warning_signs", "When to call the clinic at once"
        WARNING_TRILOSTANE = "warning_trilostane", "Warning signs on trilostane"
        WARNING_TAPER = "warning_taper", "Warning signs during and after a steroid taper"

    topic = models.CharField(max_length=24, choices=Topic.choices, unique=True)
    text = models.TextField(**text_limit(DOCUMENT_TEXT))

    class Meta:
        ordering = ["topic"]
        verbose_name = "care instruction wording"

    def __str__(self):
        return self.get_topic_display()

    @staticmethod
    def by_topic():
        """{topic: text} of every wording, from the shared cache (the portal's dog page
        and every composed plan read it)."""
        return CARE_WORDING.get()


CARE_WORDING = SharedValue(
    "cases:care-wording", lambda: dict(CareWording.objects.values_list("topic", "text")),
    depends_on=["cases.CareWording"],
)
