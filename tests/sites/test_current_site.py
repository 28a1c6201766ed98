"""The current site of a staff session: the switcher, ?clinic_site= links, and scoping
that fails closed."""

import pytest
from django.contrib.auth.models import Permission

from clinic.accounts.roles import Role
from clinic.scheduling.models import Appointment
from clinic.sites.current import SESSION_KEY, sites_for, working_at
from clinic.sites.models import Clinic
from tests.factories.accounts import AdministratorFactory, ReceptionistFactory, UserFactory
from tests.factories.scheduling import AppointmentFactory, at, next_weekday
from tests.factories.sites import on_site

pytestmark = pytest.mark.django_db


def grant_all_sites(user):
    user.user_permissions.add(Permission.objects.get(codename="view_all_sites"))
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


def test_the_first_site_is_seeded_from_the_environment(settings):
    site = Clinic.objects.main()
    assert (site.name, site.phone, site.address) == (
        settings.CLINIC_NAME, settings.CLINIC_PHONE, settings.CLINIC_ADDRESS)


def test_staff_see_their_own_sites_and_the_permission_opens_all(site_a, site_b, desk_a):
    assert sites_for(desk_a) == [site_a]
    assert sites_for(grant_all_sites(desk_a)) == [site_a, site_b]
    assert sites_for(AdministratorFactory()) == [site_a, site_b]


def test_the_administrator_role_opens_every_site_without_being_superuser(site_a, site_b):
    manager = UserFactory(role=Role.ADMINISTRATOR)
    assert manager.is_clinic_staff
    assert not manager.is_superuser
    assert sites_for(manager) == [site_a, site_b]
    assert not ReceptionistFactory().has_perm("clinic_sites.view_all_sites")


def test_a_staff_member_with_no_site_reaches_no_appointment(site_a, vet_a):
    AppointmentFactory(vet=vet_a, site=site_a)
    nobody = ReceptionistFactory(sites=[])
    with working_at(nobody, None):
        assert not Appointment.objects.visible_to(nobody).exists()
    with on_site(ReceptionistFactory()) as desk:
        assert Appointment.objects.visible_to(desk).count() == 1


def test_appointments_are_scoped_to_the_current_site(site_a, site_b, vet_a, vet_b):
    here = AppointmentFactory(vet=vet_a, site=site_a)
    there = AppointmentFactory(vet=vet_b, site=site_b)
    both = ReceptionistFactory(sites=[site_a, site_b])
    with on_site(both, site_a):
        assert list(Appointment.objects.visible_to(both)) == [here]
    with on_site(both, site_b):
        assert list(Appointment.objects.visible_to(both)) == [there]


def test_a_staff_member_with_no_site_is_refused_the_calendar(client_for, site_a):
    client = client_for(ReceptionistFactory(sites=[]))
    assert client.get("/schedule/").status_code == 403
    assert client.get("/schedule/book/").status_code == 403
    assert "No site" in client.get("/").content.decode()


def test_the_switcher_offers_only_the_users_sites(client_for, site_a, site_b, desk_a):
    page = client_for(ReceptionistFactory(sites=[site_a, site_b])).get("/").content.decode()
    assert 'id="site-switcher"' in page
    assert "Northgate Branch" in page
    # The current site is named in full on the menu button, never cut to fit a box.
    assert f'<span class="visually-hidden">Site: </span>{site_a.name}</button>' in page
    page = client_for(desk_a).get("/").content.decode()
    assert 'id="site-switcher"' not in page
    assert "Northgate Branch" not in page
    assert f'<span class="navbar-text me-xl-3" id="site-name">{site_a.name}</span>' in page


def test_switching_remembers_the_site_for_the_session(client_for, site_a, site_b):
    client = client_for(ReceptionistFactory(sites=[site_a, site_b]))
    response = client.post("/sites/switch/",
                           {"site": site_b.pk, "next": "/schedule/?clinic_site=1"})
    assert response.status_code == 302
    assert response.url == "/schedule/"  # without the old ?clinic_site=
    assert client.session[SESSION_KEY] == site_b.pk
    assert "Northgate Branch" in client.get("/schedule/").content.decode()


@pytest.mark.parametrize("value", ["foreign", "", "abc", "99999"])
def test_switching_to_a_site_one_does_not_work_at_is_refused(client_for, site_a, site_b,
                                                             desk_a, value):
    client = client_for(desk_a)
    site_id = {"foreign": site_b.pk}.get(value, value)
    response = client.post("/sites/switch/", {"site": site_id, "next": "/"})
    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_switching_never_redirects_off_the_site(client_for, site_a, site_b):
    client = client_for(ReceptionistFactory(sites=[site_a, site_b]))
    response = client.post("/sites/switch/", {"site": site_b.pk,
                                              "next": "https://evil.example.com/"})
    assert response.url == "/"


def test_a_link_to_another_sites_calendar_needs_the_permission(client_for, site_a, site_b,
                                                               desk_a, vet_b):
    AppointmentFactory(vet=vet_b, site=site_b, start=at(next_weekday(1), 10))
    url = f"/schedule/?date={next_weekday(1)}&clinic_site={site_b.pk}"
    assert client_for(desk_a).get(url).status_code == 404
    assert client_for(desk_a).get("/schedule/?clinic_site=nonsense").status_code == 404
    allowed = client_for(grant_all_sites(desk_a)).get(url)
    assert allowed.status_code == 200
    page = allowed.content.decode()
    assert "Dr Bruno Berg" in page
    assert "Dr Alma Arden" not in page
