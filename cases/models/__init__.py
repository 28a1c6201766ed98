"""The clinical record, one module per concern."""

from cases.models.biopsies import Biopsy, ConsentRecord, ConsentTemplate
from cases.models.case import Case, CaseQuerySet, DiagnosisBasis, PathogenicForm, SuspectedCause
from cases.models.followups import FollowUp
from cases.models.imaging import ImagingStudy, Region, StudyImage
from cases.models.labs import Analyte, LabPanel, LabValue, PanelKind
from cases.models.settings import ClinicalSettings
from cases.models.sites import BodySite

__all__ = [
    "Analyte",
    "Biopsy",
    "BodySite",
    "Case",
    "CaseQuerySet",
    "ClinicalSettings",
    "ConsentRecord",
    "ConsentTemplate",
    "DiagnosisBasis",
    "FollowUp",
    "ImagingStudy",
    "LabPanel",
    "LabValue",
    "PanelKind",
    "PathogenicForm",
    "Region",
    "StudyImage",
    "SuspectedCause",
]
