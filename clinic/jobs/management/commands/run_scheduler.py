import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from clinic.jobs.services import tick

TICK_SECONDS = 30


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs (settings.CLINIC_PERIODIC_JOBS) as they fall due, for the "
        "task workers. Run it on as many nodes as you like: each slot's run is queued once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")

    def handle(self, *args, once=False, **options):
        while True:
            for run in tick():
                self.stdout.write(f"Queued {run} (task {run.task_id}).")
            if once:
                return
            close_old_connections()  # a long-lived process must not keep a dead connection
            time.sleep(TICK_SECONDS)
