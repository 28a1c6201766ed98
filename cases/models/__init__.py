"""The clinical record, one module per concern."""

from cases.models.case import Case, CaseQuerySet, DiagnosisBasis, PathogenicForm, SuspectedCause

__all__ = ["Case", "CaseQuerySet", "DiagnosisBasis", "PathogenicForm", "SuspectedCause"]
