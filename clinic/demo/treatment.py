"""Demo treatment plans for the active demo cases (after the cases section).

Bramble: trilostane, DMSO gel to the dorsal neck with calcium monitoring, chlorhexidine
wipes; an earlier version is superseded. Rufus: a corticosteroid taper, wound care and
analgesia, with a revised draft waiting. Skipped for a dog whose case does not exist;
a case that already has plans is left alone, so seeding twice changes nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cases.models import Drug, PlanItem
from cases.services.safety import acknowledge_prompt, unacknowledged_prompts
from cases.services.treatment import new_version, publish_plan, recompose_owner_text, save_item


def _drug(name):
    return Drug.objects.get(name__startswith=name)


def _add(plan, weight, **fields):
    strength_mg = fields.pop("strength_mg", None)
    item = PlanItem(plan=plan, **fields)
    if strength_mg is not None:
        item.strength = item.drug.strengths.get(strength_mg=Decimal(strength_mg))
    return save_item(item, weight)


def _publish(plan, vet, goals):
    plan.refresh_from_db()
    plan.goals = goals
    plan.save(update_fields=["goals"])
    recompose_owner_text(plan)
    for prompt in unacknowledged_prompts(plan):
        acknowledge_prompt(plan, prompt.code, "Reviewed with the owner at the consultation.", vet)
    return publish_plan(plan, vet)


def _bramble(case, vet):
    weight = case.dog.latest_weight()
    start = timezone.localdate() - timedelta(days=28)
    first = new_version(case, vet)
    _add(first, weight, kind="underlying_cause", drug=_drug("Trilostane"), strength_mg="30",
         dose_mg_per_kg=Decimal("1"), route="oral", frequency="sid", start_date=start,
         instructions="Give with the morning meal.")
    _add(first, weight, kind="topical", drug=_drug("Chlorhexidine"), route="topical",
         frequency="bid", start_date=start, body_site="dorsal_neck",
         instructions="Wipe the sores gently with a chlorhexidine wipe and let the skin dry.")
    _publish(first, vet, "Control cortisol with trilostane; clear the skin infection.")
    second = new_version(case, vet)
    _add(second, weight, kind="topical", drug=_drug("Dimethyl sulfoxide"), route="topical",
         frequency="sid", body_site="dorsal_neck", area_note="the two largest plaques",
         instructions="Use a thin layer.")
    _add(second, weight, kind="hygiene", description="Wash bedding", frequency="weekly",
         instructions="Wash at 60 °C.")
    _publish(second, vet, "Cortisol control as before; soften and shrink the neck plaques "
                          "with DMSO gel while watching serum calcium.")
    first.refresh_from_db()
    first.published_at = first.superseded_at - timedelta(days=28)
    first.save(update_fields=["published_at"])


def _rufus(case, vet):
    weight = case.dog.latest_weight()
    plan = new_version(case, vet)
    _add(plan, weight, kind="underlying_cause", drug=_drug("Prednisolone"), strength_mg="5",
         dose_mg_per_kg=Decimal("0.5"), route="oral", frequency="sid", is_taper=True,
         end_date=timezone.localdate() + timedelta(days=13),
         instructions="With food. The dose will be lowered step by step at rechecks.")
    _add(plan, weight, kind="wound_care", description="Clean the ulcerated sores",
         frequency="bid", body_site="ventral_abdomen",
         instructions="Use the saline we gave you; keep the body suit on between cleans.")
    _add(plan, weight, kind="analgesia", drug=_drug("Gabapentin"), strength_mg="300",
         dose_mg_per_kg=Decimal("10"), route="oral", frequency="bid")
    _publish(plan, vet, "Taper off prednisolone safely; heal the ulcerated sores; keep Rufus "
                        "comfortable.")
    draft = new_version(case, vet)
    taper = draft.items.get(drug__name="Prednisolone")
    taper.dose_mg_per_kg = Decimal("0.25")
    taper.start_date = timezone.localdate() + timedelta(days=14)
    taper.end_date = taper.start_date + timedelta(days=13)
    save_item(taper, weight)


PLANS = {"Bramble": _bramble, "Rufus": _rufus}


def seed(context):
    vet = context["vet@example.com"]
    for dog_name, build in PLANS.items():
        case = context.get(f"case:{dog_name}")
        if case is None or case.treatment_plans.exists():
            continue
        build(case, vet)
