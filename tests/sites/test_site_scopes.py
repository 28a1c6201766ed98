"""The fail-closed guard on site-owned rows (clinic.sites.scoping, django-scopes): these tests
run with the guard on, as production does, instead of the suite's scopes_disabled()."""

import types
from datetime import timedelta

import pytest
from django.core import mail
from django.http import JsonResponse
from django.urls import include, path
from django.utils import timezone

from clinic.accounts.access import public, staff_required
from clinic.scheduling.models import Appointment, AppointmentChangeRequest, ReminderDelivery
from clinic.scheduling.services import follow_ups_to_book
from clinic.scheduling.services.reminders import send_due_reminders
from clinic.sites.current import working_at
from clinic.sites.scoping import ScopeError, scopes_disabled, site_scope
from tests.factories.accounts import AdministratorFactory, ReceptionistFactory
from tests.factories.cases import CaseFactory
from tests.factories.scheduling import AppointmentFactory, FollowUpFactory, at, next_weekday
from tests.factories.sites import on_site

pytestmark = [pytest.mark.django_db, pytest.mark.site_scopes]


@pytest.fixture
def visits(site_a, site_b, vet_a, vet_b, owner_a):
    """One appointment at each site for owner A's dog, who has a portal login."""
    with scopes_disabled():
        owner = owner_a
        dog = owner.dogs.get()
        here = AppointmentFactory(dog=dog, vet=vet_a, site=site_a,
                                  start=timezone.now() + timedelta(hours=5))
        there = AppointmentFactory(dog=dog, vet=vet_b, site=site_b,
                                   start=timezone.now() + timedelta(hours=6))
    return types.SimpleNamespace(owner=owner, dog=dog, here=here, there=there)


def test_outside_any_scope_site_owned_queries_raise(visits):
    for query in (
        lambda: list(Appointment.objects.all()),
        lambda: Appointment.objects.count(),
        lambda: Appointment.objects.active().exists(),  # the model's own methods too
        lambda: Appointment.objects.filter(pk=visits.here.pk).first(),
        lambda: list(visits.dog.appointments.all()),  # related managers
        lambda: AppointmentChangeRequest.objects.open().count(),
        lambda: ReminderDelivery.objects.exists(),
    ):
        with pytest.raises(ScopeError):
            query()


def test_a_site_scope_sees_that_sites_rows_only_and_no_site_sees_none(visits, site_a, site_b):
    with site_scope(site_a):
        assert list(Appointment.objects.all()) == [visits.here]
        assert list(visits.dog.appointments.all()) == [visits.here]
    with site_scope(site_b):
        assert list(Appointment.objects.all()) == [visits.there]
    with site_scope(None):  # not django-scopes' "None means every site"
        assert not Appointment.objects.exists()
    with scopes_disabled():
        assert Appointment.objects.count() == 2


def test_visible_to_refuses_a_scope_other_than_the_users_site(visits, site_a, site_b):
    desk = ReceptionistFactory(sites=[site_a, site_b])
    with working_at(desk, site_a):
        assert list(Appointment.objects.visible_to(desk)) == [visits.here]
    desk.current_site = site_a
    for wrong in (site_scope(site_b), scopes_disabled()):
        with wrong, pytest.raises(ScopeError):
            Appointment.objects.visible_to(desk)


def _every_appointment(request):
    # A view that forgets visible_to and asks for every row.
    return JsonResponse({"ids": list(Appointment.objects.values_list("pk", flat=True))})


@pytest.fixture
def forgetful_view(settings):
    urlconf = types.ModuleType("forgetful_urls")
    urlconf.urlpatterns = [
        path("everything/staff/", staff_required()(_every_appointment)),
        path("everything/public/", public(redirects_to=())(_every_appointment)),
        path("", include("clinic.urls")),
    ]
    settings.ROOT_URLCONF = urlconf


def test_a_staff_view_that_forgets_visible_to_still_sees_only_its_site(
        forgetful_view, client_for, visits, site_a, site_b, desk_a):
    assert client_for(desk_a).get("/everything/staff/").json() == {"ids": [visits.here.pk]}
    both = ReceptionistFactory(sites=[site_a, site_b])
    response = client_for(both).get(f"/everything/staff/?clinic_site={site_b.pk}")
    assert response.json() == {"ids": [visits.there.pk]}
    nowhere = client_for(ReceptionistFactory(sites=[]))
    assert nowhere.get("/everything/staff/").json() == {"ids": []}


def test_a_logged_out_request_reaching_site_owned_rows_fails(forgetful_view, client, visits):
    client.raise_request_exception = True
    with pytest.raises(ScopeError):
        client.get("/everything/public/")


def test_the_administrators_admin_shows_every_site(client_for, visits):
    page = client_for(AdministratorFactory()).get("/admin/scheduling/appointment/")
    assert page.status_code == 200
    assert f"/admin/scheduling/appointment/{visits.here.pk}/change/" in page.content.decode()
    assert f"/admin/scheduling/appointment/{visits.there.pk}/change/" in page.content.decode()


def test_an_owner_sees_their_dogs_visits_at_every_site(client_for, visits, site_a, site_b):
    page = client_for(visits.owner.user).get("/portal/").content.decode()
    assert f"at {site_a.name}</p>" in page
    assert f"at {site_b.name}</p>" in page


def test_reminders_run_site_by_site_without_a_request(visits):
    assert send_due_reminders()["sent"] == 2
    assert [message.to for message in mail.outbox] == [[visits.owner.email]] * 2


def test_a_follow_up_booked_at_another_site_is_off_the_worklist(site_a, site_b, vet_a,
                                                                vet_b, desk_a):
    with scopes_disabled():
        follow_up = FollowUpFactory(case=CaseFactory(attending_site=site_a))
        AppointmentFactory(dog=follow_up.case.dog, vet=vet_b, site=site_b,
                           follow_up=follow_up, start=at(next_weekday(1), 10))
    with on_site(desk_a, site_a):
        assert list(follow_ups_to_book(desk_a)) == []


def test_the_export_task_builds_outside_a_request_with_the_owners_visits_at_every_site(visits):
    from clinic.portal.models import DataExport
    from clinic.portal.privacy import prepare_data_export
    from tests.factories.portal import DataExportFactory, stored_zip

    export = DataExportFactory(owner=visits.owner, status=DataExport.Status.REQUESTED)
    prepare_data_export.call(export.pk)  # as a worker runs it: no request, no scope
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    summary = stored_zip(export).read("summary.html").decode()
    for visit in (visits.here, visits.there):
        assert visit.vet.get_full_name() in summary
