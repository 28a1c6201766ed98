"""Off-boarding: when an owner leaves (archived), loses their login (deactivated) or has
a deletion request handled, everything that reaches their records without a login stops
working: the calendar-feed URL and any invitation link not yet used.

The models that change live in apps below the portal (patients, accounts), so the portal
listens for their saves (connected in PortalConfig.ready) instead of being imported.
"""

from django.utils import timezone

from clinic.scheduling.services import revoke_feed_tokens


def cut_off(owner):
    revoke_feed_tokens(owner)
    owner.invitations.pending().update(revoked_at=timezone.now())


def owner_saved(sender, instance, **kwargs):
    if instance.archived_at is not None:
        cut_off(instance)


def user_saved(sender, instance, **kwargs):
    owner = getattr(instance, "owner_profile", None) if not instance.is_active else None
    if owner is not None:
        cut_off(owner)


def deletion_request_saved(sender, instance, **kwargs):
    if instance.handled_at is not None:
        cut_off(instance.owner)
