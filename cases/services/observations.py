"""Owners' home reports: recording one (with its photos), telling the attending vet when it
is urgent, a vet acknowledging it and replying to the owner."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import Case, HomeObservation, HomeObservationPhoto, ObservationReply
from cases.models.drugs import DrugClass
from cases.models.observations import sees_urgent_queue
from cases.services.notifications import notify_owner_of_reply, notify_urgent_report
from clinic.lib.cache import SharedValue
from clinic.lib.uploads import atomic_with_files, store_file


@atomic_with_files()
def record_home_observation(dog, reported_by, images=(), **fields):
    """Store an owner's report on `dog` with its photos (ProcessedImages from the upload
    pipeline), attached to the dog's open case if there is one, with the adrenal suppressant
    the dog is on (which decides whether the owner is told to stop the dose)."""
    case = Case.objects.open().filter(dog=dog).first()
    observation = HomeObservation(dog=dog, reported_by=reported_by, case=case, **fields)
    observation.adrenal_suppressant = adrenal_suppressant_given(case, observation.observed_on)
    observation.full_clean()
    observation.save()
    for image in images:
        photo = HomeObservationPhoto(
            observation=observation, width=image.width, height=image.height
        )
        store_file(photo.image, image.content)
        store_file(photo.thumbnail, image.thumbnail)
        photo.save()
    if observation.is_urgent:
        notify_urgent_report(observation)
    return observation


def adrenal_suppressant_given(case, day):
    """The name of the adrenal suppressant (trilostane) the case's published plan gives on
    `day`, or "" when there is none."""
    plan = case.current_plan() if case else None
    if plan is None:
        return ""
    for item in plan.items.filter(drug__drug_class=DrugClass.ADRENAL_SUPPRESSANT).select_related(
        "drug"
    ):
        if item.is_active_on(day):
            return item.drug.name
    return ""


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
                f"at {date_format(timezone.localtime(locked.acknowledged_at), 'DATETIME_FORMAT')}."
            )
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = vet
        locked.acknowledgement_note = note.strip()
        locked.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    observation.refresh_from_db()
    return observation


def reply_to_owner(observation, author, body):
    """A short message from the clinic to the owner on their report: kept with the report
    (the owner reads it in the portal) and e-mailed to them. Raises PermissionDenied for
    anyone who may not reply, ValidationError for an empty or too long message."""
    if not author.has_perm("cases.add_observationreply"):
        raise PermissionDenied("Only the clinic's vets and reception can reply to an "
                               "owner's report.")
    reply = ObservationReply(observation=observation, author=author, body=body.strip())
    reply.full_clean()
    with transaction.atomic():
        reply.save()
        notify_owner_of_reply(reply)
    return reply


def urgent_queue(user):
    """The clinic-wide queue of unacknowledged urgent reports, oldest first (the one
    waiting longest is seen first), for every vet and receptionist."""
    return (
        HomeObservation.objects.in_urgent_queue_for(user)
        .select_related("dog", "dog__owner", "case", "case__attending_vet")
        .order_by("created_at", "id")
    )


# The staff navigation shows this count on every page; the queue is clinic-wide (the same
# for everyone who may see it), so one cached number serves all, dropped when a report is
# made, triaged or acknowledged (each a save of the report).
URGENT_COUNT = SharedValue(
    "cases:urgent-report-count",
    lambda: HomeObservation.objects.in_urgent_queue().count(),
    depends_on=["cases.HomeObservation"],
)


def urgent_report_count(user):
    """How many reports wait in `user`'s urgent queue (0 for anyone without one)."""
    return URGENT_COUNT.get() if sees_urgent_queue(user) else 0


# The dashboard shows this many; the rest come up as these are acknowledged (a group with
# thousands unacknowledged rendered them all: 145 KB, docs/benchmarks.md).
DASHBOARD_REPORTS = 20


def reports_awaiting_vet(vet, limit=None):
    """Urgent and priority-review reports no vet has acknowledged yet, urgent first, for
    `vet`'s dashboard: those on cases they attend, and those on dogs with no open case
    (which no one else would see). At most `limit` when given."""
    # `case IN (the vet's cases)` rather than a join: the join's OR made PostgreSQL scan
    # every case; the subquery uses the attending-vet index.
    awaiting = (
        HomeObservation.objects.visible_to(vet)
        .awaiting_acknowledgement()
        .filter(Q(case__in=Case.objects.filter(attending_vet=vet).values("pk"))
                | Q(case__isnull=True))
        .urgent_first()
    )
    if limit is not None:
        # The ids first, then their rows: sorting the joined rows read every candidate's
        # dog and owner before the limit.
        awaiting = HomeObservation.objects.filter(
            pk__in=awaiting.values("pk")[:limit]).urgent_first()
    return awaiting.select_related("dog", "dog__owner", "case")
