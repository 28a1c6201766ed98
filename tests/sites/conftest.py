import pytest

from tests.factories.accounts import ReceptionistFactory, VetFactory
from tests.factories.scheduling import AppointmentTypeFactory, ensure_opening_hours
from tests.factories.sites import ClinicFactory, main_site


@pytest.fixture(autouse=True)
def _london(settings):
    settings.TIME_ZONE = "Europe/London"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def site_a(db):
    site = main_site()
    ensure_opening_hours(site)
    return site


@pytest.fixture
def site_b(db):
    """A second site of the group, open the same day hours but closed on Mondays."""
    site = ClinicFactory(name="Northgate Branch", address="8 North Gate, York YO1 7HH",
                         phone="+44 1904 496000", sheet_footer="Out of hours: 01904 496999.")
    ensure_opening_hours(site)
    site.hours.filter(weekday=0).update(is_closed=True, opens_at=None, closes_at=None)
    return site


@pytest.fixture
def vet_a(site_a):
    return VetFactory(email="a.vet@example.org", full_name="Dr Alma Arden", sites=[site_a])


@pytest.fixture
def vet_b(site_b):
    return VetFactory(email="b.vet@example.org", full_name="Dr Bruno Berg", sites=[site_b])


@pytest.fixture
def desk_a(site_a):
    return ReceptionistFactory(email="desk.a@example.org", sites=[site_a])


@pytest.fixture
def recheck(site_a, site_b):
    return AppointmentTypeFactory(name="Recheck", default_minutes=20, sites=[site_a, site_b])
