"""The per-site pages run a fixed number of queries however many rows and sites there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.accounts import ReceptionistFactory, VetFactory
from tests.factories.cases import CaseFactory
from tests.factories.patients import DogFactory
from tests.factories.scheduling import AppointmentFactory, FollowUpFactory
from tests.factories.sites import ClinicFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/schedule/follow-ups/", "/schedule/"])
def test_per_site_pages_do_not_grow(client_for, site_a, site_b, url):
    desk = ReceptionistFactory(sites=[site_a, site_b])
    client = client_for(desk)

    def grow(n):
        for _ in range(n):
            dog, vet = DogFactory(), VetFactory(sites=[site_a])  # one visit each at once
            AppointmentFactory(dog=dog, vet=vet, site=site_a,
                               start=timezone.now() + timedelta(minutes=1))
            FollowUpFactory(case=CaseFactory(dog=dog, attending_vet=vet,
                                             attending_site=site_a))

    grow(1)
    queries_for(client, url)  # warm: new staff drop the cached site lists; a page refills them
    few = queries_for(client, url)
    grow(6)
    ClinicFactory()  # another site in the switcher costs nothing more
    client_for(desk)  # (its cache refilled, as the next page would)
    assert queries_for(client, url) == few
