"""The patient search box in the staff navigation: on every staff page, it finds a dog."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["vet", "reception"])
@pytest.mark.parametrize("page", ["dashboard", "cases:case_list", "scheduling:follow_ups"])
def test_it_is_on_every_staff_page(client_for, request, persona, page):
    user = request.getfixturevalue(persona)
    html = client_for(user).get(reverse(page)).content.decode()
    assert f'role="search" method="get" action="{reverse("patients:index")}"' in html
    assert 'name="q" id="nav-patient-search"' in html


def test_it_finds_the_dog_by_its_owners_name(client_for, reception, owner_a):
    response = client_for(reception).get(reverse("patients:index"), {"q": "Alice"})
    assert "Bramble" in response.content.decode()


def test_owners_do_not_get_it(client_for, owner_a):
    html = client_for(owner_a.user).get(reverse("portal:home")).content.decode()
    assert "nav-patient-search" not in html
