"""Everything `cases` adds to pages built by registries: its sources on the case timeline
and its sections of the dog page, each rendered by a template in
cases/templates/cases/contributions/. `register()` is called once, from CasesConfig.ready().

Each function runs a fixed number of queries, whatever the length of the record.
"""

from django.db.models import Prefetch

from cases.models import (
    Biopsy,
    Case,
    ClinicalSettings,
    Exam,
    HomeObservation,
    ImagingStudy,
    LabPanel,
    LabValue,
    TreatmentPlan,
)
from cases.timeline import TimelineEntry, register_timeline_source
from clinic.patients.sections import register_dog_section

TEMPLATES = "cases/contributions/"


def exam_entries(case, user):
    return [
        TimelineEntry(
            kind="exam", when=exam.examined_on,
            title=f"Exam by {exam.vet.get_full_name()}", template=TEMPLATES + "timeline_exam.html",
            obj=exam,
        )
        for exam in Exam.objects.visible_to(user).filter(case=case).with_details()
    ]


def biopsy_entries(case, user):
    if not user.has_perm("cases.view_biopsy"):
        return []
    return [
        TimelineEntry(
            kind="biopsy",
            when=b.cancelled_on or b.report_received_on or b.sent_on or b.collected_on
            or b.planned_on,
            title=str(b).capitalize(), template=TEMPLATES + "timeline_biopsy.html", obj=b,
        )
        for b in Biopsy.objects.visible_to(user).filter(case=case).select_related("case")
    ]


def imaging_entries(case, user):
    if not user.has_perm("cases.view_imagingstudy"):
        return []
    return [
        TimelineEntry(kind="imaging", when=s.study_date, title=str(s),
                      template=TEMPLATES + "timeline_imaging.html", obj=s)
        for s in ImagingStudy.objects.visible_to(user).filter(case=case)
    ]


def lab_entries(case, user):
    if not user.has_perm("cases.view_labpanel"):
        return []
    # the analyte joined to its values: one query for both
    panels = LabPanel.objects.visible_to(user).filter(case=case).prefetch_related(
        Prefetch("values", queryset=LabValue.objects.select_related("analyte"))
    )
    rules = ClinicalSettings.load()
    return [
        TimelineEntry(
            kind="lab", when=p.collected_on, title=str(p),
            template=TEMPLATES + "timeline_lab_panel.html",
            obj=p, extra={"flagged": [
                text for v in p.values.all() if (text := v.attention(rules, panel=p))
            ]},
        )
        for p in panels
    ]


def plan_timeline_entries(case, user):
    """Each published version of the plan (drafts stay off the timeline)."""
    plans = (TreatmentPlan.objects.visible_to(user).filter(case=case)
             .exclude(status=TreatmentPlan.Status.DRAFT).select_related("published_by"))
    return [
        TimelineEntry(kind="treatment_plan", when=plan.published_at,
                      title=f"Treatment plan v{plan.version} published",
                      template=TEMPLATES + "timeline_treatment_plan.html", obj=plan)
        for plan in plans
    ]


def observation_timeline_entries(case, user):
    """The owner's home reports on this case."""
    observations = (
        HomeObservation.objects.visible_to(user)
        .filter(case=case)
        .select_related("acknowledged_by")
        .prefetch_related("photos")
    )
    return [
        TimelineEntry(
            kind="home_observation",
            when=observation.created_at,
            title=f"Owner's report: lesions {observation.get_lesion_trend_display().lower()}",
            template=TEMPLATES + "timeline_home_observation.html",
            obj=observation,
        )
        for observation in observations
    ]


def dog_cases_section(dog, user):
    """The dog's cases with their status; the clinical links only for those who may read them."""
    if not user.has_perm("cases.view_case"):
        return None
    cases = list(Case.objects.visible_to(user).filter(dog=dog).select_related("attending_vet"))
    return {
        "cases": cases,
        "dog": dog,
        "can_open": user.has_perm("cases.add_case") and not any(c.is_open for c in cases),
        "clinical": user.has_perm("cases.view_clinical_record"),
    }


def dog_plan_section(dog, user):
    """The open case's current plan and draft, for those who read plans."""
    if not user.has_perm("cases.view_treatmentplan"):
        return None
    case = Case.objects.visible_to(user).open().filter(dog=dog).first()
    if case is None:
        return None
    plans = {plan.status: plan for plan in case.treatment_plans.exclude(
        status=TreatmentPlan.Status.SUPERSEDED).select_related("published_by")}
    return {
        "case": case,
        "current": plans.get(TreatmentPlan.Status.PUBLISHED),
        "draft": plans.get(TreatmentPlan.Status.DRAFT),
    }


def register():
    register_timeline_source("exam", "Exams", exam_entries)
    register_dog_section("cases", "Calcinosis cutis cases", TEMPLATES + "dog_cases.html",
                         dog_cases_section, order=20)
    register_timeline_source("home_observation", "Owner reports", observation_timeline_entries)
    register_timeline_source("treatment_plan", "Treatment plans", plan_timeline_entries)
    register_dog_section("treatment_plan", "Treatment plan", TEMPLATES + "dog_treatment_plan.html",
                         dog_plan_section, order=30)
    register_timeline_source("biopsy", "Biopsies", biopsy_entries)
    register_timeline_source("imaging", "X-rays", imaging_entries)
    register_timeline_source("lab", "Lab results", lab_entries)
