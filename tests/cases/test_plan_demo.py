"""The demo plans: published for the active demo cases, one superseded, one draft, and
seeding twice changes nothing."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from cases.models import FollowUp, TreatmentPlan
from clinic.demo import patients, staff, treatment
from tests.factories.cases import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def context():
    context = {}
    staff.seed(context)
    patients.seed(context)
    vet = context["vet@example.com"]
    # Stand-ins for the cases section's demo cases
    context["case:Bramble"] = CaseFactory(dog=context["dog:Bramble"], attending_vet=vet,
                                              suspected_cause="hyperadrenocorticism")
    context["case:Rufus"] = CaseFactory(dog=context["dog:Rufus"], attending_vet=vet,
                                            suspected_cause="exogenous_glucocorticoids")
    return context


def test_it_seeds_the_demo_plans_once(context):
    treatment.seed(context)
    treatment.seed(context)
    bramble, rufus = context["case:Bramble"], context["case:Rufus"]
    assert [p.status for p in bramble.treatment_plans.order_by("version")] == [
        "superseded", "published", "draft"
    ]
    assert [p.status for p in rufus.treatment_plans.order_by("version")] == [
        "superseded", "published"
    ]
    current = bramble.current_plan()
    assert {i.name for i in current.items.all()} == {
        "Trilostane", "Chlorhexidine", "Dimethyl sulfoxide (DMSO) gel", "Wash bedding",
    }
    assert current.calcium_check_days == 14
    assert "Added: Dimethyl sulfoxide (DMSO) gel." in current.changes
    trilostane = current.items.get(drug__name="Trilostane")
    assert trilostane.dose_display == "1 capsule (30 mg)"  # 35.2 kg × 1 mg/kg
    assert FollowUp.objects.filter(case=bramble, kind="calcium_check").count() == 1
    checks = FollowUp.objects.filter(case=bramble, kind="acth_stimulation", status="due")
    assert [c.repeat_every_days for c in checks] == [90]  # on trilostane for months
    assert checks.get().due_on >= timezone.localdate()
    assert rufus.follow_ups.get(kind="recheck").due_on == (
        rufus.current_plan().published_on + timedelta(days=90)
    )
    first = rufus.treatment_plans.get(version=1)
    steps = list(first.items.filter(drug__name="Prednisolone").order_by("start_date"))
    assert all(step.is_taper for step in steps)
    # 29.8 kg: 0.5 and 0.25 mg/kg daily, 0.25 then 0.1 mg/kg every other day, then stop
    assert [(s.dose_display, s.frequency) for s in steps] == [
        ("3 tablets (15 mg)", "sid"), ("1½ tablets (7.5 mg)", "sid"),
        ("1½ tablets (7.5 mg)", "eod"), ("3 tablets (3 mg)", "eod"),
    ]
    assert all(later.start_date == earlier.end_date + timedelta(days=1)
               for earlier, later in pairwise(steps))
    stop = steps[-1].end_date + timedelta(days=1)
    assert f"- from {stop.day} {stop:%b %Y}: none — stopped" in first.owner_instructions
    assert "treats the cause" not in first.owner_instructions
    assert "adrenal insufficiency" in first.owner_warning_signs
    end_test = rufus.follow_ups.get(kind="acth_stimulation")
    assert end_test.due_on > steps[-1].end_date
    assert end_test.status == "done"
    assert rufus.steroid_courses.get().stopped_on == steps[-1].end_date
    assert first.superseded_at == rufus.current_plan().published_at
    assert rufus.current_plan().changes.count("Removed: Prednisolone.") == 1
    assert not rufus.current_plan().acknowledgements.exists()
    assert TreatmentPlan.objects.count() == 5


def test_it_skips_dogs_without_a_case(context):
    del context["case:Rufus"]
    treatment.seed(context)
    assert TreatmentPlan.objects.filter(case__dog__name="Rufus").count() == 0
