"""The ONE place that decides what a portal owner may see.

Every function starts from the logged-in user's own Owner row, never from an id in the
URL; ids from the URL are then looked up *inside* those sets, so another owner's record is
a 404 (never a 403 that would confirm it exists). Anyone who is not a portal owner gets
empty sets. What is shared on top of ownership (published plans, results the vet chose to
share) is filtered here too, so a portal view cannot forget it.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.models import (
    Case,
    HomeObservation,
    HomeObservationPhoto,
    SharedResult,
    TreatmentPlan,
)
from clinic.patients.models import Dog, Owner
from clinic.scheduling.models import Appointment


def owner_for(user):
    """The Owner row of the logged-in portal user; 404 for anyone else."""
    if not user.is_authenticated or not user.is_portal_owner:
        raise Http404("No owner account.")
    return get_object_or_404(Owner.objects.visible_to(user).filter(archived_at__isnull=True),
                             user=user)


def _is_owner(user):
    return user.is_authenticated and user.is_portal_owner


def dogs_visible_to(user):
    """The owner's own dogs (not archived ones)."""
    if not _is_owner(user):
        return Dog.objects.none()
    return Dog.objects.visible_to(user).filter(
        owner__user=user, owner__archived_at__isnull=True, archived_at__isnull=True
    )


def get_dog_for(user, dog_uuid):
    return get_object_or_404(dogs_visible_to(user).select_related("breed"), public_id=dog_uuid)


def cases_visible_to(user):
    """The cases of the owner's dogs. Portal pages show only what is published or shared
    from them (plans, results), never the case record itself."""
    return Case.objects.filter(dog__in=dogs_visible_to(user))


def current_plan_for(user, dog):
    """The published plan of `dog`'s open case (the care instructions the owner follows),
    or None. Drafts and superseded versions never reach the portal."""
    return (
        TreatmentPlan.objects.visible_to(user)
        .published()
        .filter(case__in=cases_visible_to(user).open(), case__dog=dog)
        .select_related("case")
        .prefetch_related("items__drug", "items__strength")
        .first()
    )


def shared_results_for(user, dog):
    """Results the vet chose to share about `dog`, newest first, as (date, what, summary):
    only `shared_with_owner` records, and only their `owner_summary` (plain words)."""
    cases = cases_visible_to(user).filter(dog=dog)
    results = [
        result.owner_result()
        for kind in SharedResult.kinds()
        for result in kind.objects.filter(case__in=cases).shared_with_owner()
    ]
    return sorted(results, key=lambda result: result[0], reverse=True)


def appointments_visible_to(user):
    """The appointments of the owner's dogs."""
    return Appointment.objects.filter(dog__in=dogs_visible_to(user))


def upcoming_appointments_for(user):
    return appointments_visible_to(user).upcoming().select_related(
        "site", "dog", "vet", "appointment_type"
    )


def get_appointment_for(user, appointment_id):
    return get_object_or_404(
        appointments_visible_to(user).select_related("site", "dog", "vet", "appointment_type"),
        pk=appointment_id,
    )


def observations_visible_to(user):
    """The home reports on the owner's dogs."""
    return HomeObservation.objects.filter(dog__in=dogs_visible_to(user))


def get_observation_for(user, observation_uuid):
    return get_object_or_404(observations_visible_to(user), public_id=observation_uuid)


def observation_photos_visible_to(user):
    return HomeObservationPhoto.objects.filter(observation__in=observations_visible_to(user))


def get_observation_photo_for(user, photo_uuid):
    return get_object_or_404(observation_photos_visible_to(user), public_id=photo_uuid)


def files_visible_to(user):
    """Every private file the owner may download: {"dog_photos": dogs with a photo,
    "observation_photos": photos they sent}. Used by the data export."""
    return {
        "dog_photos": dogs_visible_to(user).exclude(photo=""),
        "observation_photos": observation_photos_visible_to(user),
    }
