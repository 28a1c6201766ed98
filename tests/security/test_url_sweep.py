"""Walk every URL pattern as every persona and fail on any leak.

Nothing here lists who may open what: each URL's expected outcome comes from its view's
declared access (clinic/accounts/access.py) and, for staff, from ROLE_PERMISSIONS. A persona
the declaration admits gets the page (GET 200, or a redirect the declaration names; a
POST-only view is exercised with a real POST, which is never refused); another owner gets
404 for owner A's records, never a 403 that would confirm they exist. A persona it refuses
gets the login page (anonymous) or 403, and a refused POST writes nothing. A view that
declares nothing fails here. Admin URLs are Django's own.
"""

import types

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, resolve, reverse

from clinic.accounts.access import (
    EVERY_USER,
    OWNER,
    PUBLIC,
    STAFF,
    STAFF_OR_OWNER,
    declared_views,
    undeclared_views,
)
from clinic.accounts.roles import ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db

VIEWS = {view.name: view for view in declared_views()}
ALL_URLS = sorted((view.name, view.kwarg_names) for view in VIEWS.values())

PERSONAS = ["anonymous", "owner_a", "owner_b", "vet", "reception", "administrator"]
OWNERS = {"owner_a", "owner_b"}
STAFF_ROLES = {"vet": Role.VET, "reception": Role.RECEPTION}
WRITES = ("INSERT", "UPDATE", "DELETE")


def admits(access, persona):
    """Whether `access` lets `persona` in, from the declaration and the role table alone."""
    if access.audience == PUBLIC:
        return True
    if persona == "anonymous":
        return False
    if access.audience == EVERY_USER:
        return True
    if persona in OWNERS:
        return access.audience in (OWNER, STAFF_OR_OWNER)
    if access.audience not in (STAFF, STAFF_OR_OWNER):
        return False
    if persona == "administrator":  # a superuser holds every permission
        return True
    return set(access.perms) <= ROLE_PERMISSIONS[STAFF_ROLES[persona]]


def build(name, kwarg_names, url_kwargs):
    missing = [k for k in kwarg_names if k not in url_kwargs]
    assert not missing, f"add {missing} to url_kwargs in tests/security/conftest.py for {name}"
    return reverse(name, kwargs={k: url_kwargs[k] for k in kwarg_names})


def target_name(response):
    return resolve(response.url.split("?")[0]).view_name


def writes_during(call):
    """The response, and the SQL statements that changed data (sessions aside) meanwhile."""
    with CaptureQueriesContext(connection) as queries:
        response = call()
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in q["sql"]]
    return response, writes


def test_the_sweep_sees_the_urls():
    assert {"dashboard", "portal:home", "login", "cases:exam_detail"} <= set(VIEWS)


def test_every_view_declares_who_may_open_it():
    assert undeclared_views() == [], "decorate these views (clinic/accounts/access.py)"


def _new_clinical_view(request, case_id):
    return HttpResponse("the clinical notes")


def test_a_new_view_without_a_declaration_fails_the_suite():
    urlconf = types.ModuleType("throwaway_urls")
    urlconf.urlpatterns = [
        path("", include("clinic.urls")),
        path("cases/<int:case_id>/secret/", _new_clinical_view, name="secret_notes"),
    ]
    assert undeclared_views(urlconf) == ["secret_notes"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwarg_names"), ALL_URLS)
def test_each_persona_gets_what_the_view_declares(
    client, client_for, request, url_kwargs, persona, name, kwarg_names
):
    access = VIEWS[name].access
    assert access is not None, f"{name} declares no access (clinic/accounts/access.py)"
    url = build(name, kwarg_names, url_kwargs)
    browser = client if persona == "anonymous" else client_for(_user(request, persona))
    if not admits(access, persona):
        _assert_refused(browser, url, persona)
    elif persona == "owner_b" and access.audience in (OWNER, STAFF_OR_OWNER) and kwarg_names:
        _assert_not_found(browser, url)
    else:
        _assert_admitted(browser, url, access)


def _user(request, persona):
    found = request.getfixturevalue(persona)
    return found.user if persona in OWNERS else found


def _assert_refused(browser, url, persona):
    for method in (browser.get, browser.post):
        response, writes = writes_during(lambda: method(url))  # noqa: B023
        if persona == "anonymous":
            assert response.status_code == 302, f"{method.__name__} {url}"
            assert target_name(response) == "login", f"{method.__name__} {url}"
        else:
            assert response.status_code == 403, f"{persona} {method.__name__} {url}"
        assert not writes, f"a refused {method.__name__} {url} wrote {writes}"


def _assert_not_found(browser, url):
    """Owner B asking for owner A's records: 404, or 405 for a method the view never takes."""
    statuses = {browser.get(url).status_code, browser.post(url).status_code}
    assert 404 in statuses, f"{url}: {statuses}"
    assert statuses <= {404, 405}, f"{url}: {statuses}"


def _assert_admitted(browser, url, access):
    # Public links carry tokens the sweep cannot know: a 404 is their answer to a bad one.
    missing = {404} if access.audience == PUBLIC else set()
    got = browser.get(url)
    if got.status_code == 302:
        assert target_name(got) in access.redirects_to, (
            f"GET {url} redirected to {got.url}; declare redirects_to= if that is meant")
    else:
        assert got.status_code in {200, 405} | missing, f"GET {url}: {got.status_code}"
    posted = browser.post(url)
    # A POST may be refused as a bad form (200 with errors, 400), by the record's state
    # (409) or by method (405, for a view that answers GET), never by permission; it may
    # redirect (post/redirect/get), but to the login page only when declared (log out).
    allowed = {200, 302, 400, 409} | ({405} if got.status_code != 405 else set()) | missing
    assert posted.status_code in allowed, f"POST {url}: {posted.status_code}"
    if posted.status_code == 302 and "login" not in access.redirects_to:
        assert target_name(posted) != "login", f"POST {url} sent to the login page"
