"""Operations on owners and dogs that touch several records (or files) at once."""

from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from clinic.lib.uploads import atomic_with_files, store_file
from clinic.patients.models import Dog, Owner


class DuplicateMicrochip(Exception):
    """Another dog took this microchip number between the form's check and the save."""


class DogHasClinicalRecords(Exception):
    """A dog with clinical records is never deleted; `kinds` says which records it has."""

    def __init__(self, dog, kinds):
        self.dog = dog
        self.kinds = kinds
        super().__init__(f"{dog} has clinical records: {', '.join(kinds)}.")


def _save_dog(dog, photo=None):
    if photo:
        old = [f.name for f in (dog.photo, dog.photo_thumbnail) if f]
        # Stored inside the callers' atomic_with_files: a failed save takes the files with it.
        store_file(dog.photo, photo.content)
        store_file(dog.photo_thumbnail, photo.thumbnail)
        # Remove the replaced files only once the new ones are part of the record.
        storage = dog.photo.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in old])
    try:
        with transaction.atomic():
            dog.save()
    except IntegrityError:
        others = Dog.objects.filter(microchip=dog.microchip).exclude(pk=dog.pk)
        if dog.microchip and others.exists():
            raise DuplicateMicrochip(dog.microchip) from None
        raise
    return dog


@atomic_with_files()
def register_owner_with_dog(owner, dog, photo=None):
    """Save a new owner and their first dog together: both or neither."""
    owner.save()
    dog.owner = owner
    return _save_dog(dog, photo)


@atomic_with_files()
def save_dog(dog, photo=None):
    """Save a new or edited dog, storing a newly uploaded photo and its thumbnail."""
    return _save_dog(dog, photo)


def archive_dog(dog):
    """Hide a dog from day-to-day lists; every record of it stays."""
    if dog.archived_at is None:
        dog.archived_at = timezone.now()
        dog.save(update_fields=["archived_at"])


def restore_dog(dog):
    dog.archived_at = None
    dog.save(update_fields=["archived_at"])


@transaction.atomic
def archive_owner(owner):
    """Archive an owner (e.g. moved away) and, with them, every dog of theirs."""
    now = timezone.now()
    owner.archived_at = owner.archived_at or now
    owner.save(update_fields=["archived_at"])
    for dog in owner.dogs.select_for_update().filter(archived_at__isnull=True):
        dog.archived_at = now
        dog.save(update_fields=["archived_at"])


@transaction.atomic
def restore_owner(owner):
    """Bring an archived owner back; their dogs archived with them come back too."""
    archived_at = owner.archived_at
    owner.archived_at = None
    owner.save(update_fields=["archived_at"])
    for dog in owner.dogs.filter(archived_at=archived_at):
        dog.archived_at = None
        dog.save(update_fields=["archived_at"])


def clinical_record_kinds(dog):
    """Names of the kinds of record that keep this dog from being deleted.

    Its weight history, and whatever other apps hold about it (cases …), found through
    the PROTECT relations they declare to Dog, so this module need not know them."""
    kinds = ["weight records"] if dog.weights.exists() else []
    for relation in Dog._meta.related_objects:
        if relation.on_delete is not models.PROTECT:
            continue
        if relation.related_model._base_manager.filter(**{relation.field.name: dog}).exists():
            kinds.append(str(relation.related_model._meta.verbose_name_plural))
    return kinds


@transaction.atomic
def delete_dog(dog):
    """Delete a dog registered by mistake. A dog with clinical records is refused
    (DogHasClinicalRecords): archive it instead."""
    kinds = clinical_record_kinds(dog)
    if kinds:
        raise DogHasClinicalRecords(dog, kinds)
    files = [f.name for f in (dog.photo, dog.photo_thumbnail) if f]
    storage = dog.photo.storage
    try:
        dog.delete()
    except ProtectedError as error:  # a relation added after the check above
        kinds = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
        raise DogHasClinicalRecords(dog, kinds) from None
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


class MergeRefused(Exception):
    """Two owners cannot be merged as they are; the message says what to do first."""


def _move_rows(rows, field, keep, merged):
    if not hasattr(rows.model, "history"):
        # One UPDATE, no save signals: a moved, long-handled deletion request must not
        # off-board the kept owner (portal.offboarding listens for its saves).
        rows.update(**{field: keep})
        return
    for row in rows.select_for_update():
        setattr(row, field, keep)
        row._change_reason = f"Owner {merged.full_name} (#{merged.pk}) merged into #{keep.pk}"
        row.save(update_fields=[field])


def _move_feed_tokens(rows, field, keep, merged):
    """One active calendar feed per owner: the merged owner's keeps working only when the
    kept owner has none; otherwise it is revoked (its URL stops answering)."""
    if rows.model._base_manager.filter(**{field: keep, "revoked_at__isnull": True}).exists():
        rows.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    _move_rows(rows, field, keep, merged)


def _move_invitations(rows, field, keep, merged):
    """A kept owner who has a login needs no other invitation: the merged owner's unused
    ones are revoked (accepting one would make a second login)."""
    if keep.user_id:
        rows.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _move_rows(rows, field, keep, merged)


def _refuse_open_deletion_request(rows, field, keep, merged):
    if rows.filter(handled_at__isnull=True).exists():
        raise MergeRefused(
            f"{merged.full_name} has asked for their account to be deleted: handle that "
            f"request first."
        )
    _move_rows(rows, field, keep, merged)


# How each record pointing at an owner follows a merge (model label → how). A relation
# missing here refuses the merge, so a new one cannot be silently left on the merged owner.
# Appointments, change requests, cases, consents and observations belong to a dog, so they
# move with it.
MERGE_RULES = {
    "patients.Dog": _move_rows,
    "portal.Invitation": _move_invitations,
    "portal.CareTaskTick": _move_rows,
    "portal.DeletionRequest": _refuse_open_deletion_request,
    # Only an owner with a portal login has exports, and a merge keeps one login: they move.
    "portal.DataExport": _move_rows,
    "scheduling.CalendarFeedToken": _move_feed_tokens,
}
# Contact details the kept owner lacks are taken from the merged one.
FILLED_FROM_MERGED = ["email", "address", "postcode"]


def owner_relations():
    """Every relation from another model to Owner, except history (which keeps the past)."""
    return [
        relation for relation in Owner._meta.related_objects
        if not relation.related_model._meta.label.split(".")[1].startswith("Historical")
        and relation.field.model is not Owner
    ]


@transaction.atomic
def merge_owners(keep, merged, by):
    """Merge `merged` into `keep`, the clinic's one record of this person: every dog
    (with its cases and appointments), invitation, calendar feed and care tick moves to
    `keep`, and the portal login too when only `merged` has one. `merged` is archived,
    with the merge in both owners' history. Refused (MergeRefused) when both have a portal
    login: the owner would lose one of their passwords without being asked."""
    if keep.pk == merged.pk:
        raise MergeRefused("Choose two different owners.")
    keep, merged = (Owner.objects.select_for_update().get(pk=owner.pk) for owner in (keep, merged))
    if keep.user_id and merged.user_id:
        raise MergeRefused(
            f"Both {keep.full_name} and {merged.full_name} have a portal login. Ask the owner "
            f"which one they use, and have the administrator deactivate the other first."
        )
    for relation in owner_relations():
        rule = MERGE_RULES.get(relation.related_model._meta.label)
        if rule is None:
            kind = relation.related_model._meta.verbose_name_plural
            raise MergeRefused(f"Merging does not know how to move {kind}.")
        field = relation.field.name
        rule(relation.related_model._base_manager.filter(**{field: merged}), field, keep, merged)
    user = merged.user
    if user is not None:
        merged.user = None
        merged.save(update_fields=["user"])  # a one-to-one: free it before it moves
    for name in FILLED_FROM_MERGED:
        if not getattr(keep, name) and getattr(merged, name):
            setattr(keep, name, getattr(merged, name))
    keep.user = keep.user or user
    keep._history_user = by
    keep._change_reason = f"Merged {merged.full_name} (#{merged.pk}) into this owner"[:100]
    keep.save()
    merged.archived_at = merged.archived_at or timezone.now()
    merged.staff_notes = (
        f"Merged into {keep.full_name} (#{keep.pk}) on {timezone.localdate():%d %b %Y}.\n"
        f"{merged.staff_notes}"
    )[:Owner._meta.get_field("staff_notes").max_length]
    merged._history_user = by
    merged._change_reason = f"Merged into {keep.full_name} (#{keep.pk})"[:100]
    merged.save()
    return keep
