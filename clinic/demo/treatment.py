"""Demo treatment plans for the active demo cases (after the cases section), following the
cases' story.

Bramble (hyperadrenocorticism): v1 trilostane and chlorhexidine wipes, superseded by v2,
which adds DMSO gel to the dorsal neck with serum calcium monitoring; a v3 draft drops the
wipes now the infection has cleared. Rufus (long-term prednisolone, in his steroid
history): v1 a four-step prednisolone taper (its ACTH stimulation test done at the end),
wound care and analgesia, superseded by v2 in remission. Skipped for a dog whose
case does not exist; a case that already has plans is left alone (seeding twice changes
nothing).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cases.models import (
    Drug,
    FollowUp,
    PlanItem,
    SteroidCourse,
    SteroidRoute,
)
from cases.services.safety import acknowledge_prompt, unacknowledged_prompts
from cases.services.treatment import (
    delete_item,
    new_version,
    publish_plan,
    recompose_owner_text,
    save_item,
)


def _drug(name):
    return Drug.objects.get(name__startswith=name)


def _add(plan, weight, **fields):
    strength_mg = fields.pop("strength_mg", None)
    item = PlanItem(plan=plan, **fields)
    if strength_mg is not None:
        item.strength = item.drug.strengths.get(strength_mg=Decimal(strength_mg))
    return save_item(item, weight)


def _publish(plan, vet, goals, days_ago, **settings):
    plan.refresh_from_db()
    plan.goals = goals
    for name, value in settings.items():
        setattr(plan, name, value)
    plan.save(update_fields=["goals", *settings])
    recompose_owner_text(plan)
    for prompt in unacknowledged_prompts(plan):
        acknowledge_prompt(plan, prompt.code, "Reviewed with the owner at the consultation.", vet)
    publish_plan(plan, vet)
    plan.refresh_from_db()
    plan.published_at = timezone.now() - timedelta(days=days_ago)
    plan.save(update_fields=["published_at"])
    return plan


def _history_of_follow_ups(plan):
    """The follow-ups were made due as if published today; date them from the backdated
    publication, marking the ones already past as done (the demo's invented history)."""
    published = plan.published_on
    today = timezone.localdate()
    for follow_up in plan.case.follow_ups.outstanding():
        every = follow_up.repeat_every_days
        if follow_up.kind == FollowUp.Kind.ACTH_STIMULATION and not every:
            follow_up.status = FollowUp.Status.DONE
        else:
            due = published + timedelta(days=every or 0)
            while every and due < today:
                due += timedelta(days=every)
            follow_up.due_on = due
        follow_up.save(update_fields=["status", "due_on"])


def _supersede_dates(first, second):
    first.refresh_from_db()
    first.superseded_at = second.published_at
    first.save(update_fields=["superseded_at"])


def _bramble(case, vet):
    weight = case.dog.latest_weight()
    today = timezone.localdate()
    first = new_version(case, vet)
    _add(first, weight, kind="underlying_cause", drug=_drug("Trilostane"), strength_mg="30",
         dose_mg_per_kg=Decimal("1"), route="oral", frequency="bid",
         start_date=today - timedelta(days=200),
         instructions="Give with the morning and the evening meal.")
    _add(first, weight, kind="topical", drug=_drug("Chlorhexidine"), route="topical",
         frequency="bid", start_date=today - timedelta(days=200), body_site="dorsal_neck",
         instructions="Wipe the sores gently with a chlorhexidine wipe and let the skin dry.")
    first = _publish(first, vet, "Control cortisol with trilostane; clear the skin infection.",
                     days_ago=200)
    second = new_version(case, vet)
    _add(second, weight, kind="topical", drug=_drug("Dimethyl sulfoxide"), route="topical",
         frequency="sid", start_date=today - timedelta(days=186), body_site="dorsal_neck",
         instructions="A thin layer on the plaques only.")
    _add(second, weight, kind="hygiene", description="Wash bedding", frequency="weekly",
         start_date=today - timedelta(days=186), instructions="Wash at 60 °C.")
    second = _publish(second, vet, "Cortisol control as before; soften and shrink the neck "
                      "plaques with DMSO gel while watching serum calcium.", days_ago=186)
    _supersede_dates(first, second)
    _history_of_follow_ups(second)
    draft = new_version(case, vet)
    delete_item(draft.items.get(drug__name="Chlorhexidine"))


# Rufus's prednisolone taper: (mg/kg, frequency, tablet mg), four weeks a step.
RUFUS_TAPER = [("0.5", "sid", "5"), ("0.25", "sid", "5"), ("0.25", "eod", "5"),
               ("0.1", "eod", "1")]


def _rufus(case, vet):
    weight = case.dog.latest_weight()
    today = timezone.localdate()
    start = today - timedelta(days=298)
    taper_end = start + timedelta(days=28 * len(RUFUS_TAPER) - 1)
    if not case.steroid_courses.exists():
        SteroidCourse.objects.create(
            case=case, drug="Prednisolone", route=SteroidRoute.ORAL,
            dose="0.5–1 mg/kg once daily", started_on=today - timedelta(days=720),
            stopped_on=taper_end, recorded_by=vet,
            note="For atopic dermatitis, by the previous practice; tapered off here.")
    first = new_version(case, vet)
    for step, (mg_per_kg, frequency, tablet) in enumerate(RUFUS_TAPER):
        step_start = start + timedelta(days=28 * step)
        _add(first, weight, kind="underlying_cause", drug=_drug("Prednisolone"),
             strength_mg=tablet, dose_mg_per_kg=Decimal(mg_per_kg), route="oral",
             frequency=frequency, is_taper=True, start_date=step_start,
             end_date=step_start + timedelta(days=27), instructions="With food.")
    _add(first, weight, kind="wound_care", description="Clean the ulcerated sores",
         frequency="bid", start_date=start, body_site="dorsal_trunk",
         instructions="Use the saline we gave you; keep the body suit on between cleans.")
    _add(first, weight, kind="analgesia", drug=_drug("Gabapentin"), strength_mg="300",
         dose_mg_per_kg=Decimal("10"), route="oral", frequency="bid", start_date=start,
         end_date=start + timedelta(days=27))
    first = _publish(first, vet, "Taper off prednisolone safely, step by step; heal the "
                     "ulcerated sores; keep Rufus comfortable.", days_ago=298,
                     recheck_interval_days=28)
    second = new_version(case, vet)
    for item in list(second.items.all()):
        delete_item(item)
    _add(second, weight, kind="hygiene", description="Check his back and armpits for new "
         "lumps", frequency="weekly", start_date=today - timedelta(days=30))
    second = _publish(second, vet, "In remission: prednisolone stopped; watch for new "
                      "lesions.", days_ago=30, recheck_interval_days=90)
    _supersede_dates(first, second)
    _history_of_follow_ups(second)


PLANS = {"Bramble": _bramble, "Rufus": _rufus}


def seed(context):
    vet = context["vet@example.com"]
    for dog_name, build in PLANS.items():
        case = context.get(f"case:{dog_name}")
        if case is None or case.treatment_plans.exists():
            continue
        build(case, vet)
