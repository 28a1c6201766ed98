"""Download my data; ask for my account to be deleted."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from clinic.portal.models import DataExport, DeletionRequest
from clinic.portal.privacy import (
    PREPARING_AT_MOST,
    delete_expired_exports,
    prepare_data_export,
)
from clinic.sites.models import Clinic
from tests.factories.portal import (
    DataExportFactory,
    HomeObservationFactory,
    HomeObservationPhotoFactory,
    export_of,
    give_dog_a_photo,
    stored_zip,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def download_url(export):
    return reverse("portal:export_download", kwargs={"export_uuid": export.public_id})


def account_page(client):
    return client.get(reverse("portal:account")).content.decode()


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


def test_asking_for_the_export_queues_it_and_e_mails_the_owner_when_it_is_ready(
    owner_a, owner_a_client, settings, django_capture_on_commit_callbacks
):
    settings.CLINIC_SITE_URL = "https://portal.example.org"
    # A queue that holds the task, as the database queue does until a worker takes it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_a_client.post(reverse("portal:export_request"), follow=True)
    assert "We are preparing your data and will e-mail alice@example.org" in (
        response.content.decode())
    export = DataExport.objects.get(owner=owner_a)
    assert export.status == DataExport.Status.REQUESTED
    assert "Being prepared" in account_page(owner_a_client)
    assert mail.outbox == []

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        prepare_data_export.call(export.pk)  # what the worker runs
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    assert export.expires_at - export.finished_at == timedelta(days=7)
    assert default_storage.exists(export.archive.name)
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "is ready" in message.subject
    assert "https://portal.example.org/portal/account/" in message.body
    assert download_url(export) in account_page(owner_a_client)


def test_a_second_click_while_one_is_being_prepared_says_so(owner_a, owner_a_client):
    DataExportFactory(owner=owner_a, status=DataExport.Status.REQUESTED)
    response = owner_a_client.post(reverse("portal:export_request"), follow=True)
    assert "We are already preparing your data" in response.content.decode()
    assert owner_a.data_exports.count() == 1


def test_a_ready_export_may_be_asked_for_again(owner_a, owner_a_client):
    DataExportFactory(owner=owner_a)
    export_of(owner_a_client)
    assert owner_a.data_exports.count() == 2


def test_another_owner_gets_404_for_the_download(owner_a, owner_b_client):
    export = DataExportFactory(owner=owner_a)
    assert owner_b_client.get(download_url(export)).status_code == 404


def test_staff_get_403_for_the_download(owner_a, vet_client):
    assert vet_client.get(download_url(DataExportFactory(owner=owner_a))).status_code == 403


def test_an_expired_or_unfinished_export_is_not_downloaded(owner_a, owner_a_client):
    expired = DataExportFactory(owner=owner_a, finished_at=timezone.now() - timedelta(days=8))
    assert owner_a_client.get(download_url(expired)).status_code == 404
    assert download_url(expired) not in account_page(owner_a_client)
    pending = DataExportFactory(owner=owner_a, status=DataExport.Status.REQUESTED)
    assert owner_a_client.get(download_url(pending)).status_code == 404


def test_the_download_streams_the_stored_zip(owner_a, owner_a_client):
    export = DataExportFactory(owner=owner_a, archive=zip_bytes({"summary.html": "Hello"}))
    response = owner_a_client.get(download_url(export))
    assert response.streaming
    assert response["Content-Disposition"] == (
        f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.zip"')
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_a_failed_export_is_recorded_and_shown(owner_a, owner_a_client, monkeypatch, caplog):
    def broken(user):
        raise OSError("storage unreachable")

    monkeypatch.setattr("clinic.portal.privacy.build_export", broken)
    with TestCase.captureOnCommitCallbacks(execute=True):
        owner_a_client.post(reverse("portal:export_request"))
    export = owner_a.data_exports.get()
    assert export.status == DataExport.Status.FAILED
    assert not export.archive
    assert "could not be prepared" in caplog.text
    assert mail.outbox == []
    assert "Could not be prepared" in account_page(owner_a_client)
    # The owner may ask again.
    monkeypatch.undo()
    export_of(owner_a_client)


def test_the_periodic_clean_up_deletes_expired_exports_and_their_files(
    owner_a, django_capture_on_commit_callbacks
):
    expired = DataExportFactory(owner=owner_a, finished_at=timezone.now() - timedelta(days=8))
    kept = DataExportFactory(owner=owner_a)
    stuck = DataExportFactory(owner=owner_a, status=DataExport.Status.REQUESTED)
    DataExport.objects.filter(pk=stuck.pk).update(
        requested_at=timezone.now() - PREPARING_AT_MOST - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_expired_exports.call() == 1
    assert not DataExport.objects.filter(pk=expired.pk).exists()
    assert not default_storage.exists(expired.archive.name)
    assert default_storage.exists(kept.archive.name)
    stuck.refresh_from_db()
    assert stuck.status == DataExport.Status.FAILED  # its worker died: the owner may ask again


@pytest.mark.parametrize("leaves", ["login deactivated", "deletion handled"])
def test_an_owner_who_loses_the_login_loses_the_exports_and_their_archives(
    owner_a, leaves, django_capture_on_commit_callbacks
):
    export = DataExportFactory(owner=owner_a)
    name = export.archive.name
    with django_capture_on_commit_callbacks(execute=True):
        if leaves == "login deactivated":
            owner_a.user.is_active = False
            owner_a.user.save()
        else:
            DeletionRequest.objects.create(owner=owner_a, reason="Moving away",
                                           handled_at=timezone.now())
    assert not DataExport.objects.filter(owner=owner_a).exists()
    assert not default_storage.exists(name)


def test_an_archive_goes_with_its_export_however_deleted(
    owner_a, django_capture_on_commit_callbacks
):
    export = DataExportFactory(owner=owner_a)
    name = export.archive.name
    with django_capture_on_commit_callbacks(execute=True):
        DataExport.objects.filter(pk=export.pk).delete()  # as the admin's bulk delete does
    assert not default_storage.exists(name)


def test_the_clean_up_is_a_periodic_job(settings):
    from clinic.jobs.services import periodic_jobs

    (job,) = [job for job in periodic_jobs() if job.name == "delete_expired_exports"]
    assert job.task == "clinic.portal.privacy.delete_expired_exports"


@pytest.mark.django_db(transaction=True)
def test_a_db_worker_builds_the_export(owner_a, owner_a_client, settings):
    from django.core.management import call_command
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    give_dog_a_photo(owner_a.dogs.get())
    owner_a_client.post(reverse("portal:export_request"))
    assert owner_a.data_exports.get().status == DataExport.Status.REQUESTED
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    export = owner_a.data_exports.get()
    assert export.status == DataExport.Status.READY
    assert {result.status for result in DBTaskResult.objects.all()} == {
        TaskResultStatus.SUCCESSFUL}  # the export and its e-mail
    assert len(mail.outbox) == 1
    archive = stored_zip(export)
    assert "Alice Owner" in archive.read("summary.html").decode()
    assert any(name.startswith("photos/Bramble/") for name in archive.namelist())


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
