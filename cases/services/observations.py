"""Owners' home reports: recording one (with its photos) and a vet acknowledging it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, HomeObservation, HomeObservationPhoto
from cases.timeline import TimelineEntry
from clinic.lib.uploads import atomic_with_files, store_file


@atomic_with_files()
def record_home_observation(dog, reported_by, images=(), **fields):
    """Store an owner's report on `dog` with its photos (ProcessedImages from the upload
    pipeline), attached to the dog's open case if there is one."""
    observation = HomeObservation(
        dog=dog,
        reported_by=reported_by,
        case=Case.objects.open().filter(dog=dog).first(),
        **fields,
    )
    observation.full_clean()
    observation.save()
    for image in images:
        photo = HomeObservationPhoto(
            observation=observation, width=image.width, height=image.height
        )
        store_file(photo.image, image.content)
        store_file(photo.thumbnail, image.thumbnail)
        photo.save()
    return observation


def acknowledge_observation(observation, vet, note=""):
    """A vet confirms they have seen an urgent report; it then leaves the dashboard.

    Raises PermissionDenied for anyone who is not a vet, ValidationError if another vet
    acknowledged it first (the note of the first one is kept)."""
    if not vet.has_perm("cases.acknowledge_homeobservation"):
        raise PermissionDenied("Only a vet can acknowledge an owner's report.")
    with transaction.atomic():
        locked = HomeObservation.objects.select_for_update().get(pk=observation.pk)
        if locked.is_acknowledged:
            raise ValidationError(
                f"{locked.acknowledged_by} already acknowledged this report "
                f"at {timezone.localtime(locked.acknowledged_at):%H:%M on %d/%m/%Y}."
            )
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = vet
        locked.acknowledgement_note = note.strip()
        locked.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    observation.refresh_from_db()
    return observation


def urgent_observations(vet):
    """Urgent reports no vet has acknowledged yet, for `vet`'s dashboard: those on cases
    they attend, and those on dogs with no open case (which no one else would see)."""
    return (
        HomeObservation.objects.visible_to(vet)
        .awaiting_acknowledgement()
        .filter(Q(case__attending_vet=vet) | Q(case__isnull=True))
        .select_related("dog", "dog__owner", "case")
        .order_by("-created_at")
    )


def observation_timeline_entries(case, user):
    """The case timeline's source for home reports (registered in CasesConfig.ready)."""
    observations = (
        HomeObservation.objects.visible_to(user)
        .filter(case=case)
        .select_related("acknowledged_by")
        .prefetch_related("photos")
    )
    return [
        TimelineEntry(
            kind="home_observation",
            when=observation.created_at,
            title=f"Owner's report: lesions {observation.get_lesion_trend_display().lower()}",
            template="cases/observations/timeline_entry.html",
            obj=observation,
        )
        for observation in observations
    ]
