"""The scheduler's tick: queue each periodic job whose slot has no run yet.

Every node may run the scheduler (`manage.py run_scheduler`); the claim is a row with a
unique (job, slot), so two schedulers ticking at the same moment queue one run between them.
The work itself runs on the task workers (`manage.py db_worker`) of any node.
"""

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from clinic.jobs.models import ScheduledRun

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str  # dotted path of a django-tasks task
    every: timedelta

    def slot(self, now):
        """The start of the interval `now` falls in, the same on every node."""
        return EPOCH + self.every * ((now - EPOCH) // self.every)


def periodic_jobs():
    return [
        PeriodicJob(name, spec["task"], timedelta(minutes=spec["every_minutes"]))
        for name, spec in settings.CLINIC_PERIODIC_JOBS.items()
    ]


def node_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def claim_and_queue(job, now):
    """Queue `job` for its current slot unless a scheduler already did; the run or None."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, slot=job.slot(now), claimed_at=now,
                                              node=node_name())
            # Queued in the same transaction as the claim: both happen, or neither.
            run.task_id = str(import_string(job.task).enqueue().id)
            run.save(update_fields=["task_id"])
    except IntegrityError:
        return None
    return run


def tick(now=None):
    """One pass over the periodic jobs; returns the runs this scheduler queued."""
    now = now or timezone.now()
    return [run for job in periodic_jobs() if (run := claim_and_queue(job, now))]
