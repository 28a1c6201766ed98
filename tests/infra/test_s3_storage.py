"""Clinical files in a private S3 bucket (SeaweedFS here): stored there and nowhere on disk,
served only by the views that check access, never reachable by a URL of the bucket's own."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image
from storages.backends.s3 import S3Storage

from tests.factories.patients import photo_upload
from tests.factories.portal import export_of
from tests.infra.services import S3_BUCKET, anonymous_get
from tests.patients.test_photo import photo_url, upload_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def bramble_in_the_bucket(s3_storage, owner_a, reception_client):
    dog = owner_a.dogs.get()
    response = upload_photo(reception_client, dog, photo_upload(size=(800, 600)))
    assert response.status_code == 302
    dog.refresh_from_db()
    return dog


def test_an_upload_is_stored_in_the_bucket_and_not_on_disk(
    bramble_in_the_bucket, s3_storage, seaweedfs, settings
):
    dog = bramble_in_the_bucket
    assert isinstance(dog.photo.storage._wrapped, S3Storage)
    keys = {obj["Key"] for obj in seaweedfs.client().list_objects_v2(
        Bucket=S3_BUCKET, Prefix=s3_storage)["Contents"]}
    assert keys == {f"{s3_storage}/{dog.photo.name}", f"{s3_storage}/{dog.photo_thumbnail.name}"}
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.jpg"))


def test_the_photo_is_served_through_the_access_checked_view(
    bramble_in_the_bucket, owner_a_client, vet_client, owner_b_client
):
    dog = bramble_in_the_bucket
    for client in (owner_a_client, vet_client):
        response = client.get(photo_url(dog))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Security-Policy"] == "sandbox"
        assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (800, 600)
    assert owner_b_client.get(photo_url(dog)).status_code == 404
    assert owner_b_client.get(photo_url(dog, thumbnail=True)).status_code == 404


def test_no_bucket_url_works_without_credentials(bramble_in_the_bucket, s3_storage, seaweedfs):
    key = f"{s3_storage}/{bramble_in_the_bucket.photo.name}"
    assert anonymous_get(f"{seaweedfs.endpoint_url}/{S3_BUCKET}/{key}") == 403
    # Nor does the object carry a public grant of its own.
    grants = seaweedfs.client().get_object_acl(Bucket=S3_BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]


def test_the_owners_export_reads_the_photos_from_the_bucket_and_is_stored_there(
    bramble_in_the_bucket, owner_a, owner_a_client, s3_storage, seaweedfs, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    archive = export_of(owner_a_client)
    photo = next(name for name in archive.namelist() if name.startswith("photos/Bramble/"))
    assert Image.open(io.BytesIO(archive.read(photo))).size == (800, 600)
    export = owner_a.data_exports.get()
    assert isinstance(export.archive.storage._wrapped, S3Storage)
    key = f"{s3_storage}/{export.archive.name}"
    assert seaweedfs.client().head_object(Bucket=S3_BUCKET, Key=key)["ContentLength"] > 0


def test_a_replaced_photo_is_deleted_from_the_bucket(
    bramble_in_the_bucket, reception_client, django_capture_on_commit_callbacks
):
    dog = bramble_in_the_bucket
    old = dog.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(reception_client, dog, photo_upload("second.png", fmt="PNG"))
    assert not default_storage.exists(old)


def test_healthz_reports_the_bucket(s3_storage, client):
    assert client.get(reverse("healthz")).json()["checks"]["storage"] == "ok"
