"""How an appointment's reminder is getting on, one row per channel (e-mail, text message).

Each channel is claimed, sent and recorded on its own, so a text message that fails never
makes the e-mail go out again, and reception can see which channel failed and why.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic.accounts.querysets import AudienceQuerySet
from clinic.scheduling.models.appointments import Appointment
from clinic.sites.scoping import site_scoped_manager


class ReminderDeliveryQuerySet(AudienceQuerySet):
    site_field = "appointment__site"

    def open(self):
        """Not yet sent and not given up: the sender will try these again."""
        return self.filter(status__in=(ReminderDelivery.Status.PENDING,
                                       ReminderDelivery.Status.FAILED))

    def problems(self, now=None):
        """Failed (waiting for a retry) or given up, for reception's list: appointments of
        the past week and later (older ones no longer need a call)."""
        since = (now or timezone.now()) - timedelta(days=7)
        return self.filter(
            status__in=(ReminderDelivery.Status.FAILED, ReminderDelivery.Status.GIVEN_UP),
            appointment__start__gte=since,
        )


class ReminderDelivery(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "Text message"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        GIVEN_UP = "given_up", "Given up"

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="reminder_deliveries",
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(
        "sent to", max_length=254, help_text="The e-mail address or mobile number used.",
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Doubles as the claim: a sender moves it forward before sending, so no other sender's
    # conditional UPDATE (next_attempt_at <= now) can take the same channel meanwhile.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField("reason it failed", max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(null=True, blank=True)

    objects = site_scoped_manager(ReminderDeliveryQuerySet)

    class Meta:
        ordering = ["appointment__start", "channel"]
        verbose_name_plural = "reminder deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "channel"], name="one_reminder_delivery_per_channel",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="sent_reminder_has_sent_at",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} reminder for {self.appointment}"
