"""Operations on owners and dogs that touch several records (or files) at once."""

from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from clinic.lib.uploads import atomic_with_files, store_file
from clinic.patients.models import Dog


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
