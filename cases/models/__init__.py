"""The clinical record, one module per concern."""

from cases.models.case import Case, CaseQuerySet, DiagnosisBasis, PathogenicForm, SuspectedCause
from cases.models.followups import FollowUp
from cases.models.observations import (
    Appetite,
    HomeObservation,
    HomeObservationPhoto,
    LesionTrend,
    PainSign,
)
from cases.models.settings import ClinicalSettings
from cases.models.sites import BodySite

__all__ = [
    "Appetite",
    "BodySite",
    "Case",
    "CaseQuerySet",
    "ClinicalSettings",
    "DiagnosisBasis",
    "FollowUp",
    "HomeObservation",
    "HomeObservationPhoto",
    "LesionTrend",
    "PainSign",
    "PathogenicForm",
    "SuspectedCause",
]
