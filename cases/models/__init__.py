"""The clinical record, one module per concern."""

from cases.models.addenda import ExamAddendum
from cases.models.case import Case, CaseQuerySet, DiagnosisBasis, PathogenicForm, SuspectedCause
from cases.models.exams import Exam, ExamQuerySet, SignedExamError
from cases.models.followups import FollowUp
from cases.models.lesions import LesionObservation, LesionPhoto
from cases.models.settings import ClinicalSettings
from cases.models.signs import ClinicalSign
from cases.models.sites import BodySite

__all__ = [
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
    "LesionObservation",
    "LesionPhoto",
    "PathogenicForm",
    "SignedExamError",
    "SuspectedCause",
]
