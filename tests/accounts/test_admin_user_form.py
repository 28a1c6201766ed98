import pytest
from django.contrib.auth.models import Group

from clinic.accounts.admin import ClinicUserChangeForm, ClinicUserCreationForm
from clinic.accounts.roles import Role

pytestmark = pytest.mark.django_db


def group(role):
    return Group.objects.get(name=role.value).pk


def test_an_owner_account_cannot_get_admin_site_access(owner_a):
    user = owner_a.user
    form = ClinicUserChangeForm(
        instance=user,
        data={"email": user.email, "full_name": user.full_name, "is_active": True,
              "is_staff": True, "groups": [group(Role.OWNER)],
              "date_joined": "2026-01-01 10:00"},
    )
    assert not form.is_valid()
    assert "cannot have admin site access" in str(form.non_field_errors())


def test_an_account_is_either_staff_or_an_owner():
    form = ClinicUserCreationForm(
        data={"email": "mixed@example.org", "full_name": "Mixed Roles",
              "password1": "a long enough password", "password2": "a long enough password",
              "groups": [group(Role.OWNER), group(Role.VET)]},
    )
    assert not form.is_valid()
    assert "either clinic staff or an owner" in str(form.non_field_errors())


def test_the_administrator_creates_a_receptionist():
    form = ClinicUserCreationForm(
        data={"email": "new.desk@example.org", "full_name": "New Desk",
              "password1": "a long enough password", "password2": "a long enough password",
              "groups": [group(Role.RECEPTION)]},
    )
    assert form.is_valid(), form.errors
    user = form.save()
    assert user.is_reception
    assert user.is_clinic_staff
    assert not user.is_staff
