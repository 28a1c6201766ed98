"""Download my data; ask for my account to be deleted."""

import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from clinic.portal.models import DeletionRequest
from clinic.sites.models import Clinic
from tests.factories.portal import (
    HomeObservationFactory,
    HomeObservationPhotoFactory,
    give_dog_a_photo,
)

pytestmark = pytest.mark.django_db


def export_of(client):
    response = client.get(reverse("portal:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_a_readable_summary_and_the_owners_photos(owner_a, owner_a_client):
    dog = give_dog_a_photo(owner_a.dogs.get())
    observation = HomeObservationFactory(dog=dog, note="Scratching at night.")
    HomeObservationPhotoFactory(observation=observation)
    archive = export_of(owner_a_client)
    names = archive.namelist()
    summary = archive.read("summary.html").decode()
    assert "Alice Owner" in summary
    assert "alice@example.org" in summary
    assert "Bramble" in summary
    assert "Scratching at night." in summary
    photo_names = [n for n in names if n.startswith("photos/Bramble/")]
    assert len(photo_names) == 2  # the dog's photo and the report's photo
    report_photo = next(n for n in photo_names if "report-" in n)
    assert report_photo in summary
    assert archive.read(report_photo).startswith(b"\x89PNG")


def test_the_export_holds_nothing_of_another_owner(owner_a_client, owner_b):
    dog_b = give_dog_a_photo(owner_b.dogs.get())
    HomeObservationPhotoFactory(observation__dog=dog_b, observation__note="Bob's words")
    archive = export_of(owner_a_client)
    summary = archive.read("summary.html").decode()
    assert "Rufus" not in summary
    assert "Bob" not in summary
    assert all(name == "summary.html" for name in archive.namelist())


def test_a_deletion_request_reaches_the_administrator(
    settings, owner_a, owner_a_client, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Admin", "boss@example.org")]
    site = Clinic.objects.main()  # the group's main site receives it
    site.email = "desk@example.org"
    site.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_a_client.post(reverse("portal:deletion_request"),
                                       {"reason": "Moving abroad", "confirm": "on"},
                                       follow=True)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    request = DeletionRequest.objects.get()
    assert (request.owner, request.reason) == (owner_a, "Moving abroad")
    assert sorted(mail.outbox[0].to) == ["boss@example.org", "desk@example.org"]
    assert "Alice Owner" in mail.outbox[0].subject
    assert f"/admin/portal/deletionrequest/{request.pk}/" in mail.outbox[0].body
    assert b"We have your request" in response.content
    assert b"You asked us to delete your account" in response.content


def test_a_deletion_request_needs_the_box_ticked(owner_a_client):
    response = owner_a_client.post(reverse("portal:deletion_request"), {"reason": "Keep me"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert b"Keep me" in response.content
    assert not DeletionRequest.objects.exists()
    assert not mail.outbox


def test_deletion_requests_are_in_the_admin(owner_a, admin_client_):
    DeletionRequest.objects.create(owner=owner_a, requested_by=owner_a.user)
    page = admin_client_.get(reverse("admin:portal_deletionrequest_changelist"))
    assert b"Alice Owner" in page.content


def test_a_deletion_request_that_rolls_back_sends_nothing(
    owner_a, django_capture_on_commit_callbacks
):
    from contextlib import suppress

    from django.db import transaction

    from clinic.portal.privacy import request_account_deletion

    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            suppress(RuntimeError), transaction.atomic():
        request_account_deletion(owner_a, owner_a.user, "Moving", lambda path: path)
        raise RuntimeError("database fault later in the request")
    assert callbacks == []
    assert not DeletionRequest.objects.exists()
    assert mail.outbox == []
