"""Progress on a case: lesion size per site and pain over time, photos of one site by date."""

from collections import defaultdict

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cases.models import Case, Exam, LesionObservation, LesionPhoto, TreatmentPlan, glasgow
from cases.models.sites import BodySite
from clinic.accounts.access import staff_required
from clinic.lib import charts


def plan_change_markers(case, user):
    """Vertical chart markers where a treatment plan version was published."""
    plans = (TreatmentPlan.objects.visible_to(user)
             .filter(case=case, published_at__isnull=False).order_by("published_at"))
    return [{"x": timezone.localdate(plan.published_at).isoformat(),
             "label": f"Plan v{plan.version}"} for plan in plans]


def lesion_size_chart(lesions, markers=()):
    """The largest diameter per site (one line per site), each reading at its exam date."""
    by_site = defaultdict(dict)
    for lesion in lesions:
        day = lesion.exam.examined_on
        size = float(lesion.largest_diameter_mm)
        by_site[lesion.site][day] = max(size, by_site[lesion.site].get(day, 0))
    labels = dict(BodySite.choices)
    return charts.chart(
        [charts.line(labels.get(site, site), sorted(sizes.items()))
         for site, sizes in sorted(by_site.items())],
        y_label="largest diameter (mm)", markers=markers,
    )


def pain_chart(exams, markers=()):
    """The CMPS-SF total by exam date on the whole 0–24 scale, with the intervention level
    of each exam (6/24, or 5/20 when mobility could not be assessed)."""
    exams = sorted(exams, key=lambda exam: (exam.examined_on, exam.pk))
    return charts.chart(
        [charts.line("Glasgow CMPS-SF total", [(e.examined_on, e.pain_total) for e in exams])],
        y_label="pain score", y_max=glasgow.MAX_FULL, markers=markers,
        threshold=charts.line(
            "Suggested intervention level",
            [(e.examined_on, glasgow.intervention_threshold(e.pain_mobility_assessable))
             for e in exams],
        ),
    )


@staff_required("cases.view_clinical_record")
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
    markers = plan_change_markers(case, request.user) if lesions or scored else []
    return render(request, "cases/case_progress.html", {
        "case": case,
        "lesion_chart": lesion_size_chart(lesions, markers) if lesions else None,
        "pain_chart": pain_chart(scored, markers) if scored else None,
        "sites": [(value, labels.get(value, value)) for value in sites],
        "site": site,
        "site_label": labels.get(site, site),
        "photo_columns": sorted(photos_by_date.items()),
    })
