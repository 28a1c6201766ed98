"""The published care instructions on the dog page, today's ticks and the care sheet."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import TreatmentPlan
from clinic.portal.models import CareTaskTick
from tests.factories.portal import published_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def dog(owner_a):
    return owner_a.dogs.get()


def dog_url(dog):
    return reverse("portal:dog_detail", kwargs={"dog_uuid": dog.public_id})


def tick_url(dog):
    return reverse("portal:care_tick", kwargs={"dog_uuid": dog.public_id})


def test_the_dog_page_shows_the_published_instructions_and_schedule(owner_a_client, dog, vet):
    published_plan(dog, vet, owner_instructions="Bath twice a week with chlorhexidine.")
    page = owner_a_client.get(dog_url(dog)).content.decode()
    assert "Bath twice a week with chlorhexidine." in page
    assert "Day by day" in page
    assert page.count("Mark as done today") == 2  # morning and evening
    assert reverse("portal:care_sheet", kwargs={"dog_uuid": dog.public_id}) in page


def test_the_week_lists_each_task_once_with_its_seven_days(owner_a_client, dog, vet):
    # On a phone the week is a compact table (each task a row), not a list of every task
    # repeated for each of the seven days.
    published_plan(dog, vet)
    response = owner_a_client.get(dog_url(dog))
    page = response.content.decode()
    week = page[page.index('class="table table-sm care-week"'):]
    week = week[:week.index("</table>")]
    keys = [task.key for task, _done in response.context["care"]["today"]]
    for key in keys:
        assert week.count(f'data-task="{key}"') == 1
    assert week.count('<span class="visually-hidden">yes</span>') == 7 * len(keys)
    assert "care-schedule-table" not in page


def test_a_draft_plan_never_reaches_the_owner(owner_a_client, dog, vet):
    plan = published_plan(dog, vet)
    TreatmentPlan.objects.filter(pk=plan.pk).update(status=TreatmentPlan.Status.DRAFT,
                                                    owner_instructions="DRAFT-MARKER")
    page = owner_a_client.get(dog_url(dog)).content.decode()
    assert "DRAFT-MARKER" not in page
    assert "no care instructions from the vet" in page
    sheet = reverse("portal:care_sheet", kwargs={"dog_uuid": dog.public_id})
    assert owner_a_client.get(sheet).url == dog_url(dog)


def test_ticking_a_task_keeps_it_for_today(owner_a, owner_a_client, dog, vet):
    published_plan(dog, vet)
    key = owner_a_client.get(dog_url(dog)).context["care"]["today"][0][0].key
    response = owner_a_client.post(tick_url(dog), {"task_key": key, "done": "1"},
                                   HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "✓ Done" in response.content.decode()
    tick = CareTaskTick.objects.get()
    assert (tick.owner, tick.dog, tick.on, tick.task_key) == (
        owner_a, dog, timezone.localdate(), key
    )
    page = owner_a_client.get(dog_url(dog))
    assert page.context["care"]["today"][0][1] is True
    owner_a_client.post(tick_url(dog), {"task_key": key, "done": "1"})  # double tap
    assert CareTaskTick.objects.count() == 1


def test_unticking_removes_todays_tick(owner_a_client, dog, vet):
    published_plan(dog, vet)
    key = owner_a_client.get(dog_url(dog)).context["care"]["today"][0][0].key
    owner_a_client.post(tick_url(dog), {"task_key": key, "done": "1"})
    owner_a_client.post(tick_url(dog), {"task_key": key, "done": ""})
    assert not CareTaskTick.objects.exists()


def test_yesterdays_ticks_do_not_count_today(owner_a, owner_a_client, dog, vet):
    published_plan(dog, vet)
    key = owner_a_client.get(dog_url(dog)).context["care"]["today"][0][0].key
    CareTaskTick.objects.create(owner=owner_a, dog=dog, task_key=key,
                                on=timezone.localdate() - timedelta(days=1))
    assert owner_a_client.get(dog_url(dog)).context["care"]["today"][0][1] is False


def test_only_todays_tasks_can_be_ticked(owner_a_client, dog, vet):
    published_plan(dog, vet)
    assert owner_a_client.post(tick_url(dog), {"task_key": "999:0", "done": "1"}).status_code \
        == 404
    assert owner_a_client.post(tick_url(dog), {"done": "1"}).status_code == 400
    assert not CareTaskTick.objects.exists()


def test_another_owner_cannot_tick_on_this_dog(owner_b_client, dog, vet):
    published_plan(dog, vet)
    assert owner_b_client.post(tick_url(dog), {"task_key": "1:0", "done": "1"}).status_code \
        == 404


def test_the_care_sheet_prints_the_published_plan(owner_a_client, dog, vet):
    published_plan(dog, vet, owner_instructions="Gloves on for the gel.")
    sheet = owner_a_client.get(reverse("portal:care_sheet", kwargs={"dog_uuid": dog.public_id}))
    assert sheet.status_code == 200
    assert b"Gloves on for the gel." in sheet.content
    assert b"data-print" in sheet.content


def test_the_owner_s_sheet_is_the_staff_sheet_with_the_clinic_to_call(owner_a_client,
                                                                      vet_client, dog, vet):
    from django.conf import settings

    plan = published_plan(dog, vet, owner_instructions="Gloves on for the gel.")
    owner_sheet = owner_a_client.get(
        reverse("portal:care_sheet", kwargs={"dog_uuid": dog.public_id})
    )
    staff_sheet = vet_client.get(reverse("cases:care_sheet", kwargs={"plan_id": plan.pk}))
    for name in ("plan", "schedule_grid", "clinic_phone", "clinic_name", "printed_on"):
        assert owner_sheet.context[name] == staff_sheet.context[name]
    assert settings.CLINIC_PHONE in owner_sheet.content.decode()
