"""Portal pages use a fixed number of queries, however many reports and photos exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.patients import DogFactory
from tests.factories.portal import (
    DataExportFactory,
    HomeObservationFactory,
    HomeObservationPhotoFactory,
    published_plan,
)

pytestmark = pytest.mark.django_db


def grow(owner, dogs=1, reports=1):
    for _ in range(dogs):
        DogFactory(owner=owner)
    for dog in owner.dogs.all():
        for _ in range(reports):
            photo = HomeObservationPhotoFactory(observation__dog=dog)
            HomeObservationPhotoFactory(observation=photo.observation)


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["portal:home", "portal:dog_detail", "portal:account"])
def test_portal_pages_do_not_grow_with_the_records(
    owner_a, owner_a_client, vet, django_assert_max_num_queries, page
):
    dog = owner_a.dogs.get()
    published_plan(dog, vet)

    def url():
        if page == "portal:dog_detail":
            return reverse(page, kwargs={"dog_uuid": dog.public_id})
        return reverse(page)

    grow(owner_a, dogs=1, reports=1)
    with CaptureQueriesContext(connection) as few:
        owner_a_client.get(url())
    # Appointments and reports may be many; an owner's dogs are few (the dog page is per
    # dog), so only the home page is also grown in dogs. The account page lists exports.
    grow(owner_a, dogs=3 if page == "portal:home" else 0, reports=4)
    DataExportFactory.create_batch(3, owner=owner_a)
    count_queries(owner_a_client, url(), django_assert_max_num_queries, len(few))


def test_the_vet_dashboard_does_not_grow_with_urgent_reports(
    owner_a, vet_client, django_assert_max_num_queries
):
    dog = owner_a.dogs.get()
    HomeObservationFactory(dog=dog, lesion_trend="worse")
    with CaptureQueriesContext(connection) as few:
        vet_client.get(reverse("dashboard"))
    for _ in range(5):
        HomeObservationFactory(dog=DogFactory(), lesion_trend="worse")
    count_queries(vet_client, reverse("dashboard"), django_assert_max_num_queries, len(few))


def test_the_export_task_does_not_grow_with_the_records(
    owner_a, vet, django_assert_max_num_queries
):
    from clinic.portal.privacy import prepare_data_export

    published_plan(owner_a.dogs.get(), vet)
    grow(owner_a, dogs=0, reports=1)
    with CaptureQueriesContext(connection) as few:
        prepare_data_export.call(DataExportFactory(owner=owner_a, status="requested").pk)
    grow(owner_a, dogs=0, reports=4)
    with django_assert_max_num_queries(len(few)):
        prepare_data_export.call(DataExportFactory(owner=owner_a, status="requested").pk)
