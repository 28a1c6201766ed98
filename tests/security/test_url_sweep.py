"""Walk every URL pattern as every role and fail on any leak.

Staff pages: owners get 403, anonymous visitors the login page, reception 403 on clinical
notes. Portal pages: staff get 403; owner B gets 404 for every URL built from owner A's
records (never a 403 that would confirm the record exists). Admin URLs are Django's own.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.conftest import (
    EVERY_USER_URL_NAMES,
    PUBLIC_URL_NAMES,
    RECEPTION_FORBIDDEN,
    SHARED_FILE_URL_NAMES,
)

pytestmark = pytest.mark.django_db


def walk(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = entry.namespace or namespace
            if entry.namespace and namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, list(entry.pattern.regex.groupindex)


ALL_URLS = sorted({(name, tuple(kwargs)) for name, kwargs in walk(get_resolver().url_patterns)})


def build(name, kwarg_names, url_kwargs):
    missing = [k for k in kwarg_names if k not in url_kwargs]
    assert not missing, f"add {missing} to url_kwargs in tests/security/conftest.py for {name}"
    return reverse(name, kwargs={k: url_kwargs[k] for k in kwarg_names})


def is_portal(name):
    return name.startswith("portal:")


def test_the_sweep_sees_the_urls():
    names = {name for name, _ in ALL_URLS}
    assert {"dashboard", "portal:home", "login"} <= names


@pytest.mark.parametrize(("name", "kwarg_names"), ALL_URLS)
def test_anonymous_visitors_only_reach_public_pages(client, url_kwargs, name, kwarg_names):
    url = build(name, kwarg_names, url_kwargs)
    for method in (client.get, client.post):
        response = method(url)
        if name in PUBLIC_URL_NAMES:
            assert response.status_code != 500, url
        else:
            assert response.status_code == 302, f"{method.__name__} {url}"
            assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize(("name", "kwarg_names"), ALL_URLS)
def test_another_owner_never_reaches_owner_as_records(
    owner_b_client, url_kwargs, name, kwarg_names
):
    if name in PUBLIC_URL_NAMES | EVERY_USER_URL_NAMES:
        return
    url = build(name, kwarg_names, url_kwargs)
    for method in (owner_b_client.get, owner_b_client.post):
        response = method(url)
        if name in SHARED_FILE_URL_NAMES:
            assert response.status_code in (404, 405), f"{method.__name__} {url}"
            assert method is not owner_b_client.get or response.status_code == 404, url
        elif not is_portal(name):
            assert response.status_code == 403, f"{method.__name__} {url}"
        elif kwarg_names:
            assert response.status_code == 404, f"{method.__name__} {url}"
        else:
            assert response.status_code in (200, 302, 405), f"{method.__name__} {url}"


@pytest.mark.parametrize(("name", "kwarg_names"), ALL_URLS)
def test_the_owner_reaches_their_own_portal_pages(owner_a_client, url_kwargs, name, kwarg_names):
    if name in PUBLIC_URL_NAMES:
        return
    url = build(name, kwarg_names, url_kwargs)
    response = owner_a_client.get(url)
    own_side = is_portal(name) or name in EVERY_USER_URL_NAMES
    expected = (200, 302, 405) if own_side else (403,)
    if name in SHARED_FILE_URL_NAMES:
        expected = (200,)
    assert response.status_code in expected, url


@pytest.mark.parametrize("persona", ["vet", "reception", "administrator"])
@pytest.mark.parametrize(("name", "kwarg_names"), ALL_URLS)
def test_staff_reach_staff_pages_their_role_allows(
    client_for, request, url_kwargs, persona, name, kwarg_names
):
    if name in PUBLIC_URL_NAMES:
        return
    user = request.getfixturevalue(persona)
    url = build(name, kwarg_names, url_kwargs)
    response = client_for(user).get(url)
    if is_portal(name):
        assert response.status_code == 403, url
    elif name in SHARED_FILE_URL_NAMES:
        assert response.status_code == 200, f"{persona} {url}"
    elif name in EVERY_USER_URL_NAMES:
        assert response.status_code in (200, 302, 405), url
    elif persona == "reception" and name in RECEPTION_FORBIDDEN:
        assert response.status_code == 403, url
        assert client_for(user).post(url).status_code == 403, url
    else:
        assert response.status_code in (200, 302, 405), f"{persona} {url}"
