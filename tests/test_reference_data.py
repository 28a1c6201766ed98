"""A transactional test (browser tests, the e-mail worker test) empties every table at its
teardown; the next test on the worker still finds the reference data the migrations loaded
(tests/conftest.py's teardown hook, clinic.reference_data)."""

import pytest
from django.contrib.auth.models import Group

from cases.diagnostics_reference import ANALYTES
from cases.models import Analyte, CareWording, ConsentTemplate, Drug
from cases.reference_data import DRUGS, WORDING
from clinic.accounts.roles import ROLE_PERMISSIONS
from clinic.patients.models import Breed, Owner
from clinic.patients.reference_data import BREEDS
from clinic.scheduling.models import AppointmentType, ClinicHours
from clinic.sites.models import Clinic
from tests.factories.patients import OwnerFactory

SEEN = []


def assert_migrated_reference_data():
    site = Clinic.objects.get()
    assert {g.name: g.permissions.count() for g in Group.objects.all()} == {
        role.value: len(perms) for role, perms in ROLE_PERMISSIONS.items()}
    assert Breed.objects.count() == sum(len(names) for names in BREEDS.values())
    assert Drug.objects.count() == len(DRUGS)
    assert CareWording.objects.count() == len(WORDING)
    assert Analyte.objects.count() == len(ANALYTES)
    assert ConsentTemplate.objects.exists()
    assert AppointmentType.objects.filter(sites=site).count() == 8
    assert ClinicHours.objects.filter(site=site).count() == 7


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_starts_on_the_reference_data():
    assert_migrated_reference_data()
    OwnerFactory(last_name="Flushed")
    SEEN.append("transactional")


def test_the_test_after_it_finds_the_reference_data_again(request):
    # The database is asked for here, not declared: pytest-django orders tests that declare
    # none after the transactional ones, so this one runs after the test above.
    request.getfixturevalue("db")
    assert SEEN == ["transactional"]
    assert not Owner.objects.filter(last_name="Flushed").exists()  # the tables were emptied
    assert_migrated_reference_data()
