"""A transaction that rolls back takes the files it wrote with it: no orphaned uploads."""

import pytest
from django.db import DatabaseError, transaction

from cases.models import HomeObservation, HomeObservationPhoto
from cases.services.observations import record_home_observation
from clinic.backup.services import file_checksums
from clinic.lib.uploads import process_image
from tests.factories.patients import photo_upload

pytestmark = pytest.mark.django_db


def photos(count):
    return [process_image(photo_upload(f"home{i}.jpg")) for i in range(count)]


def report(dog, images):
    return record_home_observation(dog, None, images=images, appetite="normal", itch_score=2,
                                   lesion_trend="same", note="New crusts on the neck")


@pytest.fixture
def dog(owner_a):
    return owner_a.dogs.get()


def fail_on_second_photo(monkeypatch):
    real_save = HomeObservationPhoto.save
    calls = []

    def save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise DatabaseError("the database went away")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(HomeObservationPhoto, "save", save)


def test_a_database_fault_during_a_home_report_leaves_no_photo_on_disk(dog, monkeypatch):
    fail_on_second_photo(monkeypatch)
    with pytest.raises(DatabaseError):
        report(dog, photos(3))
    assert not HomeObservation.objects.exists()
    assert file_checksums() == {}


def test_a_report_that_commits_keeps_every_photo(dog):
    observation = report(dog, photos(2))
    stored = set(file_checksums())
    assert stored == {name for photo in observation.photos.all()
                      for name in (photo.image.name, photo.thumbnail.name)}
    assert len(stored) == 4


def test_files_of_an_inner_block_go_when_the_enclosing_transaction_rolls_back(dog):
    from clinic.lib.uploads import atomic_with_files

    with pytest.raises(RuntimeError), atomic_with_files():  # noqa: PT012
        report(dog, photos(1))
        assert len(file_checksums()) == 2
        raise RuntimeError("a later step of the same request failed")
    assert file_checksums() == {}


def test_a_plain_transaction_around_a_report_is_still_one_transaction(dog, monkeypatch):
    fail_on_second_photo(monkeypatch)
    with pytest.raises(DatabaseError), transaction.atomic():
        report(dog, photos(2))
    assert not HomeObservation.objects.exists()
