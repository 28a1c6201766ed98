"""Off-boarding: when an owner leaves (archived), loses their login (deactivated) or has
a deletion request handled, everything that reaches their records without a login stops
working: the calendar-feed URL and any invitation link not yet used. When the login goes
(deactivated, or the deletion handled), the owner's data exports go too: no one can
download them any more, and an archive of personal data is not kept for nobody.

The models that change live in apps below the portal (patients, accounts), so the portal
listens for their saves (connected in PortalConfig.ready) instead of being imported.
"""

from django.db import transaction
from django.utils import timezone

from clinic.scheduling.services import revoke_feed_tokens


def cut_off(owner):
    revoke_feed_tokens(owner)
    owner.invitations.pending().update(revoked_at=timezone.now())


def without_login(owner):
    cut_off(owner)
    owner.data_exports.all().delete()  # each archive with its row (export_deleted)


def export_deleted(sender, instance, **kwargs):
    """An export's archive goes with its row, once the deletion is committed (whatever
    deleted it: the clean-up job, the off-boarding, the owner's row in the admin)."""
    if instance.archive:
        name, storage = instance.archive.name, instance.archive.storage
        transaction.on_commit(lambda: storage.delete(name))


def owner_saved(sender, instance, **kwargs):
    if instance.archived_at is not None:
        cut_off(instance)


def user_saved(sender, instance, **kwargs):
    owner = getattr(instance, "owner_profile", None) if not instance.is_active else None
    if owner is not None:
        without_login(owner)


def deletion_request_saved(sender, instance, **kwargs):
    if instance.handled_at is not None:
        without_login(instance.owner)
