"""Safety prompts shown before a plan is published. Each can be acknowledged with a reason."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.formats import date_format

from cases.models import SafetyAcknowledgement, SuspectedCause
from cases.services.care import items_signature


@dataclass(frozen=True)
class SafetyPrompt:
    code: str
    message: str


def _medications(plan):
    return [item for item in plan.items.all() if item.drug_id]


def safety_prompts(plan):
    """Every prompt that applies to `plan` as it stands (acknowledged or not)."""
    prompts = []
    drugs = _medications(plan)
    if any(item.drug.needs_calcium_monitoring for item in drugs) and not plan.calcium_check_days:
        prompts.append(SafetyPrompt(
            "dmso_without_calcium",
            "Topical DMSO is on the plan without serum calcium monitoring. DMSO can raise "
            "serum calcium as deposits dissolve: set a calcium check interval.",
        ))
    if plan.case.suspected_cause in SuspectedCause.glucocorticoid_excess():
        continued = [item for item in drugs if item.drug.is_glucocorticoid and not item.is_taper]
        if continued:
            names = ", ".join(sorted({item.drug.name for item in continued}))
            prompts.append(SafetyPrompt(
                "glucocorticoid_continued",
                f"{names} is continued (not tapering) on a case whose suspected cause is "
                f"glucocorticoid excess ({plan.case.get_suspected_cause_display()}).",
            ))
    latest_pain_exam = getattr(plan.case, "latest_pain_exam", None)
    exam = latest_pain_exam() if latest_pain_exam else None
    if exam is not None and exam.analgesia_indicated:
        has_analgesia = any(item.kind == "analgesia" for item in plan.items.all()) or any(
            item.drug.is_analgesic for item in drugs
        )
        if not has_analgesia:
            prompts.append(SafetyPrompt(
                "no_analgesia",
                f"The last pain score was {exam.pain_total}/{exam.pain_max} "
                f"({date_format(exam.examined_on)}), at or above the intervention level, and the "
                "plan has no analgesia.",
            ))
    latest = plan.case.dog.latest_weight()
    stale = [item for item in drugs if item.weight_recorded_on and latest
             and (item.weight_recorded_on, item.weight_kg_used) != (latest.recorded_on,
                                                                    latest.weight_kg)]
    if stale:
        names = ", ".join(sorted({item.drug.name for item in stale}))
        prompts.append(SafetyPrompt(
            "dose_from_older_weight",
            f"The dose of {names} was calculated from an older weight; the latest is "
            f"{latest.weight_kg} kg ({date_format(latest.recorded_on)}). Open and save the item "
            "to recalculate.",
        ))
    if plan.owner_instructions and plan.owner_text_items_signature != items_signature(plan):
        prompts.append(SafetyPrompt(
            "owner_text_outdated",
            "The items changed after the owner's instructions were written: re-compose or "
            "re-read and save them, so the owner is not told an old dose.",
        ))
    return prompts


def unacknowledged_prompts(plan):
    acknowledged = {ack.code for ack in plan.acknowledgements.all()}
    return [prompt for prompt in safety_prompts(plan) if prompt.code not in acknowledged]


class PromptNotApplicable(Exception):
    pass


@transaction.atomic
def acknowledge_prompt(plan, code, reason, user):
    """Record that `user` saw prompt `code` on a draft `plan` and accepts it for `reason`."""
    plan.ensure_editable()
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("Give the reason for going ahead.")
    prompt = next((p for p in safety_prompts(plan) if p.code == code), None)
    if prompt is None:
        raise PromptNotApplicable("This prompt no longer applies to the plan.")
    ack, _ = SafetyAcknowledgement.objects.update_or_create(
        plan=plan, code=code,
        defaults={"message": prompt.message, "reason": reason, "acknowledged_by": user},
    )
    return ack
