"""The clinical record, one module per concern."""

from cases.models.addenda import ExamAddendum
from cases.models.case import Case, CaseQuerySet, DiagnosisBasis, PathogenicForm, SuspectedCause
from cases.models.exams import Exam, ExamQuerySet, SignedExamError
from cases.models.followups import FollowUp
from cases.models.lesions import LesionObservation, LesionPhoto
from cases.models.observations import (
    Appetite,
    HomeObservation,
    HomeObservationPhoto,
    LesionTrend,
    PainSign,
)
from cases.models.settings import ClinicalSettings
from cases.models.signs import ClinicalSign
from cases.models.sites import BodySite

__all__ = [
    "Appetite",
    "BodySite",
    "Case",
    "CaseQuerySet",
    "ClinicalSettings",
    "ClinicalSign",
    "DiagnosisBasis",
    "Exam",
    "ExamAddendum",
    "ExamQuerySet",
    "FollowUp",
    "HomeObservation",
    "HomeObservationPhoto",
    "LesionObservation",
    "LesionPhoto",
    "LesionTrend",
    "PainSign",
    "PathogenicForm",
    "SignedExamError",
    "SuspectedCause",
]
from cases.models.drugs import Drug, DrugClass, DrugStrength
from cases.models.instructions import CareWording
from cases.models.plans import (
    Frequency,
    ItemKind,
    PlanItem,
    PlanNotEditable,
    Procedure,
    Route,
    SafetyAcknowledgement,
    TreatmentPlan,
)

__all__ += [
    "CareWording", "Drug", "DrugClass", "DrugStrength", "Frequency", "ItemKind", "PlanItem",
    "PlanNotEditable",
    "Procedure", "Route", "SafetyAcknowledgement", "TreatmentPlan",
]
