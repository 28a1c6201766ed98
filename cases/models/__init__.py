"""The clinical record, one module per concern."""

from cases.models.addenda import ExamAddendum
from cases.models.biopsies import Biopsy, ConsentRecord, ConsentTemplate
from cases.models.case import (
    Case,
    CaseQuerySet,
    Diagnosis,
    DiagnosisBasis,
    Extent,
    HyperadrenocorticismSubtype,
    PathogenicForm,
    SuspectedCause,
)
from cases.models.exams import Exam, ExamQuerySet, SignedExamError
from cases.models.followups import FollowUp
from cases.models.imaging import ImagingStudy, Region, StudyImage
from cases.models.labs import Analyte, LabPanel, LabValue, PanelKind
from cases.models.lesions import LesionObservation, LesionPhoto
from cases.models.observations import (
    Appetite,
    HomeObservation,
    HomeObservationPhoto,
    HomeSign,
    LesionTrend,
    ObservationReply,
    PainSign,
    Triage,
)
from cases.models.results import SharedResult, SharedResultQuerySet
from cases.models.settings import ClinicalSettings
from cases.models.signs import ClinicalSign
from cases.models.sites import BodySite

__all__ = [
    "Analyte",
    "Appetite",
    "Biopsy",
    "BodySite",
    "Case",
    "CaseQuerySet",
    "ClinicalSettings",
    "ClinicalSign",
    "ConsentRecord",
    "ConsentTemplate",
    "Diagnosis",
    "DiagnosisBasis",
    "Exam",
    "ExamAddendum",
    "ExamQuerySet",
    "Extent",
    "FollowUp",
    "HomeObservation",
    "HomeObservationPhoto",
    "HomeSign",
    "HyperadrenocorticismSubtype",
    "ImagingStudy",
    "LabPanel",
    "LabValue",
    "LesionObservation",
    "LesionPhoto",
    "LesionTrend",
    "ObservationReply",
    "PainSign",
    "PanelKind",
    "PathogenicForm",
    "Region",
    "SharedResult",
    "SharedResultQuerySet",
    "SignedExamError",
    "StudyImage",
    "SuspectedCause",
    "Triage",
]
from cases.models.dosing import DoseRange
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
    doses_per_day,
)
from cases.models.steroids import SteroidCourse, SteroidRoute

__all__ += [
    "CareWording",
    "DoseRange",
    "Drug",
    "DrugClass",
    "DrugStrength",
    "Frequency",
    "ItemKind",
    "PlanItem",
    "PlanNotEditable",
    "Procedure",
    "Route",
    "SafetyAcknowledgement",
    "SteroidCourse",
    "SteroidRoute",
    "TreatmentPlan",
    "doses_per_day",
]
