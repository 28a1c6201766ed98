"""Writing, publishing and revising treatment plans (multi-record operations)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases.models import (
    Case,
    ClinicalSettings,
    FollowUp,
    PlanItem,
    PlanNotEditable,
    TreatmentPlan,
)
from cases.services.care import compose_owner_text, items_signature
from cases.services.doses import apply_dose
from cases.services.safety import unacknowledged_prompts

# Fields copied to a new version and compared by "what changed", with their names there.
PLAN_FIELD_NAMES = {
    "goals": "goals", "recheck_interval_days": "recheck interval",
    "calcium_check_days": "calcium check interval", "acth_check_days": "ACTH check days",
    "other_monitoring": "other monitoring", "owner_instructions": "owner's care instructions",
    "owner_warning_signs": "owner's warning signs",
}
PLAN_FIELDS = tuple(PLAN_FIELD_NAMES)
# A new version carries every field of the plan and its items, so a field added to the model
# is never silently dropped by a revision; only these are the new version's own.
PLAN_NOT_COPIED = frozenset({
    "id", "case", "version", "status", "changes", "created_by", "created_at",
    "published_at", "published_by", "superseded_at", "lock_version",
})
# A new version is a new record: its lock against lost updates starts afresh.
ITEM_NOT_COPIED = frozenset({"id", "plan", "lock_version"})


def _copied_fields(model, not_copied):
    return tuple(field.attname for field in model._meta.concrete_fields
                 if field.name not in not_copied)


COPIED_PLAN_FIELDS = _copied_fields(TreatmentPlan, PLAN_NOT_COPIED)
ITEM_FIELDS = _copied_fields(PlanItem, ITEM_NOT_COPIED)
COMPARED_ITEM_FIELDS = {
    "dose_mg_per_kg": "dose", "strength_id": "strength", "frequency": "frequency",
    "route": "route", "start_date": "start", "end_date": "end", "is_taper": "tapering",
    "body_site": "area", "area_note": "area detail", "instructions": "details",
    "units_per_dose": "amount per dose",
}


class PublishRefused(Exception):
    def __init__(self, message, prompts=()):
        super().__init__(message)
        self.prompts = list(prompts)


@transaction.atomic
def new_version(case, user):
    """A draft plan for `case`: the existing draft, or a copy of the current plan, or a
    blank plan with the clinic's default intervals."""
    case = Case.objects.select_for_update().get(pk=case.pk)  # one writer of versions at a time
    if not case.is_open:
        raise PlanNotEditable("This case is closed: a relapse is a new case with its own plan.")
    existing = case.treatment_plans.select_for_update().filter(
        status=TreatmentPlan.Status.DRAFT
    ).first()
    if existing:
        return existing
    last = case.treatment_plans.order_by("-version").first()
    current = case.current_plan()
    settings = ClinicalSettings.load()
    draft = TreatmentPlan(
        case=case, version=(last.version + 1) if last else 1, created_by=user,
        recheck_interval_days=settings.recheck_interval_days,
    )
    if current:
        for name in COPIED_PLAN_FIELDS:
            setattr(draft, name, getattr(current, name))
    draft.save()
    if current:
        # bulk_create skips simple-history; this writes the copied items' history rows too.
        bulk_create_with_history(
            [PlanItem(plan=draft, **{name: getattr(item, name) for name in ITEM_FIELDS})
             for item in current.items.all()],
            PlanItem, default_user=user,
        )
    return draft


def monitoring_defaults(plan):
    """Fill the monitoring intervals the drugs on the plan need, where still empty."""
    settings = ClinicalSettings.load()
    items = list(plan.items.select_related("drug"))
    if not plan.calcium_check_days and any(
        i.drug_id and i.drug.needs_calcium_monitoring for i in items
    ):
        plan.calcium_check_days = settings.dmso_calcium_check_days
    if not plan.acth_check_days and any(i.drug_id and i.drug.needs_acth_monitoring for i in items):
        plan.acth_check_days = settings.trilostane_monitoring_days
    plan.save(update_fields=["calcium_check_days", "acth_check_days"])


@transaction.atomic
def save_item(item, weight_record):
    """Save a plan item on a draft plan, with its dose calculated from `weight_record`."""
    plan = TreatmentPlan.objects.select_for_update().get(pk=item.plan_id)
    plan.ensure_editable()
    if item.position == 0 and item.pk is None:
        item.position = plan.items.count() + 1
    apply_dose(item, weight_record)
    item.full_clean()
    item.save()
    monitoring_defaults(plan)
    return item


@transaction.atomic
def delete_item(item):
    TreatmentPlan.objects.select_for_update().get(pk=item.plan_id).ensure_editable()
    item.delete()


@transaction.atomic
def update_plan(plan, changed_fields):
    """Save the vet's edits to a draft; saving the owner's text marks it as read against
    the items now on the plan."""
    TreatmentPlan.objects.select_for_update().get(pk=plan.pk).ensure_editable()
    plan.full_clean()
    plan.owner_text_items_signature = items_signature(plan)
    plan.save(update_fields=[*changed_fields, "owner_text_items_signature"])


@transaction.atomic
def recompose_owner_text(plan):
    """Replace the owner's text with the clinic's wording for the items now on the plan."""
    TreatmentPlan.objects.select_for_update().get(pk=plan.pk).ensure_editable()
    plan.owner_instructions, plan.owner_warning_signs = compose_owner_text(plan)
    plan.owner_text_items_signature = items_signature(plan)
    plan.save(update_fields=["owner_instructions", "owner_warning_signs",
                             "owner_text_items_signature"])


def _item_key(item):
    # Each step of a taper is its own item: its start date tells the steps apart.
    step = item.start_date if item.is_taper else None
    return (item.kind, item.drug_id, item.procedure, item.description, step)


def last_taper_day(plan):
    """The last day of the plan's steroid taper, or None when nothing is tapered."""
    ends = [item.end_date for item in plan.items.all() if item.is_taper and item.end_date]
    return max(ends, default=None)


def plan_changes(previous, plan):
    """What changed from `previous` to `plan`, as short sentences for the vet."""
    if previous is None:
        return ["First version of the plan."]
    changes = []
    old_items = {_item_key(i): i for i in previous.items.all()}
    new_items = {_item_key(i): i for i in plan.items.all()}
    for key, item in new_items.items():
        old = old_items.get(key)
        if old is None:
            changes.append(f"Added: {item.name}.")
            continue
        differing = [label for name, label in COMPARED_ITEM_FIELDS.items()
                     if getattr(old, name) != getattr(item, name)]
        if differing:
            changes.append(f"Changed {item.name}: {', '.join(differing)}.")
    changes += [f"Removed: {item.name}." for key, item in old_items.items() if key not in new_items]
    for name, label in PLAN_FIELD_NAMES.items():
        if getattr(previous, name) != getattr(plan, name):
            changes.append(f"Changed the {label}.")
    # The steps of a taper are items of one drug: say "Removed: Prednisolone." once.
    return list(dict.fromkeys(changes)) or ["No changes to items or instructions."]


def _trilostane_doses(plan):
    """What the dog actually gets of each ACTH-monitored drug: mg per dose and per day."""
    return {(i.drug_id, i.mg_per_dose, i.mg_per_day) for i in plan.items.all()
            if i.drug_id and i.drug.needs_acth_monitoring}


def _trilostane_started_or_changed(previous, plan):
    """Vetoryl label: the checks restart after any change in the mg given, per dose or per
    day, whatever caused it (a new weight, strength, mg/kg or frequency)."""
    now = _trilostane_doses(plan)
    return bool(now) and (previous is None or now != _trilostane_doses(previous))


def _keep_or_create(case, kind, due_on, every, reason):
    """One outstanding follow-up of each repeating kind: an existing one (it may already
    be booked) keeps its date and takes the new interval."""
    outstanding = case.follow_ups.outstanding().filter(kind=kind).first()
    if outstanding:
        outstanding.repeat_every_days = every
        outstanding.save(update_fields=["repeat_every_days"])
        return outstanding
    return FollowUp.objects.create(
        case=case, kind=kind, due_on=due_on, repeat_every_days=every, reason=reason,
    )


def create_follow_ups(previous, plan):
    """The rechecks and monitoring tests `plan` makes due."""
    today = timezone.localdate(plan.published_at)
    case = plan.case
    settings = ClinicalSettings.load()
    label = f"Treatment plan v{plan.version}"
    created = [_keep_or_create(
        case, FollowUp.Kind.RECHECK, today + timedelta(days=plan.recheck_interval_days),
        plan.recheck_interval_days, f"{label}: recheck",
    )]
    on_dmso = any(i.drug_id and i.drug.needs_calcium_monitoring for i in plan.items.all())
    if on_dmso and plan.calcium_check_days:
        created.append(_keep_or_create(
            case, FollowUp.Kind.CALCIUM_CHECK, today + timedelta(days=plan.calcium_check_days),
            plan.calcium_check_days, f"{label}: serum calcium while on topical DMSO",
        ))
    if plan.acth_days and _trilostane_started_or_changed(previous, plan):
        # The label's schedule restarts with each dose change.
        # One save each (not QuerySet.update), so every cancellation is in the history.
        for stale in case.follow_ups.outstanding().filter(kind=FollowUp.Kind.ACTH_STIMULATION):
            stale.status = FollowUp.Status.CANCELLED
            stale.save(update_fields=["status"])
        start = min(i.start_date for i in plan.items.all()
                    if i.drug_id and i.drug.needs_acth_monitoring)
        start = max(start, today)
        last = plan.acth_days[-1]
        stable = settings.trilostane_stable_check_days
        for day in plan.acth_days:
            created.append(FollowUp.objects.create(
                case=case, kind=FollowUp.Kind.ACTH_STIMULATION, due_on=start + timedelta(days=day),
                repeat_every_days=stable if day == last else None,
                reason=f"{label}: trilostane check, day {day}"
                + (f" (then every {stable} days)" if day == last else ""),
            ))
    taper_end = last_taper_day(plan)
    if taper_end:
        # Once per taper: a test already made due for this end (done or not) is not repeated.
        due_on = taper_end + timedelta(days=settings.taper_acth_check_days)
        if not case.follow_ups.filter(
                kind=FollowUp.Kind.ACTH_STIMULATION, due_on=due_on).exists():
            created.append(FollowUp.objects.create(
                case=case, kind=FollowUp.Kind.ACTH_STIMULATION, due_on=due_on,
                reason=f"{label}: ACTH stimulation test at the end of the steroid taper",
            ))
    return created


@transaction.atomic
def publish_plan(plan, user):
    """Publish a draft: it becomes the current plan, the previous one is superseded (kept,
    read-only), what changed is recorded and the follow-ups it needs fall due.

    Refused for a plan that is not a draft, has no items, has no owner instructions, or has
    safety prompts not yet acknowledged.
    """
    plan = TreatmentPlan.objects.select_for_update().select_related("case__dog").get(pk=plan.pk)
    plan.ensure_editable()
    if not plan.items.exists():
        raise PublishRefused("An empty plan cannot be published: add at least one item.")
    if not plan.owner_instructions.strip():
        raise PublishRefused("Write (or compose) the owner's care instructions first.")
    waiting = unacknowledged_prompts(plan)
    if waiting:
        raise PublishRefused("Acknowledge each safety prompt before publishing.", waiting)
    previous = plan.case.treatment_plans.select_for_update().filter(
        status=TreatmentPlan.Status.PUBLISHED
    ).first()
    now = timezone.now()
    if previous:
        previous.status = TreatmentPlan.Status.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at"])
    plan.status = TreatmentPlan.Status.PUBLISHED
    plan.published_at = now
    plan.published_by = user
    plan.changes = plan_changes(previous, plan)
    plan.save(update_fields=["status", "published_at", "published_by", "changes"])
    create_follow_ups(previous, plan)
    return plan
