"""The data migrations put what existed before sites on the first site."""

import importlib

import pytest
from django.apps import apps

from cases.models import Case
from clinic.sites.models import Clinic, SiteMembership
from tests.factories.accounts import OwnerUserFactory, ReceptionistFactory, VetFactory
from tests.factories.cases import CaseFactory

pytestmark = pytest.mark.django_db


def migration(app, name):
    return importlib.import_module(f"{app}.migrations.{name}")


def test_existing_staff_work_at_the_first_site(site_a):
    vet, desk = VetFactory(sites=[]), ReceptionistFactory(sites=[])
    owner = OwnerUserFactory()
    migration("clinic.sites", "0002_first_site_from_settings").seed(apps, None)
    assert set(SiteMembership.objects.filter(site=site_a).values_list("user", flat=True)) \
        >= {vet.pk, desk.pk}
    assert not SiteMembership.objects.filter(user=owner).exists()
    assert Clinic.objects.count() == 1  # the first site is made once


def test_existing_cases_are_followed_up_at_the_first_site(site_a):
    case = CaseFactory(attending_site=None)
    migration("cases", "0022_case_attending_site").to_first_site(apps, None)
    assert Case.objects.get(pk=case.pk).attending_site == site_a
