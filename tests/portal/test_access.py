"""clinic.portal.access: what an owner may see starts from the logged-in owner."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from clinic.portal import access
from tests.factories.patients import DogFactory
from tests.factories.portal import HomeObservationFactory, HomeObservationPhotoFactory

pytestmark = pytest.mark.django_db


def test_it_finds_the_owner_row_of_the_logged_in_owner(owner_a):
    assert access.owner_for(owner_a.user) == owner_a


@pytest.mark.parametrize("persona", ["vet", "reception", "administrator"])
def test_it_gives_staff_no_owner_row(request, persona):
    with pytest.raises(Http404):
        access.owner_for(request.getfixturevalue(persona))


def test_it_gives_anonymous_visitors_nothing():
    anonymous = AnonymousUser()
    with pytest.raises(Http404):
        access.owner_for(anonymous)
    assert not access.dogs_visible_to(anonymous).exists()
    assert not access.observations_visible_to(anonymous).exists()


def test_an_owner_sees_only_their_own_dogs(owner_a, owner_b):
    second = DogFactory(owner=owner_a, name="Pip")
    assert set(access.dogs_visible_to(owner_a.user)) == {owner_a.dogs.get(name="Bramble"), second}
    assert set(access.dogs_visible_to(owner_b.user)) == {owner_b.dogs.get()}


def test_archived_dogs_leave_the_portal(owner_a):
    from django.utils import timezone

    dog = owner_a.dogs.get()
    dog.archived_at = timezone.now()
    dog.save()
    assert not access.dogs_visible_to(owner_a.user).exists()


@pytest.mark.parametrize("persona", ["vet", "reception", "administrator"])
def test_staff_see_no_portal_records(request, persona, owner_a):
    user = request.getfixturevalue(persona)
    HomeObservationFactory(dog=owner_a.dogs.get())
    assert not access.dogs_visible_to(user).exists()
    assert not access.cases_visible_to(user).exists()
    assert not access.observations_visible_to(user).exists()
    assert not access.observation_photos_visible_to(user).exists()


def test_another_owners_dog_is_a_404_not_a_403(owner_a, owner_b):
    dog_a = owner_a.dogs.get()
    assert access.get_dog_for(owner_a.user, dog_a.public_id) == dog_a
    with pytest.raises(Http404):
        access.get_dog_for(owner_b.user, dog_a.public_id)


def test_reports_and_their_photos_belong_to_the_dogs_owner(owner_a, owner_b):
    photo = HomeObservationPhotoFactory(observation__dog=owner_a.dogs.get())
    observation = photo.observation
    assert access.get_observation_for(owner_a.user, observation.public_id) == observation
    assert access.get_observation_photo_for(owner_a.user, photo.public_id) == photo
    with pytest.raises(Http404):
        access.get_observation_for(owner_b.user, observation.public_id)
    with pytest.raises(Http404):
        access.get_observation_photo_for(owner_b.user, photo.public_id)


def test_cases_are_those_of_the_owners_dogs(owner_a, owner_b):
    from tests.factories.cases import CaseFactory

    case_a = CaseFactory(dog=owner_a.dogs.get())
    CaseFactory(dog=owner_b.dogs.get())
    assert list(access.cases_visible_to(owner_a.user)) == [case_a]


def test_files_are_the_owners_dog_photos_and_report_photos(owner_a, owner_b):
    from tests.factories.portal import give_dog_a_photo

    give_dog_a_photo(owner_a.dogs.get())
    give_dog_a_photo(owner_b.dogs.get())
    mine = HomeObservationPhotoFactory(observation__dog=owner_a.dogs.get())
    HomeObservationPhotoFactory(observation__dog=owner_b.dogs.get())
    files = access.files_visible_to(owner_a.user)
    assert list(files["dog_photos"]) == [owner_a.dogs.get()]
    assert list(files["observation_photos"]) == [mine]


def test_a_deactivated_owner_sees_nothing(owner_a):
    owner_a.user.is_active = False
    owner_a.user.save()
    assert not access.dogs_visible_to(owner_a.user).exists()
