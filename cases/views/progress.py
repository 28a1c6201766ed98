"""Progress on a case: lesion size per site and pain over time, photos of one site by date."""

from collections import defaultdict

from django.shortcuts import get_object_or_404, render

from cases.models import Case, Exam, LesionObservation, LesionPhoto, glasgow
from cases.models.sites import BodySite
from clinic.accounts.access import staff_required


def lesion_size_chart(lesions):
    """Chart spec: the largest diameter per site (one dataset per site) by exam date."""
    dates = sorted({lesion.exam.examined_on for lesion in lesions})
    by_site = defaultdict(dict)
    for lesion in lesions:
        day = lesion.exam.examined_on
        size = float(lesion.largest_diameter_mm)
        by_site[lesion.site][day] = max(size, by_site[lesion.site].get(day, 0))
    labels = dict(BodySite.choices)
    return {
        "labels": [day.isoformat() for day in dates],
        "datasets": [
            {"label": labels.get(site, site), "data": [sizes.get(day) for day in dates]}
            for site, sizes in sorted(by_site.items())
        ],
        "y_label": "largest diameter (mm)",
        "y_min": 0,
    }


def pain_chart(exams):
    """Chart spec: the CMPS-SF total by exam date, with the intervention level when the
    whole series is scored out of 24 (a mixed series has no single line to draw)."""
    exams = sorted(exams, key=lambda exam: (exam.examined_on, exam.pk))
    spec = {
        "labels": [exam.examined_on.isoformat() for exam in exams],
        "datasets": [{"label": "Glasgow CMPS-SF total", "data": [e.pain_total for e in exams]}],
        "y_label": "pain score",
        "y_min": 0,
    }
    if exams and all(exam.pain_mobility_assessable for exam in exams):
        spec["threshold"] = {
            "value": glasgow.THRESHOLD_FULL,
            "label": f"Suggested intervention level ({glasgow.THRESHOLD_FULL}/24)",
        }
    return spec


@staff_required("cases.view_exam")
def case_progress(request, case_id):
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("dog"),
                             pk=case_id)
    lesions = list(
        LesionObservation.objects.visible_to(request.user)
        .filter(exam__case=case).select_related("exam").order_by("exam__examined_on", "id")
    )
    scored = list(Exam.objects.visible_to(request.user).filter(case=case).pain_scored())
    sites = sorted({lesion.site for lesion in lesions})
    site = request.GET.get("site")
    if site not in sites:
        site = sites[0] if sites else None
    photos_by_date = defaultdict(list)
    photos = (
        LesionPhoto.objects.visible_to(request.user)
        .filter(lesion__exam__case=case, lesion__site=site)
        .select_related("lesion__exam").order_by("lesion__exam__examined_on", "id")
    )
    for photo in photos:
        photos_by_date[photo.lesion.exam.examined_on].append(photo)
    labels = dict(BodySite.choices)
    return render(request, "cases/case_progress.html", {
        "case": case,
        "lesion_chart": lesion_size_chart(lesions) if lesions else None,
        "pain_chart": pain_chart(scored) if scored else None,
        "sites": [(value, labels.get(value, value)) for value in sites],
        "site": site,
        "site_label": labels.get(site, site),
        "photo_columns": sorted(photos_by_date.items()),
    })
