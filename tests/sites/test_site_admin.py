"""The administrator keeps the sites, their hours and who works where in the admin; bad
input is a form error next to its field, never a 500."""

import pytest

from clinic.scheduling.models import ClinicHours, ClosedDay
from clinic.sites.current import member_site_ids
from clinic.sites.models import Clinic, SiteMembership
from tests.factories.accounts import VetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/clinic_sites/clinic/", "/admin/clinic_sites/clinic/add/"])
def test_the_site_admin_pages_open(admin_client_, site_a, url):
    assert admin_client_.get(url).status_code == 200


def test_a_site_without_name_address_or_phone_is_a_form_error(admin_client_, site_a):
    response = admin_client_.post("/admin/clinic_sites/clinic/add/", {
        "name": "", "address": "", "phone": "", "email": "not-an-address",
        "sheet_footer": "x\x00y",
    })
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"name", "address", "phone", "email", "sheet_footer"}
    assert Clinic.objects.count() == 1


def test_a_second_site_with_the_same_name_is_refused(admin_client_, site_a):
    response = admin_client_.post("/admin/clinic_sites/clinic/add/", {
        "name": site_a.name, "address": "2 Other Road", "phone": "+44 20 7946 0001",
    })
    assert "already exists" in response.content.decode()


def test_saving_a_site_is_seen_at_once(admin_client_, site_a):
    assert Clinic.objects.main().phone == site_a.phone  # now cached
    response = admin_client_.post(f"/admin/clinic_sites/clinic/{site_a.pk}/change/", {
        "name": site_a.name, "address": site_a.address, "phone": "+44 20 7946 1234",
        "email": "", "sheet_footer": "",
    })
    assert response.status_code == 302
    assert Clinic.objects.main().phone == "+44 20 7946 1234"


def test_a_sites_weekday_hours_are_set_once(admin_client_, site_a, site_b):
    response = admin_client_.post("/admin/scheduling/clinichours/add/", {
        "site": site_b.pk, "weekday": 1, "opens_at": "09:00", "closes_at": "17:00",
    })
    assert "This site already has hours for that weekday." in response.content.decode()
    response = admin_client_.post("/admin/scheduling/clinichours/add/", {
        "site": site_b.pk, "weekday": 1, "is_closed": "on", "open_24_hours": "on",
    })
    assert "A day is either closed or open 24 hours." in response.content.decode()
    assert ClinicHours.objects.filter(site=site_b, weekday=1).count() == 1


def test_a_closed_day_is_per_site(admin_client_, site_a, site_b):
    ClosedDay.objects.create(site=site_a, date="2027-01-01", reason="New Year's Day")
    response = admin_client_.post("/admin/scheduling/closedday/add/", {
        "site": site_b.pk, "date": "2027-01-01", "reason": "New Year's Day",
    })
    assert response.status_code == 302
    response = admin_client_.post("/admin/scheduling/closedday/add/", {
        "site": site_b.pk, "date": "2027-01-01", "reason": "Again",
    })
    assert "This site is already closed on that date." in response.content.decode()


def test_who_works_where_is_edited_on_the_users_page(admin_client_, site_a, site_b):
    vet = VetFactory(sites=[site_a])
    url = f"/admin/accounts/user/{vet.pk}/change/"
    page = admin_client_.get(url)
    assert page.status_code == 200
    assert "Sites this person works at" in page.content.decode()
    assert member_site_ids(vet) == (site_a.pk,)  # cached
    membership = SiteMembership.objects.get(user=vet)
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value is not None and name not in ("password", "groups", "user_permissions")}
    data.update({
        "groups": [group.pk for group in vet.groups.all()],
        "last_login_0": "", "last_login_1": "",
        "date_joined_0": vet.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": vet.date_joined.strftime("%H:%M:%S"),
        "site_memberships-TOTAL_FORMS": "2", "site_memberships-INITIAL_FORMS": "1",
        "site_memberships-0-id": membership.pk, "site_memberships-0-user": vet.pk,
        "site_memberships-0-site": site_a.pk,
        "site_memberships-1-user": vet.pk, "site_memberships-1-site": site_b.pk,
    })
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(member_site_ids(vet)) == {site_a.pk, site_b.pk}  # the cache was dropped
