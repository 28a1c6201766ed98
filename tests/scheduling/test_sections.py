"""What scheduling adds to the dog page and the case timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.timeline import case_timeline
from clinic.patients.sections import dog_sections
from clinic.scheduling.sections import dog_appointments
from tests.factories.scheduling import AppointmentFactory, open_case
from tests.factories.sites import on_site

pytestmark = pytest.mark.django_db


def test_the_dog_page_lists_upcoming_and_past_appointments(vet, reception, bramble,
                                                           django_assert_max_num_queries):
    upcoming = AppointmentFactory(dog=bramble, vet=vet)
    past = AppointmentFactory(dog=bramble, vet=vet,
                              start=timezone.now() - timedelta(days=20), status="completed")
    assert reception.is_clinic_staff  # the role lookup is cached on the user per request
    with on_site(reception), django_assert_max_num_queries(2):
        context = dog_appointments(bramble, reception)
    assert context["upcoming"] == [upcoming]
    assert context["past"] == [past]


def test_owners_do_not_get_the_staff_appointments_section(bramble, owner_a):
    keys = [section.key for section, _ in dog_sections(bramble, owner_a.user)]
    assert "appointments" not in keys


def test_a_cases_appointments_appear_on_its_timeline(vet, bramble):
    case = open_case(bramble, vet)
    appointment = AppointmentFactory(dog=bramble, vet=vet, case=case)
    with on_site(vet):
        entries = case_timeline(case, vet, kinds={"appointment"})
    assert [entry.obj for entry in entries] == [appointment]
    assert "Recheck with Dr Ada Vet (booked)" in entries[0].title


def test_the_dog_page_shows_the_appointments_section_with_a_booking_link(vet, bramble,
                                                                        reception_client):
    AppointmentFactory(dog=bramble, vet=vet)
    page = reception_client.get(f"/patients/dogs/{bramble.pk}/").content.decode()
    assert 'id="section-appointments"' in page
    assert f"/schedule/book/?dog={bramble.pk}" in page
    assert "Recheck with Dr Ada Vet" in page
