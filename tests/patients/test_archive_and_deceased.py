from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from clinic.patients import services
from clinic.patients.models import Dog
from tests.factories.patients import DogFactory, WeightRecordFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(name, dog):
    return reverse(f"patients:{name}", kwargs={"dog_id": dog.pk})


def give_case(dog, vet):
    """A clinical record that PROTECTs the dog (the cases app owns the model)."""
    Case = apps.get_model("cases", "Case")
    return Case.objects.create(dog=dog, attending_vet=vet, presenting_complaint="Nodules")


def test_archiving_keeps_the_dog_and_restoring_brings_it_back(reception_client):
    dog = DogFactory()
    reception_client.post(url("dog_archive", dog))
    dog.refresh_from_db()
    assert dog.is_archived
    reception_client.post(url("dog_archive", dog), {"restore": "1"})
    dog.refresh_from_db()
    assert not dog.is_archived


def test_a_dog_registered_by_mistake_can_be_deleted(reception_client):
    dog = DogFactory()
    page = reception_client.get(url("dog_archive", dog))
    assert "Registered by mistake?" in page.text
    response = reception_client.post(url("dog_delete", dog))
    assert response.status_code == 302
    assert not Dog.objects.filter(pk=dog.pk).exists()


def test_a_dog_with_clinical_records_is_never_deleted_and_archive_is_offered(
    reception_client, vet
):
    dog = DogFactory(name="Tess")
    give_case(dog, vet)
    page = reception_client.get(url("dog_archive", dog))
    assert "Tess cannot be deleted: the clinic holds cases for this dog" in page.text
    assert url("dog_delete", dog) not in page.text
    response = reception_client.post(url("dog_delete", dog))
    assert response.status_code == 409
    assert "Tess was not deleted." in response.text
    assert "Archive Tess" in response.text
    assert Dog.objects.filter(pk=dog.pk).exists()


def test_the_service_finds_clinical_records_through_protect_relations(vet):
    dog = DogFactory()
    assert services.clinical_record_kinds(dog) == []
    give_case(dog, vet)
    assert services.clinical_record_kinds(dog) == ["cases"]
    WeightRecordFactory(dog=dog)
    assert services.clinical_record_kinds(dog) == ["weight records", "cases"]
    with pytest.raises(services.DogHasClinicalRecords):
        services.delete_dog(dog)


def test_a_dog_with_a_weight_history_is_archived_not_deleted(reception_client):
    dog = DogFactory()
    WeightRecordFactory(dog=dog)
    assert reception_client.post(url("dog_delete", dog)).status_code == 409
    assert Dog.objects.filter(pk=dog.pk).exists()


def test_archiving_an_owner_archives_their_dogs_and_restoring_brings_them_back(
    reception_client,
):
    dog = DogFactory()
    already = DogFactory(owner=dog.owner, archived_at=timezone.now() - timedelta(days=30))
    owner_url = reverse("patients:owner_archive", kwargs={"owner_id": dog.owner_id})
    reception_client.post(owner_url)
    dog.refresh_from_db()
    dog.owner.refresh_from_db()
    assert dog.owner.is_archived
    assert dog.is_archived
    reception_client.post(owner_url, {"restore": "1"})
    dog.refresh_from_db()
    already.refresh_from_db()
    assert not dog.is_archived
    assert already.is_archived  # archived on its own before: stays archived


def test_a_vet_marks_a_dog_deceased(vet_client):
    dog = DogFactory()
    response = vet_client.post(url("dog_deceased", dog), {"deceased_on": TODAY.isoformat()})
    assert response.status_code == 302
    dog.refresh_from_db()
    assert dog.is_deceased
    assert dog.deceased_on == TODAY


def test_the_administrator_may_mark_a_dog_deceased(admin_client_):
    dog = DogFactory()
    admin_client_.post(url("dog_deceased", dog), {"deceased_on": TODAY.isoformat()})
    dog.refresh_from_db()
    assert dog.is_deceased


def test_reception_may_not_mark_a_dog_deceased(reception_client):
    dog = DogFactory()
    assert reception_client.get(url("dog_deceased", dog)).status_code == 403
    response = reception_client.post(url("dog_deceased", dog), {"deceased_on": TODAY.isoformat()})
    assert response.status_code == 403
    dog.refresh_from_db()
    assert not dog.is_deceased
    page = reception_client.get(url("dog", dog))
    assert url("dog_deceased", dog) not in page.text
