"""Biopsies, X-ray studies and lab panels on the case timeline (called from CasesConfig.ready)."""

from cases.timeline import TimelineEntry, register_timeline_source

TEMPLATES = "cases/diagnostics/timeline/"


def _biopsy_entries(case, user):
    from cases.models import Biopsy

    if not user.has_perm("cases.view_biopsy"):
        return []
    return [
        TimelineEntry(
            kind="biopsy",
            when=b.cancelled_on or b.report_received_on or b.sent_on or b.collected_on
            or b.planned_on,
            title=str(b).capitalize(), template=TEMPLATES + "biopsy.html", obj=b,
        )
        for b in Biopsy.objects.visible_to(user).filter(case=case)
    ]


def _imaging_entries(case, user):
    from cases.models import ImagingStudy

    if not user.has_perm("cases.view_imagingstudy"):
        return []
    return [
        TimelineEntry(kind="imaging", when=s.study_date, title=str(s),
                      template=TEMPLATES + "imaging.html", obj=s)
        for s in ImagingStudy.objects.visible_to(user).filter(case=case)
    ]


def _lab_entries(case, user):
    from cases.models import ClinicalSettings, LabPanel

    if not user.has_perm("cases.view_labpanel"):
        return []
    panels = LabPanel.objects.visible_to(user).filter(case=case).prefetch_related(
        "values__analyte"
    )
    rules = ClinicalSettings.load()
    return [
        TimelineEntry(
            kind="lab", when=p.collected_on, title=str(p), template=TEMPLATES + "lab_panel.html",
            obj=p, extra={"flagged": [
                text for v in p.values.all() if (text := v.attention(rules, panel=p))
            ]},
        )
        for p in panels
    ]


def register():
    register_timeline_source("biopsy", "Biopsies", _biopsy_entries)
    register_timeline_source("imaging", "X-rays", _imaging_entries)
    register_timeline_source("lab", "Lab results", _lab_entries)
