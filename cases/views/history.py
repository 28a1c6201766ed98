"""Who changed what and when, across every clinical record of one case."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format

from cases.models import Case, Exam, ExamAddendum, LesionObservation, LesionPhoto
from clinic.accounts.access import staff_required

CHANGES_PER_PAGE = 50
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _changes(history_rows, label):
    """One entry per historical row, with the fields that differ from the previous row."""
    rows = sorted(history_rows, key=lambda row: (row.id, row.history_date, row.history_id))
    previous = {}
    entries = []
    for row in rows:
        fields = [f for f in row.instance_type._meta.fields if not f.primary_key]
        before = previous.get(row.id)
        changed = [] if before is None else [
            f.verbose_name for f in fields
            if getattr(before, f.attname) != getattr(row, f.attname)
        ]
        previous[row.id] = row
        entries.append({
            "when": row.history_date, "who": row.history_user, "record": label(row),
            "action": ACTIONS.get(row.history_type, row.history_type),
            "changed": changed, "reason": row.history_change_reason,
        })
    return entries


def _oldest_first(rows):
    return sorted(rows, key=lambda row: (row.history_date, row.history_id))


def case_changes(case):
    """Every historical row of the case, its exams, lesions, photos and addenda, newest first."""
    exam_rows = list(Exam.history.filter(case_id=case.pk).select_related("history_user"))
    # Oldest first, so a record's latest values name it.
    exam_dates = {row.id: date_format(row.examined_on) for row in _oldest_first(exam_rows)}
    lesion_rows = list(
        LesionObservation.history.filter(exam_id__in=exam_dates).select_related("history_user")
    )
    lesion_names = {
        row.id: f"{row.get_site_display()}, exam of {exam_dates[row.exam_id]}"
        for row in _oldest_first(lesion_rows)
    }
    sources = [
        (Case.history.filter(id=case.pk).select_related("history_user"), lambda row: "Case"),
        (exam_rows, lambda row: f"Exam of {exam_dates[row.id]}"),
        (lesion_rows, lambda row: f"Lesions at {lesion_names[row.id]}"),
        (LesionPhoto.history.filter(lesion_id__in=lesion_names).select_related("history_user"),
         lambda row: f"Photo of {lesion_names[row.lesion_id]}"),
        (ExamAddendum.history.filter(exam_id__in=exam_dates).select_related("history_user"),
         lambda row: f"Addendum to the exam of {exam_dates[row.exam_id]}"),
    ]
    entries = []
    for rows, label in sources:
        entries.extend(_changes(rows, label))
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)


@staff_required("cases.view_exam")
def case_history(request, case_id):
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("dog"),
                             pk=case_id)
    page = Paginator(case_changes(case), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/case_history.html", {"case": case, "page": page})
