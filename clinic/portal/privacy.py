"""An owner's data rights: download what the clinic shares with them; ask for deletion.

The download is background work: the owner asks for it (`request_data_export`), a task on the
workers builds the zip into storage and e-mails the owner (`prepare_data_export`), the account
page offers it for CLINIC_EXPORT_DAYS, and a periodic job deletes it then
(`delete_expired_exports`).
"""

import io
import logging
import posixpath
import re
import zipfile
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from clinic.lib.mail import send_mail_on_commit
from clinic.lib.site import absolute_url
from clinic.lib.status import MoveRefused, move
from clinic.lib.uploads import atomic_with_files, store_file
from clinic.portal import access
from clinic.portal.care import care_for
from clinic.portal.models import DataExport, DeletionRequest
from clinic.sites.models import Clinic
from clinic.sites.scoping import scopes_disabled

logger = logging.getLogger(__name__)

# An export still being prepared after this long lost its worker: it is given up, so the
# owner may ask again.
PREPARING_AT_MOST = timedelta(days=1)


def _safe(name):
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "file"


def export_context(user):
    """Everything the owner may see, for the readable summary (nothing staff-only)."""
    owner = access.owner_for(user)
    dogs = list(access.dogs_visible_to(user).select_related("breed"))
    for dog in dogs:
        dog.export_care = care_for(user, dog)
        dog.export_results = access.shared_results_for(user, dog)
        dog.export_appointments = list(access.upcoming_appointments_for(user).filter(dog=dog))
    observations = list(
        access.observations_visible_to(user)
        .select_related("dog")
        .prefetch_related("photos")
        .order_by("dog__name", "observed_on", "created_at")
    )
    main_site = Clinic.objects.main()
    return {
        "owner": owner,
        "dogs": dogs,
        "observations": observations,
        "generated_at": timezone.now(),
        # The group is the data controller: its main site speaks for it.
        "clinic_name": main_site.name,
        "clinic_phone": main_site.phone,
        "clinic_email": main_site.email,
    }


def _write_file(archive, arcname, fieldfile):
    with fieldfile.storage.open(fieldfile.name, "rb") as handle:
        archive.writestr(arcname, handle.read())


def build_export(user):
    """A zip (bytes): summary.html plus the owner's photos, named so a person can read them."""
    context = export_context(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for dog in access.files_visible_to(user)["dog_photos"]:
            ext = posixpath.splitext(dog.photo.name)[1]
            _write_file(archive, f"photos/{_safe(dog.name)}/{_safe(dog.name)}{ext}", dog.photo)
        for observation in context["observations"]:
            for number, photo in enumerate(observation.photos.all(), start=1):
                ext = posixpath.splitext(photo.image.name)[1]
                photo.export_name = (
                    f"photos/{_safe(observation.dog.name)}/report-"
                    f"{observation.observed_on:%Y-%m-%d}-{observation.pk}-{number}{ext}"
                )
                _write_file(archive, photo.export_name, photo.image)
        archive.writestr("summary.html", render_to_string("portal/export/summary.html", context))
    return buffer.getvalue()


def request_data_export(owner):
    """Record the owner's request and queue the task that builds it (on commit). One at a
    time: asking again while one is being prepared is refused."""
    try:
        with transaction.atomic():
            export = DataExport.objects.create(owner=owner)
    except IntegrityError:  # one_pending_data_export_per_owner
        raise ValidationError(
            "We are already preparing your data and will e-mail you when it is ready."
        ) from None
    transaction.on_commit(lambda: prepare_data_export.enqueue(export.pk))
    return export


def _finish(export, status, **changes):
    now = timezone.now()
    return move(export, status, by=None, finished_at=now,
                expires_at=now + timedelta(days=settings.CLINIC_EXPORT_DAYS), **changes)


@task()
def prepare_data_export(export_id):
    """Build the owner's zip into storage, mark it ready and e-mail them; on any error mark
    it failed (the account page says so) and fail the task, so its result keeps the error."""
    export = DataExport.objects.select_related("owner__user").get(pk=export_id)
    if export.status != DataExport.Status.REQUESTED:
        return  # already finished (a task queued twice)
    owner = export.owner
    try:
        # What the owner's own portal requests see: scopes off, their for_owner lookups
        # deciding (clinic.sites.scoping), so an owner's visits at every site are in it.
        with scopes_disabled():
            data = build_export(owner.user)
        with atomic_with_files():
            store_file(export.archive, ContentFile(data, name=f"my-data-{export.public_id}.zip"))
            export = _finish(export, DataExport.Status.READY, archive=export.archive.name)
            send_mail_on_commit(
                f"Your data from {Clinic.objects.main().name} is ready",
                render_to_string("portal/email/export_ready.txt", {
                    "owner": owner, "export": export,
                    "account_url": absolute_url(reverse("portal:account")),
                    "days": settings.CLINIC_EXPORT_DAYS,
                }),
                [owner.email],
            )
    except Exception:
        logger.exception("The data export %s for owner %s could not be prepared.",
                         export_id, owner.pk)
        with suppress(MoveRefused):  # it became ready meanwhile
            _finish(export, DataExport.Status.FAILED)
        raise


@task()
def delete_expired_exports():
    """Periodic: delete exports past their expiry with their archives, and give up exports
    whose worker never finished them. Returns how many were deleted."""
    for stuck in DataExport.objects.filter(status=DataExport.Status.REQUESTED,
                                           requested_at__lte=timezone.now() - PREPARING_AT_MOST):
        with suppress(MoveRefused):  # its task finished it just now
            _finish(stuck, DataExport.Status.FAILED)
    # Each row's archive with it, on commit (offboarding.export_deleted, sent per row).
    deleted, _ = DataExport.objects.expired().delete()
    return deleted


@transaction.atomic
def request_account_deletion(owner, user, reason, build_absolute_uri):
    """Record the request (the administrator handles it in the admin) and tell the clinic,
    by an e-mail queued on commit. An owner has at most one open request; asking again while
    it is open is refused."""
    already = ValidationError(
        "We already have your request to delete your account and are working on it."
    )
    if owner.deletion_requests.filter(handled_at__isnull=True).exists():
        raise already
    try:
        with transaction.atomic():
            deletion = DeletionRequest.objects.create(
                owner=owner, requested_by=user, reason=reason
            )
    except IntegrityError:  # a second request sent at the same moment
        raise already from None
    main_email = Clinic.objects.main().email
    recipients = [address for _, address in settings.ADMINS] + ([main_email] if main_email else [])
    admin_url = build_absolute_uri(
        reverse("admin:portal_deletionrequest_change", args=[deletion.pk])
    )
    send_mail_on_commit(
        f"Account deletion request from {owner.full_name}",
        render_to_string("portal/email/deletion_request.txt", {
            "owner": owner, "deletion": deletion, "admin_url": admin_url,
        }),
        sorted(set(filter(None, recipients))),
    )
    return deletion
