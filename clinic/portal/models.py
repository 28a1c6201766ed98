"""What the portal itself keeps: invitations, care-task ticks, account deletion requests,
owners' data exports.

What owners report about their dogs is clinical and lives in `cases` (HomeObservation).
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format

from clinic.lib.status import StatusFlow
from clinic.lib.uploads import upload_to
from clinic.lib.validators import SHORT_TEXT, text_limit
from clinic.patients.models import Dog, Owner


def hash_invitation_token(token):
    """Only this keyed hash is stored, so the database alone never yields a working link."""
    return salted_hmac("clinic.portal.invitation", token, algorithm="sha256").hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Not used, not withdrawn and not expired."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True,
                           expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link that lets an owner set a password and open the portal."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("sent to")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(
        null=True, blank=True, help_text="Withdrawn, e.g. because a newer link was sent."
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.owner} ({date_format(self.created_at)})"

    @classmethod
    def issue(cls, owner, created_by, token=None):
        """Create an invitation; returns (invitation, token). The token is never stored."""
        token = token or secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = cls.objects.create(
            owner=owner,
            email=owner.email,
            token_hash=hash_invitation_token(token),
            created_by=created_by,
            created_at=now,
            expires_at=now + timedelta(days=settings.CLINIC_INVITATION_DAYS),
        )
        return invitation, token

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return self.used_at is None and self.revoked_at is None and not self.is_expired


class CareTaskTick(models.Model):
    """An owner's "done today" tick on one task of the care schedule.

    `task_key` is the treatment schedule's stable key for the task, so a tick survives the
    page being rebuilt; ticks are only ever made for the day they are made on."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="care_ticks")
    dog = models.ForeignKey(Dog, on_delete=models.CASCADE, related_name="care_ticks")
    on = models.DateField(default=timezone.localdate)
    task_key = models.CharField(max_length=120)
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "task_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "dog", "on", "task_key"], name="one_tick_per_task_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.dog}: {self.task_key} done on {date_format(self.on)}"


class DeletionRequest(models.Model):
    """An owner asks the clinic to delete their account; the administrator handles it."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="deletion_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True, **text_limit(SHORT_TEXT))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    outcome = models.TextField(
        blank=True, **text_limit(5000),
        help_text="What was deleted or kept, and why (e.g. records the law "
        "requires the clinic to keep)."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One at a time: a second request while one is open only repeats the first.
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(handled_at__isnull=True),
                name="one_open_deletion_request_per_owner",
            ),
        ]

    def __str__(self):
        return f"Deletion request from {self.owner} ({date_format(self.created_at)})"

    @property
    def is_open(self):
        return self.handled_at is None


class DataExportQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(expires_at__lte=timezone.now())

    def unexpired(self):
        """Being prepared, or finished and still kept (what the account page lists)."""
        return self.exclude(expires_at__lte=timezone.now())

    def downloadable(self):
        return self.unexpired().filter(status=DataExport.Status.READY)


class DataExport(StatusFlow, models.Model):
    """An owner's "download my data": asked for on the account page, built into a zip by a
    task on the workers (clinic.portal.tasks), kept for CLINIC_EXPORT_DAYS, then deleted."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    TRANSITIONS = {
        Status.REQUESTED: (Status.READY, Status.FAILED),
        Status.READY: (),
        Status.FAILED: (),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set when it finishes; the clean-up job deletes the row and its archive after it.
    expires_at = models.DateTimeField(null=True, blank=True)
    archive = models.FileField(upload_to=upload_to("exports"), blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # One at a time: a second click while one is being prepared only repeats it.
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(status="requested"),
                name="one_pending_data_export_per_owner",
            ),
        ]

    def __str__(self):
        return f"Data export for {self.owner} ({date_format(self.requested_at)})"

    @property
    def download_name(self):
        return f"my-data-{timezone.localtime(self.finished_at):%Y-%m-%d}.zip"
