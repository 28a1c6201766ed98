"""The owner's care schedule with today's "done" ticks."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.services.care import care_schedule
from clinic.portal import access
from clinic.portal.models import CareTaskTick

SCHEDULE_DAYS = 7


def care_for(user, dog):
    """{"plan", "schedule", "today"} for the dog page, or None when nothing is published.

    `today` is today's tasks as (task, done) pairs; only today can be ticked."""
    plan = access.current_plan_for(user, dog)
    if plan is None:
        return None
    today = timezone.localdate()
    schedule = care_schedule(plan, today, SCHEDULE_DAYS)
    done = set(
        CareTaskTick.objects.filter(owner__user=user, dog=dog, on=today)
        .values_list("task_key", flat=True)
    )
    return {
        "plan": plan,
        "schedule": schedule,
        "today": [(task, task.key in done) for task in schedule[0].tasks],
    }


def todays_task(user, dog, task_key):
    """The task of today's schedule with this key, or None (ticks are only for today)."""
    care = care_for(user, dog)
    if care is None:
        return None
    return next((task for task, _ in care["today"] if task.key == task_key), None)


def set_tick(owner, dog, task_key, done):
    """Tick (or untick) a task for today; ticking twice keeps one tick."""
    today = timezone.localdate()
    if not done:
        CareTaskTick.objects.filter(owner=owner, dog=dog, on=today, task_key=task_key).delete()
        return
    try:
        with transaction.atomic():
            CareTaskTick.objects.get_or_create(owner=owner, dog=dog, on=today, task_key=task_key)
    except IntegrityError:  # a double tap raced us to it
        pass
