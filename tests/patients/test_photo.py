import io

import pytest
from django.db import DatabaseError
from django.urls import reverse
from PIL import Image

from clinic.backup.services import file_checksums
from clinic.lib.uploads import process_image
from clinic.patients import services
from clinic.patients.models import Dog
from tests.factories.patients import photo_upload

pytestmark = pytest.mark.django_db


def upload_photo(client, dog, photo):
    data = {"name": dog.name, "sex": dog.sex, "breed": dog.breed_id or "", "photo": photo,
            "date_of_birth": dog.date_of_birth.isoformat()}
    return client.post(reverse("patients:dog_edit", kwargs={"dog_id": dog.pk}), data)


def photo_url(dog, thumbnail=False):
    name = "patients:dog_photo_thumbnail" if thumbnail else "patients:dog_photo"
    return reverse(name, kwargs={"dog_uuid": dog.public_id})


@pytest.fixture
def bramble_with_photo(owner_a, reception_client):
    dog = owner_a.dogs.get()
    assert upload_photo(reception_client, dog, photo_upload(size=(800, 600))).status_code == 302
    dog.refresh_from_db()
    return dog


def test_an_uploaded_photo_is_stored_with_a_thumbnail_outside_the_web_root(
    bramble_with_photo, settings
):
    dog = bramble_with_photo
    assert dog.photo.name.startswith("dogs/photos/")
    assert dog.photo.path.startswith(str(settings.MEDIA_ROOT))
    with dog.photo_thumbnail.open("rb") as thumb:
        assert max(Image.open(thumb).size) <= 320


def test_staff_and_the_dogs_owner_may_see_the_photo(
    bramble_with_photo, vet_client, reception_client, owner_a_client
):
    for client in (vet_client, reception_client, owner_a_client):
        for thumbnail in (False, True):
            response = client.get(photo_url(bramble_with_photo, thumbnail))
            assert response.status_code == 200
            assert response["Content-Type"] == "image/jpeg"
            assert response["Content-Security-Policy"] == "sandbox"
            Image.open(io.BytesIO(b"".join(response.streaming_content))).verify()


def test_another_owner_gets_404_for_the_photo(bramble_with_photo, owner_b_client):
    assert owner_b_client.get(photo_url(bramble_with_photo)).status_code == 404
    assert owner_b_client.get(photo_url(bramble_with_photo, True)).status_code == 404


def test_a_dog_without_a_photo_gives_404(owner_a, vet_client):
    assert vet_client.get(photo_url(owner_a.dogs.get())).status_code == 404


def test_a_new_photo_replaces_the_old_files(bramble_with_photo, reception_client,
                                            django_capture_on_commit_callbacks):
    dog = bramble_with_photo
    old = dog.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        upload_photo(reception_client, dog, photo_upload("second.png", fmt="PNG"))
    dog = Dog.objects.get(pk=dog.pk)
    assert dog.photo.name.endswith(".png")
    assert not dog.photo.storage.exists(old)


def test_the_dog_page_shows_the_thumbnail_through_the_private_view(bramble_with_photo,
                                                                   vet_client):
    page = vet_client.get(reverse("patients:dog", kwargs={"dog_id": bramble_with_photo.pk}))
    assert f'src="{photo_url(bramble_with_photo, True)}"' in page.text


def fail_dog_saves(monkeypatch):
    def save(self, *args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Dog, "save", save)


def test_a_database_fault_after_the_photo_is_written_leaves_no_file(owner_a, monkeypatch):
    dog = owner_a.dogs.get()
    fail_dog_saves(monkeypatch)
    with pytest.raises(DatabaseError):
        services.save_dog(dog, process_image(photo_upload()))
    assert file_checksums() == {}
    assert not Dog.objects.get(pk=dog.pk).photo


def test_a_failed_replacement_keeps_the_old_photo_and_removes_the_new_one(
    bramble_with_photo, monkeypatch
):
    dog = bramble_with_photo
    kept = set(file_checksums())
    assert kept == {dog.photo.name, dog.photo_thumbnail.name}
    fail_dog_saves(monkeypatch)
    with pytest.raises(DatabaseError):
        services.save_dog(dog, process_image(photo_upload("second.png", fmt="PNG")))
    assert set(file_checksums()) == kept
    assert Dog.objects.get(pk=dog.pk).photo.name in kept
