"""Registering someone the clinic already knows: warned with the likely matches first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.patients.models import Owner
from tests.factories.patients import DogFactory, OwnerFactory
from tests.patients.test_register_owner_and_dog import form_data

pytestmark = pytest.mark.django_db
URL = reverse("patients:register")


@pytest.fixture
def helen(db):
    owner = OwnerFactory(first_name="Helen", last_name="Carter", phone="+442079460101",
                         email="helen.carter@example.org")
    DogFactory(owner=owner, name="Bramble")
    return owner


def register(client, **fields):
    data = {"owner-first_name": "Grace", "owner-last_name": "Hopper",
            "owner-phone": "020 7946 0456", "owner-email": "grace@example.org"}
    data.update(fields)
    return client.post(URL, form_data(**data))


@pytest.mark.parametrize(("fields", "shared"), [
    ({"owner-first_name": " helen", "owner-last_name": "CARTER "}, "same name"),
    ({"owner-phone": "020 7946 0101"}, "same phone"),
    ({"owner-phone": "+44 (0)20 7946-0101"}, "same phone"),
    ({"owner-email": "Helen.Carter@Example.ORG"}, "same e-mail"),
])
def test_a_likely_duplicate_is_shown_and_nothing_is_saved(reception_client, helen, fields,
                                                          shared):
    response = register(reception_client, **fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Did you mean" in page
    link = f'<a class="alert-link" href="/patients/owners/{helen.pk}/">'
    assert f"{link}Helen Carter, +44 20 7946 0101</a>" in page
    assert shared in page
    assert "dogs: Bramble" in page
    assert f'name="use_owner" value="{helen.pk}">Register Biscuit to Helen Carter' in page
    assert Owner.objects.count() == 1


def test_create_anyway_is_a_deliberate_second_submit(reception_client, helen):
    response = register(reception_client, **{"owner-phone": "020 7946 0101",
                                             "create_anyway": "1"})
    assert response.status_code == 302
    assert Owner.objects.filter(phone="+442079460101").count() == 2


def test_picking_the_likely_match_registers_the_dog_to_them(reception_client, helen):
    response = register(reception_client, **{"owner-phone": "020 7946 0101",
                                             "use_owner": str(helen.pk)})
    assert response.status_code == 302
    assert sorted(helen.dogs.values_list("name", flat=True)) == ["Biscuit", "Bramble"]
    assert Owner.objects.count() == 1


@pytest.mark.parametrize("use_owner", ["abc", "999999"])
def test_picking_an_unknown_owner_is_a_404_not_a_500(reception_client, helen, use_owner):
    response = register(reception_client, use_owner=use_owner)
    assert response.status_code == 404
    assert Owner.objects.count() == 1


def test_someone_new_is_registered_without_a_question(reception_client, helen):
    assert register(reception_client).status_code == 302


def test_bad_input_shows_field_errors_before_any_duplicate_question(reception_client, helen):
    response = register(reception_client, **{"owner-phone": "12",
                                             "owner-first_name": "Helen",
                                             "owner-last_name": "Carter"})
    assert response.status_code == 200
    assert "phone" in response.context["owner_form"].errors
    assert "Did you mean" not in response.content.decode()


def test_an_archived_owner_is_named_too(reception_client, helen):
    from clinic.patients.services import archive_owner

    archive_owner(helen)
    page = register(reception_client, **{"owner-email": "helen.carter@example.org"}
                    ).content.decode()
    assert "archived" in page
    assert 'name="use_owner"' not in page


def test_the_warning_costs_the_same_queries_for_one_match_or_five(reception_client, helen):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            register(reception_client, **{"owner-phone": "020 7946 0101"})
        return len(captured)

    queries()  # warm: shared-cache values fill on a page's first use
    one = queries()
    for _ in range(4):
        DogFactory(owner=OwnerFactory(phone="+442079460101"))
    assert queries() == one


def test_likely_duplicates_leaves_out_the_owner_itself(helen):
    assert list(Owner.objects.likely_duplicates(helen)) == []
    other = Owner(first_name="x", last_name="y", phone="", email="HELEN.carter@example.org")
    assert list(Owner.objects.likely_duplicates(other)) == [helen]
