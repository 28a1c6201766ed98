"""Who may do what on owners and dogs (the URL sweep in tests/security covers every URL
for every role; these are the writes that matter)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.patients.models import Owner
from tests.factories.patients import DogFactory

pytestmark = pytest.mark.django_db

REGISTER = {
    "owner-first_name": "Ada", "owner-last_name": "Lovelace", "owner-phone": "02079460999",
    "owner-preferred_contact": "phone", "dog-name": "Byron", "dog-sex": "male",
}


@pytest.mark.parametrize("persona", ["vet", "reception", "administrator"])
def test_staff_may_register_and_edit(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(reverse("patients:register"), REGISTER).status_code == 302
    owner = Owner.objects.get(last_name="Lovelace")
    response = client.post(
        reverse("patients:owner_edit", kwargs={"owner_id": owner.pk}),
        {"first_name": "Ada", "last_name": "King", "phone": "02079460999",
         "preferred_contact": "phone"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("client_name", ["owner_a_client", "owner_b_client"])
def test_owners_get_403_on_every_staff_write(request, client_name, owner_a):
    client = request.getfixturevalue(client_name)
    dog = owner_a.dogs.get()
    today = timezone.localdate().isoformat()
    for name, kwargs, data in [
        ("register", {}, REGISTER),
        ("owner_edit", {"owner_id": owner_a.pk}, {"first_name": "X"}),
        ("dog_edit", {"dog_id": dog.pk}, {"name": "X"}),
        ("weight_add", {"dog_id": dog.pk}, {"weight_kg": "10.0", "recorded_on": today}),
        ("dog_deceased", {"dog_id": dog.pk}, {"deceased_on": today}),
        ("dog_archive", {"dog_id": dog.pk}, {}),
        ("dog_delete", {"dog_id": dog.pk}, {}),
        ("owner_archive", {"owner_id": owner_a.pk}, {}),
    ]:
        response = client.post(reverse(f"patients:{name}", kwargs=kwargs), data)
        assert response.status_code == 403, name
    dog.refresh_from_db()
    assert dog.name == "Bramble"
    assert not dog.is_deceased
    assert not dog.weights.exists()


def test_owners_get_403_on_the_staff_list_and_dog_page(owner_a_client, owner_a):
    assert owner_a_client.get(reverse("patients:index")).status_code == 403
    dog = owner_a.dogs.get()
    assert owner_a_client.get(reverse("patients:dog", kwargs={"dog_id": dog.pk})).status_code == 403


def test_a_staff_page_of_a_missing_dog_is_404(vet_client):
    assert vet_client.get(reverse("patients:dog", kwargs={"dog_id": 999999})).status_code == 404


def test_the_nav_links_to_patients(vet_client):
    assert 'href="/patients/"' in vet_client.get(reverse("dashboard")).text


def test_reception_may_delete_a_mistaken_dog_but_an_owner_may_not(reception_client, owner_b_client):
    dog = DogFactory()
    url = reverse("patients:dog_delete", kwargs={"dog_id": dog.pk})
    assert owner_b_client.post(url).status_code == 403
    assert reception_client.post(url).status_code == 302
