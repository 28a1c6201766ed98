"""Owners' private calendar feed: a secret URL their calendar app polls."""

import secrets

from django.db import models
from django.utils import timezone

from clinic.patients.models import Owner


def new_token():
    return secrets.token_urlsafe(32)


class CalendarFeedTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeedToken(models.Model):
    """The secret in an owner's feed URL. Revoking it kills the old URL for good; an owner
    has at most one active token (clinic.scheduling.services.feeds.rotate_feed_token)."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="calendar_feed_tokens")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_feed_token_per_owner",
            ),
        ]

    def __str__(self):
        state = "revoked" if self.revoked_at else "active"
        return f"Calendar feed of {self.owner} ({state})"
