"""The admin's changelists of the two largest tables (dogs, appointments) cost the same
queries however many rows they hold, and never count the whole table on PostgreSQL."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic.lib.pagination import EstimatedCountPaginator
from clinic.patients.models import Dog
from tests.factories.patients import DogFactory
from tests.factories.scheduling import AppointmentFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return queries.captured_queries


def stays_flat(client, url, grow):
    grow(1)
    queries_for(client, url)  # a first visit fills the cached sites and permissions
    few = len(queries_for(client, url))
    grow(6)
    assert len(queries_for(client, url)) == few


def test_the_dog_changelist_does_not_grow_with_the_dogs(admin_client_):
    stays_flat(admin_client_, "/admin/patients/dog/",
               lambda n: DogFactory.create_batch(n))


def test_the_appointment_changelist_does_not_grow_and_shows_the_latest_first(admin_client_, vet):
    first = AppointmentFactory(vet=vet)
    days = iter(range(1, 100))

    def grow(n):
        for day in itertools.islice(days, n):
            AppointmentFactory(vet=vet, start=first.start + timedelta(days=day, hours=1),
                               end=first.start + timedelta(days=day, hours=1, minutes=20))

    stays_flat(admin_client_, "/admin/scheduling/appointment/", grow)
    response = admin_client_.get("/admin/scheduling/appointment/")
    rows = list(response.context["cl"].result_list)
    assert rows == sorted(rows, key=lambda a: a.start, reverse=True)


def test_the_estimate_replaces_the_count_only_when_unfiltered_on_postgresql(monkeypatch):
    DogFactory.create_batch(3)
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_BELOW", 0)
    filtered = EstimatedCountPaginator(Dog.objects.filter(name__startswith="zz"), 25)
    assert filtered.count == 0
    if connection.vendor != "postgresql":  # SQLite: always the exact count
        assert EstimatedCountPaginator(Dog.objects.all(), 25).count == 3
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE patients_dog")
    with CaptureQueriesContext(connection) as queries:
        assert EstimatedCountPaginator(Dog.objects.order_by("name"), 25).count == 3
    assert "COUNT" not in queries.captured_queries[0]["sql"]
