"""An owner's data rights: download what the clinic shares with them; ask for deletion."""

import io
import posixpath
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clinic.lib.mail import send_mail_on_commit
from clinic.portal import access
from clinic.portal.care import care_for
from clinic.portal.models import DeletionRequest
from clinic.sites.models import Clinic


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
