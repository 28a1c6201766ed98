"""Who changed what and when, across every clinical record of one case."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

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


def case_changes(case):
    """Every historical row of the case, its exams, lesions, photos and addenda, newest first."""
    exam_ids = list(Exam.history.filter(case_id=case.pk).values_list("id", flat=True).distinct())
    lesion_ids = list(
        LesionObservation.history.filter(exam_id__in=exam_ids)
        .values_list("id", flat=True).distinct()
    )
    sources = [
        (Case.history.filter(id=case.pk), lambda row: "Case"),
        (Exam.history.filter(id__in=exam_ids),
         lambda row: f"Exam of {row.examined_on:%d/%m/%Y}"),
        (LesionObservation.history.filter(id__in=lesion_ids),
         lambda row: f"Lesions: {row.get_site_display()} (exam #{row.exam_id})"),
        (LesionPhoto.history.filter(lesion_id__in=lesion_ids),
         lambda row: f"Lesion photo (lesions #{row.lesion_id})"),
        (ExamAddendum.history.filter(exam_id__in=exam_ids),
         lambda row: f"Addendum to exam #{row.exam_id}"),
    ]
    entries = []
    for queryset, label in sources:
        entries.extend(_changes(queryset.select_related("history_user"), label))
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)


@staff_required("cases.view_exam")
def case_history(request, case_id):
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("dog"),
                             pk=case_id)
    page = Paginator(case_changes(case), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/case_history.html", {"case": case, "page": page})
