"""Scheduling factories. Appointments made here skip the booking rules on purpose (set
up a diary); tests of the rules go through clinic.scheduling.services.book_appointment."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from cases.models import Case, FollowUp
from clinic.scheduling.models import (
    Appointment,
    AppointmentChangeRequest,
    AppointmentType,
    ClinicHours,
    VetAbsence,
)
from tests.factories.cases import CaseFactory
from tests.factories.patients import DogFactory
from tests.factories.sites import main_site

WEEKDAY_HOURS = (time(8, 30), time(18, 0))
SATURDAY_HOURS = (time(9, 0), time(12, 30))


def ensure_opening_hours(site=None):
    """Mon–Fri 08:30–18:00, Sat 09:00–12:30, Sunday closed (as the data migration), at the
    main site unless told another."""
    site = site or main_site()
    for weekday in range(7):
        opens, closes = (WEEKDAY_HOURS if weekday < 5 else
                         SATURDAY_HOURS if weekday == 5 else (None, None))
        ClinicHours.objects.update_or_create(
            site=site, weekday=weekday,
            defaults={"is_closed": opens is None, "opens_at": opens, "closes_at": closes},
        )


def next_weekday(weekday=0, weeks_ahead=1):
    """A date in the future on the given weekday (Monday 0), at least a week away."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def open_case(dog, vet, **fields):
    return CaseFactory(dog=dog, attending_vet=vet, **fields)


class AppointmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentType
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = "Recheck"
    default_minutes = 20
    colour = "blue"
    what_to_bring = "Your home observation notes."

    @factory.post_generation
    def sites(self, create, extracted, **kwargs):
        """Offered at the main site unless given `sites=[...]`."""
        self.sites.add(*([main_site()] if extracted is None else extracted))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    site = factory.LazyFunction(main_site)
    dog = factory.SubFactory(DogFactory)
    vet = None
    appointment_type = factory.SubFactory(AppointmentTypeFactory)
    start = factory.LazyFunction(lambda: at(next_weekday(0), 10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=20))


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = None
    kind = FollowUp.Kind.RECHECK
    due_on = factory.LazyFunction(timezone.localdate)


class VetAbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VetAbsence

    vet = None
    start = factory.LazyFunction(lambda: at(next_weekday(2), 8))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=10))
    reason = "Conference"


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentChangeRequest

    appointment = None
    message = "Could we make it later in the afternoon, please?"


def owner_a_schedule(owner_a, vet):
    """Records of owner A for the URL sweep: an appointment, a follow-up, a change
    request and a calendar feed token."""
    from clinic.scheduling.services import feed_token_for

    dog = owner_a.dogs.get()
    case = Case.objects.filter(dog=dog).open().first() or open_case(dog, vet)
    follow_up = FollowUpFactory(case=case)
    appointment = AppointmentFactory(dog=dog, vet=vet, case=case)
    change_request = ChangeRequestFactory(appointment=appointment, requested_by=owner_a.user)
    return {
        "appointment_id": appointment.pk,
        "follow_up_id": follow_up.pk,
        "change_request_id": change_request.pk,
        "feed_token": feed_token_for(owner_a).token,
    }
