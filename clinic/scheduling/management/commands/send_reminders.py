from django.core.management.base import BaseCommand

from clinic.scheduling.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Send the appointment reminders now due (for cron). Safe to run as often as you "
        "like: each reminder goes out once. --enqueue puts the job on the task queue instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the job for the task worker instead of running it here.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = send_reminders.enqueue()
            self.stdout.write(f"Queued reminder run {result.id}.")
            return
        counts = send_reminders.call()
        self.stdout.write(
            f"Reminders sent: {counts['sent']}; skipped (no consent or no contact): "
            f"{counts['skipped']}."
        )
