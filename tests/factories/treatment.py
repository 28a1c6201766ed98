from decimal import Decimal

import factory

from cases.models import Drug, DrugStrength, PlanItem, TreatmentPlan
from cases.services.care import items_signature
from cases.services.safety import safety_prompts
from cases.services.treatment import publish_plan
from tests.factories.cases import CaseFactory


class DrugFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drug
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test drug {n}")
    drug_class = "other"
    dose_min_mg_per_kg = Decimal("1")
    dose_max_mg_per_kg = Decimal("2")


class DrugStrengthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrugStrength

    drug = factory.SubFactory(DrugFactory)
    form = "tablet"
    strength_mg = Decimal("10")
    split = 1


class TreatmentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatmentPlan

    case = factory.SubFactory(CaseFactory)
    version = factory.Sequence(lambda n: n + 1)
    recheck_interval_days = 21
    created_by = factory.SelfAttribute("case.attending_vet")
    goals = "Control cortisol; lesions shrinking at each recheck."
    owner_instructions = "Give the medicine as shown."
    owner_warning_signs = "Call us at once if a sore bleeds."


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(TreatmentPlanFactory)
    kind = "hygiene"
    description = "Wash bedding"
    frequency = "weekly"


def trilostane():
    return Drug.objects.get(name="Trilostane")


def strength(drug, mg):
    return drug.strengths.get(strength_mg=Decimal(mg))


def owner_text_read(plan):
    """As if the vet had re-read the owner's text against the items now on the plan."""
    # Only the signature is saved: take the version the plan has now (saving an item saves
    # the plan's monitoring intervals too), keeping the test's other unsaved changes.
    plan.refresh_from_db(fields=["lock_version"])
    plan.owner_text_items_signature = items_signature(plan)
    plan.save(update_fields=["owner_text_items_signature"])
    return plan


def prompt_codes(plan):
    """The safety prompts a plan raises once its owner text is up to date, by code."""
    owner_text_read(plan)
    return [prompt.code for prompt in safety_prompts(plan)]


def publish(plan, user):
    return publish_plan(owner_text_read(plan), user)
