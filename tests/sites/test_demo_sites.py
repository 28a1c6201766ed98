"""The demo group: two sites with their own staff and calendars, and "today" bookable at
the 24-hour hospital whatever the hour the demo is started."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from clinic.accounts.models import User
from clinic.demo.sites import EMERGENCY
from clinic.scheduling.models import Appointment
from clinic.scheduling.services.availability import Availability
from clinic.sites.current import sites_for, vets_at
from clinic.sites.models import Clinic

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.TIME_ZONE = "Europe/London"
    call_command("seed_demo")


def freeze(monkeypatch, clock):
    """Pretend the demo is started today at `clock` (local time)."""
    moment = datetime.combine(timezone.localdate(), clock,
                              tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_the_demo_has_two_sites_with_their_own_staff(demo):
    main, hospital = Clinic.objects.order_by("pk")
    assert hospital.name == EMERGENCY["name"]
    assert [vet.email for vet in vets_at(main)] == ["vet@example.com"]
    assert [vet.email for vet in vets_at(hospital)] == ["vet2@example.com"]
    reception = User.objects.get(email="reception@example.com")
    assert sites_for(reception) == [main, hospital]
    assert sites_for(User.objects.get(email="admin@example.com")) == [main, hospital]
    assert sites_for(User.objects.get(email="vet@example.com")) == [main]
    assert set(Appointment.objects.filter(site=hospital).values_list("vet__email", flat=True)) \
        == {"vet2@example.com"}
    assert set(Appointment.objects.filter(site=main).values_list("vet__email", flat=True)) \
        == {"vet@example.com"}


def test_each_demo_site_shows_its_own_calendar(demo, client):
    client.force_login(User.objects.get(email="reception@example.com"))
    page = client.get("/schedule/").content.decode()
    assert "Dr Amelia Hart" in page
    assert "Dr Tomasz Nowak" not in page
    hospital = Clinic.objects.get(name=EMERGENCY["name"])
    client.post("/sites/switch/", {"site": hospital.pk})
    page = client.get("/schedule/").content.decode()
    assert "Dr Tomasz Nowak" in page
    assert "Dr Amelia Hart" not in page


@pytest.mark.parametrize("clock", [time(6), time(14), time(23, 30)])
def test_today_has_free_slots_later_whatever_the_hour_the_demo_starts(settings, monkeypatch,
                                                                      clock):
    settings.DEBUG = True
    settings.TIME_ZONE = "Europe/London"
    now = freeze(monkeypatch, clock)
    call_command("seed_demo")
    hospital = Clinic.objects.get(name=EMERGENCY["name"])
    vet2 = User.objects.get(email="vet2@example.com")
    today = timezone.localdate()
    availability = Availability(today, today, hospital, vets=[vet2])
    free = [start for start in availability.slot_starts(today)
            if start >= now and availability.is_free(vet2.pk, start, start + timedelta(minutes=15))]
    assert free, f"no free slot left today at {clock}"
    assert all(timezone.localtime(start).date() == today for start in free)
