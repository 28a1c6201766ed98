"""The scheduler queues each periodic run once per slot, however many nodes run it."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from clinic.jobs.models import ScheduledRun
from clinic.jobs.services import periodic_jobs, tick

NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_tick_queues_the_reminder_run_and_the_export_clean_up_for_the_workers():
    runs = {run.job: run for run in tick(NOON + timedelta(minutes=3))}
    assert set(runs) == {"send_reminders", "delete_expired_exports"}
    assert runs["send_reminders"].slot == NOON  # 15-minute slots
    assert runs["delete_expired_exports"].slot == NOON  # hourly
    assert {DBTaskResult.objects.get(id=run.task_id).task_path for run in runs.values()} == {
        "clinic.scheduling.tasks.send_reminders", "clinic.portal.privacy.delete_expired_exports"}


@pytest.mark.django_db
def test_a_second_tick_in_the_same_slot_queues_nothing_and_the_next_slot_queues_again():
    tick(NOON)
    assert tick(NOON + timedelta(minutes=14, seconds=59)) == []
    # The reminders' next slot; the hourly clean-up already ran for this hour.
    assert [(run.job, run.slot) for run in tick(NOON + timedelta(minutes=15))] == [
        ("send_reminders", NOON + timedelta(minutes=15))]
    assert DBTaskResult.objects.count() == 3


@pytest.mark.django_db
def test_the_interval_comes_from_the_settings(settings):
    settings.CLINIC_PERIODIC_JOBS = {
        "send_reminders": {"task": "clinic.scheduling.tasks.send_reminders",
                           "every_minutes": 60}}
    (job,) = periodic_jobs()
    assert job.slot(NOON + timedelta(minutes=59)) == NOON


@pytest.mark.django_db
def test_the_command_runs_one_pass(capsys):
    call_command("run_scheduler", "--once")
    out = capsys.readouterr().out
    assert "Queued send_reminders" in out
    assert "Queued delete_expired_exports" in out
    assert ScheduledRun.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL: SQLite serialises writers, so there is no race")
def test_two_schedulers_ticking_at_once_queue_one_run_per_job(committed_test_database,
                                                               django_db_blocker):
    """Two nodes' schedulers (threads with their own connections) tick in the same slot."""
    schedulers = 6
    barrier = threading.Barrier(schedulers)
    queued = []

    def scheduler():
        try:
            barrier.wait()
            queued.extend(tick(NOON))
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        before = DBTaskResult.objects.count()
        try:
            threads = [threading.Thread(target=scheduler) for _ in range(schedulers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            jobs = len(periodic_jobs())  # each job's run for the slot, once
            assert len(queued) == jobs
            assert ScheduledRun.objects.filter(slot=NOON).count() == jobs
            assert DBTaskResult.objects.count() == before + jobs
        finally:
            ScheduledRun.objects.filter(slot=NOON).delete()
            DBTaskResult.objects.filter(id__in=[run.task_id for run in queued]).delete()
