import pytest
from django.urls import reverse

from tests.factories.patients import DogFactory, WeightRecordFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["owner", "dog", "breed", "weightrecord"])
def test_every_patients_model_has_a_searchable_admin(admin_client_, model):
    WeightRecordFactory(dog=DogFactory())
    url = reverse(f"admin:patients_{model}_changelist")
    assert admin_client_.get(url, {"q": "a"}).status_code == 200


def test_owner_and_dog_admin_show_inlines_and_history(admin_client_):
    dog = DogFactory(name="Kaiser")
    WeightRecordFactory(dog=dog)
    owner_page = admin_client_.get(reverse("admin:patients_owner_change", args=[dog.owner_id]))
    assert "Kaiser" in owner_page.text
    dog_page = admin_client_.get(reverse("admin:patients_dog_change", args=[dog.pk]))
    assert "weights-TOTAL_FORMS" in dog_page.text
    history = admin_client_.get(reverse("admin:patients_dog_history", args=[dog.pk]))
    assert history.status_code == 200
