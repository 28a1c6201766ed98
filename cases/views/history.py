"""Who changed what and when, across every clinical record of one case.

The page lists the historical rows of every audited model of the case (the case, exams,
lesions and photos, addenda, biopsies and consents, X-ray studies and their images, lab
panels and values, treatment plans with their items and accepted safety prompts, follow-ups,
the steroid history, owners' home reports and their photos). The database sorts and
pages one UNION of those history tables; only the page's rows (and the rows just before
them, to say which fields changed) are then loaded: a fixed number of queries, whatever the
length of the history.
"""

from django.core.paginator import Paginator
from django.db.models import CharField, Q, Value
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.text import capfirst

from cases.models import (
    Biopsy,
    Case,
    ConsentRecord,
    Exam,
    ExamAddendum,
    FollowUp,
    HomeObservation,
    HomeObservationPhoto,
    ImagingStudy,
    LabPanel,
    LabValue,
    LesionObservation,
    LesionPhoto,
    PlanItem,
    SafetyAcknowledgement,
    SteroidCourse,
    StudyImage,
    TreatmentPlan,
)
from clinic.accounts.access import staff_required

CHANGES_PER_PAGE = 50
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _ids(model, **filters):
    """Ids of every record of `model` (deleted ones too) matching `filters`, as a subquery."""
    return model.history.filter(**filters).values("id")


def _sources(case):
    """(model, rows of its history table that belong to the case) for every clinical model."""
    exams = _ids(Exam, case_id=case.pk)
    lesions = _ids(LesionObservation, exam_id__in=exams)
    biopsies = _ids(Biopsy, case_id=case.pk)
    panels = _ids(LabPanel, case_id=case.pk)
    plans = _ids(TreatmentPlan, case_id=case.pk)
    studies = _ids(ImagingStudy, case_id=case.pk)
    reports = _ids(HomeObservation, case_id=case.pk)
    return [
        (Case, Q(id=case.pk)),
        (Exam, Q(case_id=case.pk)),
        (LesionObservation, Q(exam_id__in=exams)),
        (LesionPhoto, Q(lesion_id__in=lesions)),
        (ExamAddendum, Q(exam_id__in=exams)),
        (Biopsy, Q(case_id=case.pk)),
        (ConsentRecord, Q(biopsy_id__in=biopsies)),
        (ImagingStudy, Q(case_id=case.pk)),
        (StudyImage, Q(study_id__in=studies)),
        (LabPanel, Q(case_id=case.pk)),
        (LabValue, Q(panel_id__in=panels)),
        (TreatmentPlan, Q(case_id=case.pk)),
        (PlanItem, Q(plan_id__in=plans)),
        (SafetyAcknowledgement, Q(plan_id__in=plans)),
        (FollowUp, Q(case_id=case.pk)),
        (SteroidCourse, Q(case_id=case.pk)),
        (HomeObservation, Q(case_id=case.pk)),
        (HomeObservationPhoto, Q(observation_id__in=reports)),
    ]


def history_index(case):
    """One queryset over every history row of the case, newest first (sorted by the database)."""
    parts = [
        model.history.filter(where)
        .annotate(record_model=Value(model._meta.label_lower, output_field=CharField()))
        .values("history_date", "history_id", "record_model").order_by()
        for model, where in _sources(case)
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def _names(case):
    """How the history names exams and lesions: by the exam's date and the lesion's site."""
    exam_rows = Exam.history.filter(case_id=case.pk).order_by("history_date", "history_id")
    exam_days = {row["id"]: date_format(row["examined_on"])
                 for row in exam_rows.values("id", "examined_on")}
    lesion_rows = (LesionObservation.history.filter(exam_id__in=list(exam_days))
                   .order_by("history_date", "history_id"))
    lesion_names = {}
    for row in lesion_rows:  # oldest first, so a record's latest values name it
        lesion_names[row.id] = (
            f"{row.get_site_display()}, exam of {exam_days.get(row.exam_id, '?')}"
        )
    return exam_days, lesion_names


def _label(row, exam_days, lesion_names):
    model = row.instance_type
    if model is Case:
        return "Case"
    if model is Exam:
        return f"Exam of {exam_days.get(row.id, '?')}"
    if model is LesionObservation:
        return f"Lesions at {lesion_names.get(row.id, '?')}"
    if model is LesionPhoto:
        return f"Photo of {lesion_names.get(row.lesion_id, '?')}"
    if model is ExamAddendum:
        return f"Addendum to the exam of {exam_days.get(row.exam_id, '?')}"
    return f"{capfirst(model._meta.verbose_name)} #{row.id}"


def _page_entries(case, index_rows):
    """The page's entries: for each model on the page, one query loads its rows there and
    the rows of the same records before them (to say which fields changed)."""
    by_model = {}
    for entry in index_rows:
        by_model.setdefault(entry["record_model"], set()).add(entry["history_id"])
    models = {model._meta.label_lower: model for model, _ in _sources(case)}
    rows = {}
    for source, history_ids in by_model.items():
        history = models[source].history
        record_ids = history.filter(history_id__in=history_ids).values("id")
        newest = max(entry["history_date"] for entry in index_rows
                     if entry["record_model"] == source)
        loaded = (history.filter(id__in=record_ids, history_date__lte=newest)
                  .select_related("history_user").order_by("history_date", "history_id"))
        previous = {}
        for row in loaded:
            if row.history_id in history_ids:
                rows[(source, row.history_id)] = (row, previous.get(row.id))
            previous[row.id] = row
    exam_days, lesion_names = _names(case)
    entries = []
    for entry in index_rows:
        row, before = rows[(entry["record_model"], entry["history_id"])]
        # The lock against lost updates changes with every save: it is no clinical change.
        fields = [f for f in row.instance_type._meta.fields
                  if not f.primary_key and f.name != "lock_version"]
        changed = [] if before is None else [
            f.verbose_name for f in fields
            if getattr(before, f.attname) != getattr(row, f.attname)
        ]
        entries.append({
            "when": row.history_date, "who": row.history_user,
            "record": _label(row, exam_days, lesion_names),
            "action": ACTIONS.get(row.history_type, row.history_type),
            "changed": changed, "reason": row.history_change_reason,
        })
    return entries


@staff_required("cases.view_clinical_record")
def case_history(request, case_id):
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("dog"),
                             pk=case_id)
    page = Paginator(history_index(case), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _page_entries(case, list(page.object_list))
    return render(request, "cases/case_history.html", {"case": case, "page": page})
