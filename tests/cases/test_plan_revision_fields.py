"""A revision carries every field of the plan and of its items into the new version: the
fields are read from the models, so one added tomorrow is covered by this test too."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import models
from django.utils import timezone

from cases.models import PlanItem, TreatmentPlan
from cases.services.treatment import ITEM_NOT_COPIED, PLAN_NOT_COPIED, new_version
from tests.factories.portal import published_plan
from tests.factories.treatment import DrugStrengthFactory

pytestmark = pytest.mark.django_db


def copied(model, not_copied):
    return [field for field in model._meta.concrete_fields if field.name not in not_copied]


def distinct_value(field, index, current):
    """A value the field would not have by default (a new kind of field must be taught)."""
    if field.choices:
        return [value for value, _ in field.choices if value != current][-1]
    if isinstance(field, models.BooleanField):
        return not current
    if isinstance(field, models.DateField):
        return timezone.localdate() + timedelta(days=index)  # keeps end after start
    if isinstance(field, models.DecimalField):
        return Decimal("2.5")
    if isinstance(field, models.IntegerField):
        return 23
    if isinstance(field, models.CharField | models.TextField):
        return f"carried {field.name}"[: field.max_length or None]
    raise AssertionError(f"Teach this test a value for {field.model.__name__}.{field.name}")


def test_a_revision_carries_every_plan_and_item_field(owner_a, vet):
    plan = published_plan(owner_a.dogs.get(), vet)
    item = plan.items.get()
    strength = DrugStrengthFactory()
    plan_values = {
        field.attname: distinct_value(field, i, getattr(plan, field.attname))
        for i, field in enumerate(copied(TreatmentPlan, PLAN_NOT_COPIED))
    }
    item_values = {"drug_id": strength.drug_id, "strength_id": strength.pk} | {
        field.attname: distinct_value(field, i, getattr(item, field.attname))
        for i, field in enumerate(copied(PlanItem, ITEM_NOT_COPIED))
        if not isinstance(field, models.ForeignKey)
    }
    # Straight to the rows: a published plan refuses edits through save().
    TreatmentPlan.objects.filter(pk=plan.pk).update(**plan_values)
    PlanItem.objects.filter(pk=item.pk).update(**item_values)

    draft = new_version(plan.case, vet)

    assert {name: getattr(draft, name) for name in plan_values} == plan_values
    assert {name: getattr(draft.items.get(), name) for name in item_values} == item_values
    assert len(item_values) == len(copied(PlanItem, ITEM_NOT_COPIED))
