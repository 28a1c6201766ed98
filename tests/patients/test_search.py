import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.patients.models import Breed
from tests.factories.patients import DogFactory, OwnerFactory, bulk_owners_with_dogs

pytestmark = pytest.mark.django_db

URL = reverse("patients:index")


@pytest.fixture
def helen(db):
    owner = OwnerFactory(first_name="Helen", last_name="Carter", phone="+447700900123",
                         email="helen.carter@example.com")
    DogFactory(owner=owner, name="Bramble", microchip="826098100000101",
               breed=Breed.objects.get(name="Labrador Retriever"))
    DogFactory(owner=owner, name="Pip", microchip="", breed=Breed.objects.get(name="Pug"))
    return owner


@pytest.fixture
def someone_else(db):
    owner = OwnerFactory(first_name="James", last_name="Whitfield", phone="+442079460999",
                         email="jw@example.net")
    DogFactory(owner=owner, name="Rufus", microchip="826098100000103",
               breed=Breed.objects.get(name="Boxer"))
    return owner


def owners_found(client, **params):
    response = client.get(URL, params, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return [owner.full_name for owner in response.context["page"].object_list]


@pytest.mark.parametrize(
    "typed",
    ["helen", "CARTER", "helen carter", "Bramble", "pip", "07700 900", "07700900123",
     "+44 7700 900", "7700-900-12", "helen.carter@", "example.com", "0000101", "826098100000101"],
)
def test_one_box_finds_the_owner_by_anything_reception_knows(
    vet_client, helen, someone_else, typed
):
    assert owners_found(vet_client, q=typed) == ["Helen Carter"]


def test_results_show_the_owner_with_their_dogs(vet_client, helen, someone_else):
    response = vet_client.get(URL, {"q": "Bramble"}, headers={"HX-Request": "true"})
    [owner] = response.context["page"].object_list
    assert [dog.name for dog in owner.shown_dogs] == ["Bramble", "Pip"]
    assert "Pip" in response.text
    assert "Rufus" not in response.text
    # htmx gets only the results, not a whole page
    assert "<html" not in response.text


def test_the_search_box_answers_as_you_type(vet_client):
    response = vet_client.get(URL)
    assert 'hx-trigger="input changed delay:250ms, search"' in response.text
    assert f'hx-get="{URL}"' in response.text


def test_nothing_found_says_so_and_offers_registration(reception_client, helen):
    response = reception_client.get(URL, {"q": "zebedee"})
    assert "No owner or dog matches." in response.text
    assert reverse("patients:register") in response.text


def test_it_filters_by_breed_size_class(vet_client, helen, someone_else):
    assert owners_found(vet_client, size="toy") == []
    assert owners_found(vet_client, size="large") == ["Helen Carter", "James Whitfield"]
    response = vet_client.get(URL, {"size": "large"}, headers={"HX-Request": "true"})
    helen_row = response.context["page"].object_list[0]
    assert [dog.name for dog in helen_row.shown_dogs] == ["Bramble"]


def test_archived_and_deceased_dogs_have_their_own_filters(vet_client, helen, someone_else):
    rufus = someone_else.dogs.get()
    rufus.archived_at = timezone.now()
    rufus.save()
    bramble = helen.dogs.get(name="Bramble")
    bramble.is_deceased = True
    bramble.save()
    active = vet_client.get(URL, headers={"HX-Request": "true"}).context["page"].object_list
    assert {o.full_name: [d.name for d in o.shown_dogs] for o in active} == {
        "Helen Carter": ["Bramble", "Pip"], "James Whitfield": [],
    }
    assert owners_found(vet_client, status="archived") == ["James Whitfield"]
    assert owners_found(vet_client, status="deceased") == ["Helen Carter"]


def test_archived_owners_leave_the_active_list(vet_client, helen, someone_else):
    helen.archived_at = timezone.now()
    helen.save()
    assert owners_found(vet_client) == ["James Whitfield"]
    assert "Helen Carter" in owners_found(vet_client, status="archived")
    assert owners_found(vet_client, status="all") == ["Helen Carter", "James Whitfield"]


def test_the_list_is_paginated(vet_client):
    bulk_owners_with_dogs(30)
    first = vet_client.get(URL, {"q": "bulk"}).context["page"]
    response = vet_client.get(f"{URL}?q=bulk&{first.next_params}")
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 5
    assert not {o.pk for o in response.context["page"]} & {o.pk for o in first}
    assert 'href="?q=bulk">Previous' in response.text  # back to the first page, filters kept


def queries_for(client, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params", [{}, {"q": "dog1"}, {"q": "07946"}, {"q": "9000000"}, {"size": "toy"},
               {"status": "all"}, {"status": "deceased"}],
)
def test_the_list_and_search_cost_the_same_queries_for_5_and_500_dogs(
    vet_client, django_assert_max_num_queries, params
):
    bulk_owners_with_dogs(5)
    vet_client.get(URL)  # the session and user lookups settle
    few = queries_for(vet_client, params)
    bulk_owners_with_dogs(495)
    with django_assert_max_num_queries(few):
        vet_client.get(URL, params)
