"""Safety prompts shown before a plan is published. Each can be acknowledged with a reason."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import (
    ClinicalSettings,
    DrugClass,
    LabValue,
    SafetyAcknowledgement,
    SuspectedCause,
)
from cases.models.labs import CALCIUM
from cases.services.care import items_signature

KIDNEY_ANALYTES = ("creatinine", "urea")


@dataclass(frozen=True)
class SafetyPrompt:
    code: str
    message: str


def _medications(plan):
    return [item for item in plan.items.all() if item.drug_id]


def _latest_panel_values(case, codes):
    """{code: LabValue} from the most recent reported panel that measured any of `codes`,
    with the panel (and all its values) at hand."""
    latest = (LabValue.objects.filter(panel__case=case, panel__reported_on__isnull=False,
                                      analyte__code__in=codes)
              .select_related("panel").order_by("-panel__collected_on", "-panel_id").first())
    if latest is None:
        return {}
    values = list(latest.panel.values.select_related("analyte"))
    return {value.analyte.code: value for value in values}


def _names(items):
    return ", ".join(sorted({item.drug.name for item in items}))


def _trilostane_prompts(plan, drugs):
    trilostane = [item for item in drugs if item.drug.needs_acth_monitoring]
    if not trilostane:
        return []
    prompts = []
    if plan.case.suspected_cause == SuspectedCause.EXOGENOUS_GLUCOCORTICOIDS:
        prompts.append(SafetyPrompt(
            "trilostane_for_steroid_cause",
            f"{_names(trilostane)} is on the plan, but the recorded cause is steroid treatment "
            "(iatrogenic Cushing's). Trilostane does not treat it and can tip a dog whose "
            "adrenal glands are already suppressed into adrenal insufficiency: taper the "
            "steroid instead.",
        ))
    if not plan.acth_days:
        prompts.append(SafetyPrompt(
            "trilostane_without_monitoring",
            f"{_names(trilostane)} is on the plan without its ACTH stimulation checks "
            "(Vetoryl label: 10–14, 30 and 90 days after starting or changing the dose, then "
            "every 3 months): set the ACTH check days.",
        ))
    return prompts


def _nsaid_prompts(plan, drugs):
    nsaids = [item for item in drugs if item.drug.drug_class == DrugClass.NSAID]
    if not nsaids:
        return []
    prompts = []
    steroids = sorted({item.drug.name for item in drugs if item.drug.is_glucocorticoid})
    steroids += [course.drug for course in plan.case.steroid_courses.ongoing_on(
        timezone.localdate()) if course.is_systemic]
    if steroids:
        prompts.append(SafetyPrompt(
            "nsaid_with_glucocorticoid",
            f"{_names(nsaids)} (an NSAID) together with a glucocorticoid "
            f"({', '.join(steroids)}): the combination risks gastrointestinal ulceration.",
        ))
    kidney = []
    if plan.case.suspected_cause == SuspectedCause.CHRONIC_KIDNEY_DISEASE:
        kidney.append("the recorded cause is chronic kidney disease")
    for code, value in _latest_panel_values(plan.case, KIDNEY_ANALYTES).items():
        if code in KIDNEY_ANALYTES and value.flag == LabValue.Flag.HIGH:
            kidney.append(f"{value.analyte.name.lower()} {value.value_display} {value.unit} "
                          f"on {date_format(value.panel.collected_on)} is above its interval")
    if kidney:
        prompts.append(SafetyPrompt(
            "nsaid_kidney",
            f"{_names(nsaids)} (an NSAID) in a dog with kidney disease or azotaemia: "
            f"{'; '.join(kidney)}.",
        ))
    return prompts


def _dmso_calcium_prompt(plan, drugs):
    dmso = [item for item in drugs if item.drug.needs_calcium_monitoring]
    values = _latest_panel_values(plan.case, (CALCIUM,)) if dmso else {}
    calcium = values.get(CALCIUM)
    if calcium is None:
        return []
    reasons = []
    if calcium.flag == LabValue.Flag.HIGH:
        reasons.append(f"calcium {calcium.value_display} {calcium.unit} is above its interval")
    product = calcium.panel.ca_p_product(ClinicalSettings.load().ca_p_threshold_mg)
    if product is not None and product.above_threshold:
        reasons.append(f"Ca × P {product.value} {product.unit} is above the clinic's "
                       f"threshold ({product.threshold})")
    if not reasons:
        return []
    return [SafetyPrompt(
        "dmso_with_high_calcium",
        f"{_names(dmso)} can raise serum calcium as deposits dissolve, and the latest panel "
        f"({date_format(calcium.panel.collected_on)}) shows {'; '.join(reasons)}.",
    )]


def safety_prompts(plan):
    """Every prompt that applies to `plan` as it stands (acknowledged or not)."""
    prompts = []
    drugs = _medications(plan)
    prompts += _trilostane_prompts(plan, drugs)
    prompts += _nsaid_prompts(plan, drugs)
    prompts += _dmso_calcium_prompt(plan, drugs)
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
    exam = plan.case.latest_pain_exam()
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
