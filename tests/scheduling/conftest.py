import pytest

from clinic.lib import sms
from tests.factories.scheduling import ensure_opening_hours


@pytest.fixture(autouse=True)
def _scheduling_settings(settings):
    # Tasks run at once in tests; text messages go to a list we can read.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CLINIC_SMS_BACKEND = "clinic.lib.sms.MemorySmsBackend"
    settings.TIME_ZONE = "Europe/London"
    sms.outbox.clear()


@pytest.fixture
def opening_hours(db):
    ensure_opening_hours()


@pytest.fixture
def recheck(db):
    from tests.factories.scheduling import AppointmentTypeFactory

    return AppointmentTypeFactory(name="Recheck", default_minutes=20)


@pytest.fixture
def bramble(owner_a):
    return owner_a.dogs.get()
