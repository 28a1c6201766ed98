"""Roles and permissions come from the cache (clinic.accounts.rights), and every way the
administrator changes them is seen on the next request."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic.accounts.roles import Role

pytestmark = pytest.mark.django_db

PATIENTS = "/patients/"


def fresh(user):
    """The user as the next request loads it (no per-object caches)."""
    return get_user_model().objects.get(pk=user.pk)


def permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def test_a_staff_page_reads_roles_and_permissions_without_a_query_once_cached(vet_client):
    vet_client.get(PATIENTS)
    with CaptureQueriesContext(connection) as queries:
        assert vet_client.get(PATIENTS).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "auth_permission" not in tables
    assert "auth_group" not in tables


def test_taking_a_user_out_of_a_role_takes_effect_on_the_next_request(client_for, reception):
    client = client_for(reception)
    assert client.get(PATIENTS).status_code == 200
    reception.groups.clear()
    assert client.get(PATIENTS).status_code == 403


def test_removing_a_member_from_the_group_side_takes_effect(client_for, reception):
    client = client_for(reception)
    assert client.get(PATIENTS).status_code == 200
    Group.objects.get(name=Role.RECEPTION.value).user_set.remove(reception)
    assert client.get(PATIENTS).status_code == 403


def test_a_permission_taken_from_a_role_is_gone_for_every_member(reception):
    assert fresh(reception).has_perm("cases.view_case")
    Group.objects.get(name=Role.RECEPTION.value).permissions.remove(permission("cases.view_case"))
    assert not fresh(reception).has_perm("cases.view_case")


def test_a_permission_given_to_one_user_is_seen_at_once(reception):
    assert not fresh(reception).has_perm("cases.view_exam")
    reception.user_permissions.add(permission("cases.view_exam"))
    assert fresh(reception).has_perm("cases.view_exam")


def test_a_renamed_role_group_is_no_longer_that_role(reception):
    assert fresh(reception).is_reception
    Group.objects.filter(name=Role.RECEPTION.value).update(name="Front desk")
    Group.objects.get(name="Front desk").save()  # the admin saves the object: signals run
    assert not fresh(reception).is_reception


def test_a_deactivated_user_has_no_permission_at_once(reception):
    assert fresh(reception).has_perm("cases.view_case")
    get_user_model().objects.filter(pk=reception.pk).update(is_active=False)
    assert not fresh(reception).has_perm("cases.view_case")
    assert not fresh(reception).is_clinic_staff
