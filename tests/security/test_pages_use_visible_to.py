"""Staff pages that list records fetch them through `visible_to(user)`, so a rule added
there (sites, roles) reaches them. Each test shows the record, then makes every
`visible_to` answer nothing and checks that the page shows nothing either."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clinic.accounts.querysets import AudienceQuerySet
from tests.factories.diagnostics import BiopsyFactory, CaseFactory
from tests.factories.scheduling import AppointmentFactory, ensure_opening_hours

pytestmark = pytest.mark.django_db


def hide_everything(monkeypatch):
    monkeypatch.setattr(AudienceQuerySet, "visible_to", lambda self, user: self.none())


def test_the_patient_search_lists_only_visible_owners(vet_client, owner_a, monkeypatch):
    assert "Bramble" in vet_client.get("/patients/?q=Alice").content.decode()
    hide_everything(monkeypatch)
    assert "Bramble" not in vet_client.get("/patients/?q=Alice").content.decode()


def test_the_calendar_grid_shows_only_visible_appointments(reception_client, vet, owner_a,
                                                          monkeypatch):
    ensure_opening_hours()
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    AppointmentFactory(dog=owner_a.dogs.get(), vet=vet, start=start)
    for url in (f"/schedule/?date={start.date()}", f"/schedule/week/?date={start.date()}"):
        assert "Bramble" in reception_client.get(url).content.decode(), url
    hide_everything(monkeypatch)
    for url in (f"/schedule/?date={start.date()}", f"/schedule/week/?date={start.date()}"):
        assert "Bramble" not in reception_client.get(url).content.decode(), url


def test_the_dashboard_shows_only_visible_appointments_and_results(vet_client, vet, owner_a,
                                                                   monkeypatch):
    dog = owner_a.dogs.get()
    AppointmentFactory(dog=dog, vet=vet, start=timezone.now() + timedelta(minutes=30))
    biopsy = BiopsyFactory(case=CaseFactory(dog=dog, attending_vet=vet),
                           planned_on=timezone.localdate() - timedelta(days=40))
    type(biopsy).objects.filter(pk=biopsy.pk).update(
        status="sent", collected_on=biopsy.planned_on, sent_on=biopsy.planned_on,
        laboratory="Northern Vet Pathology")
    page = vet_client.get("/").content.decode()
    assert "Bramble" in page
    assert "Northern Vet Pathology" in page
    hide_everything(monkeypatch)
    page = vet_client.get("/").content.decode()
    assert "Bramble" not in page
    assert "Northern Vet Pathology" not in page
