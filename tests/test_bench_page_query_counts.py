"""Every page of the benchmark (bench/pages.py, the list `make bench` times; issue 16) runs
at most 12 queries, and the same number with one record of each kind as with seven: counts
stay flat as a clinic grows (docs/benchmarks.md). Counted as production runs with the
shared cache: sessions (cached_db), settings, sites, rights and the urgent-report count come
from the cache; without a shared cache each page makes one more query, for its session."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.pages import deep_owners_cursor, next_working_day, pages
from cases.models import ClinicalSettings
from tests.factories.cases import AddendumFactory, CaseFactory, ExamFactory, LesionFactory, sign
from tests.factories.diagnostics import LabPanelFactory, add_value, reported_biopsy
from tests.factories.patients import DogFactory, OwnerFactory
from tests.factories.portal import HomeObservationFactory
from tests.factories.scheduling import AppointmentFactory, FollowUpFactory, at

pytestmark = pytest.mark.django_db

BUDGET = 12


TODAY = timezone.localdate()
TOMORROW = next_working_day(TODAY)
_ANY_IDS = dict.fromkeys(
    ("dog", "case", "vet", "portal_dog", "phone", "microchip", "deep_owners"), 0)
STAFF_AND_OWNER_PAGES = [page for page in pages(_ANY_IDS) if page[1]]  # /healthz has no persona
LABELS = [label for label, _, _ in STAFF_AND_OWNER_PAGES]


class Clinic:
    """A clinic that grows by `grow(n)`: n more owners called Smith with dogs and open cases
    (exams with lesions and addenda, lab results, a biopsy, urgent home reports, follow-ups
    due) and appointments today and on the next working day; the portal owner's dog and the
    case under test get the same every time."""

    def __init__(self, case, vet):
        self.case, self.vet = case, vet
        self.slot = 0
        self.chip = 0

    def _appointment(self, dog, case, day):
        start = at(day, 8, 30) + timedelta(minutes=20 * (self.slot % 27))
        self.slot += 1
        AppointmentFactory(dog=dog, case=case, vet=self.vet, start=start,
                           end=start + timedelta(minutes=20))

    def _records(self, case):
        exam = ExamFactory(case=case, vet=self.vet)
        LesionFactory(exam=exam)
        AddendumFactory(exam=sign(exam))
        add_value(LabPanelFactory(case=case), "calcium", "2.9")
        reported_biopsy(case)
        HomeObservationFactory(dog=case.dog, case=case, signs=["vomiting"])
        FollowUpFactory(case=case, due_on=TODAY)

    def grow(self, n):
        for _ in range(n):
            self.chip += 1
            owner = OwnerFactory(last_name="Smith")
            dog = DogFactory(owner=owner, microchip=f"98100000000{self.chip:04d}")
            case = CaseFactory(dog=dog, attending_vet=self.vet)
            self._records(case)
            self._records(self.case)
            self._appointment(dog, case, TODAY)
            self._appointment(dog, case, TOMORROW)
            self._appointment(self.case.dog, self.case, TOMORROW)
        # enough owners for a second page of the patient list
        while OwnerFactory._meta.model.objects.count() < 60:
            OwnerFactory()


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.fixture
def clinic(settings, case, vet, client_for, reception, administrator, owner_a):
    # As in production with the shared cache (clinic/settings.py): the session is read from
    # the cache, and written to the database only when it changes.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    grown = Clinic(case, vet)
    grown.clients = {
        "vet": client_for(vet), "reception": client_for(reception),
        "admin": client_for(administrator), "owner": client_for(owner_a.user),
    }
    ClinicalSettings.load()  # made on first use (as on a running server, long ago)
    for client in grown.clients.values():
        client.get("/healthz")  # a session's first request records when it was last seen
    grown.pages = pages({"dog": case.dog.pk, "case": case.pk, "vet": vet.pk,
                         "portal_dog": case.dog.public_id, "phone": "794600",
                         "microchip": "98100", "deep_owners": deep_owners_cursor()})
    return grown


@pytest.mark.parametrize("label", LABELS)
def test_every_benchmarked_page_keeps_within_its_query_budget_as_the_clinic_grows(
    clinic, label
):
    _, persona, path = next(page for page in clinic.pages if page[0] == label)
    client = clinic.clients[persona]
    clinic.grow(1)
    queries_for(client, path)  # warm: cached settings, sites, counts fill on first use
    few = queries_for(client, path)
    clinic.grow(6)
    queries_for(client, path)  # the new reports dropped the cached urgent count
    assert queries_for(client, path) == few
    assert few <= BUDGET
