"""Shared fixtures: the personas every access test uses (after healthchecks' Alice, Bob
and Charlie): owner A, owner B, reception, vet, a second vet, the administrator."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django_scopes import scopes_disabled
from pytest_django.plugin import blocking_manager_key, validate_django_db

from clinic.reference_data import load_reference_data
from clinic.sites.current import sites_for
from tests.factories.accounts import (
    AdministratorFactory,
    OwnerUserFactory,
    ReceptionistFactory,
    VetFactory,
)
from tests.factories.patients import DogFactory, OwnerFactory


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
            # Transactional: the live server answers from another thread.
            item.add_marker(pytest.mark.django_db(transaction=True))


def _empties_tables(item):
    marker = item.get_closest_marker("django_db")
    transaction = marker is not None and validate_django_db(marker)[0]
    return transaction or {"transactional_db", "live_server"} & set(item.fixturenames)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test's teardown empties every table, the migrations' reference data
    with them; the next test on this worker gets it back. pytest-django's ordering (such
    tests last) does not protect: --dist loadfile sends a whole file, transactional tests
    and all, to a worker before later files. Not after a worker's last test: its
    teardown has already dropped the test database."""
    result = yield
    if nextitem is not None and _empties_tables(item):
        with item.config.stash[blocking_manager_key].unblock():
            load_reference_data()
    return result


@pytest.fixture(autouse=True)
def _fast_and_private(settings, tmp_path):
    # Argon2 is deliberately slow; tests use a fast hasher. Uploaded files go to a
    # temporary private folder per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "private-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private-media", "base_url": None},
        },
    }
    # The cache outlives each test's rolled-back transaction (abuse-limit counters, cached
    # settings), so every test starts with it empty. Only this process's memory: a shared
    # Redis is never flushed by the tests.
    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()


@pytest.fixture(autouse=True)
def _site_scopes_disabled(request):
    """Tests build and read every site's rows (as pretix's tests do); requests still run in
    their middleware's scope. Tests marked `site_scopes` keep the fail-closed guard on."""
    if request.node.get_closest_marker("site_scopes"):
        yield
        return
    with scopes_disabled():
        yield


@pytest.fixture
def vet(db):
    return VetFactory(email="vet.a@example.org", full_name="Dr Ada Vet")


@pytest.fixture
def vet2(db):
    return VetFactory(email="vet.b@example.org", full_name="Dr Ben Vet")


@pytest.fixture
def reception(db):
    return ReceptionistFactory(email="front.desk@example.org", full_name="Rita Reception")


@pytest.fixture
def administrator(db):
    return AdministratorFactory(email="boss@example.org", full_name="Alex Administrator")


@pytest.fixture
def owner_a(db):
    """Owner A: has a portal login and one dog."""
    user = OwnerUserFactory(email="alice@example.org", full_name="Alice Owner")
    owner = OwnerFactory(first_name="Alice", last_name="Owner", email=user.email, user=user)
    DogFactory(owner=owner, name="Bramble")
    return owner


@pytest.fixture
def owner_b(db):
    """Owner B: another client with a login, who must never see owner A's records."""
    user = OwnerUserFactory(email="bob@example.org", full_name="Bob Owner")
    owner = OwnerFactory(first_name="Bob", last_name="Owner", email=user.email, user=user)
    DogFactory(owner=owner, name="Rufus")
    return owner


@pytest.fixture
def case(owner_a, vet):
    """An open case on owner A's dog, attended by the vet (the one already open, if any)."""
    from cases.models import Case
    from tests.factories.cases import CaseFactory

    dog = owner_a.dogs.get()
    return Case.objects.open().filter(dog=dog).first() or CaseFactory(dog=dog, attending_vet=vet)


@pytest.fixture
def client_for():
    """client_for(user) -> a test client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        # Fill the shared-cache entries of the person's sites, as their first page would:
        # query-count tests compare two pages, not a cold cache with a warm one.
        sites_for(user)
        return client

    return make


@pytest.fixture
def vet_client(client_for, vet):
    return client_for(vet)


@pytest.fixture
def reception_client(client_for, reception):
    return client_for(reception)


@pytest.fixture
def owner_a_client(client_for, owner_a):
    return client_for(owner_a.user)


@pytest.fixture
def owner_b_client(client_for, owner_b):
    return client_for(owner_b.user)


@pytest.fixture
def admin_client_(client_for, administrator):
    return client_for(administrator)

