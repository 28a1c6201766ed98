from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    """One run of a periodic job for one time slot. The unique (job, slot) pair is the claim:
    of all the schedulers running on the group's nodes, only the one whose row went in
    queues the job, so a slot's run never fires twice."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="Start of the interval this run is for.")
    claimed_at = models.DateTimeField(default=timezone.now)
    node = models.CharField(max_length=200, help_text="host:pid of the scheduler that claimed it")
    task_id = models.CharField("queued task", max_length=64, blank=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_and_slot"),
        ]

    def __str__(self):
        return f"{self.job} for {self.slot:%Y-%m-%d %H:%M}"
