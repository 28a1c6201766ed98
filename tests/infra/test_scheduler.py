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
def test_a_tick_queues_the_reminder_run_for_the_workers():
    (run,) = tick(NOON + timedelta(minutes=3))
    assert run.job == "send_reminders"
    assert run.slot == NOON  # 15-minute slots
    task = DBTaskResult.objects.get(id=run.task_id)
    assert task.task_path == "clinic.scheduling.tasks.send_reminders"


@pytest.mark.django_db
def test_a_second_tick_in_the_same_slot_queues_nothing_and_the_next_slot_queues_again():
    tick(NOON)
    assert tick(NOON + timedelta(minutes=14, seconds=59)) == []
    assert [run.slot for run in tick(NOON + timedelta(minutes=15))] == [
        NOON + timedelta(minutes=15)]
    assert DBTaskResult.objects.count() == 2


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
    assert "Queued send_reminders" in capsys.readouterr().out
    assert ScheduledRun.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL: SQLite serialises writers, so there is no race")
def test_two_schedulers_ticking_at_once_queue_one_run(committed_test_database, django_db_blocker):
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
            assert len(queued) == 1
            assert ScheduledRun.objects.filter(slot=NOON).count() == 1
            assert DBTaskResult.objects.count() == before + 1
        finally:
            ScheduledRun.objects.filter(slot=NOON).delete()
            DBTaskResult.objects.filter(id__in=[run.task_id for run in queued]).delete()
