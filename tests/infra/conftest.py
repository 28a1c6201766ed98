"""Fixtures that start real servers (see services.py); each is started once per test
process and stopped at its end."""

import pytest

from tests.infra import services


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    weed = services.start_seaweedfs(tmp_path_factory.mktemp("seaweedfs"))
    yield weed
    services.stop(weed.process, timeout=3)  # its data is thrown away: no need to wait


@pytest.fixture
def s3_storage(settings, seaweedfs, tmp_path):
    """The default storage is the SeaweedFS bucket, under a folder of this test's own."""
    location = f"test-{tmp_path.name}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage",
                    "OPTIONS": seaweedfs.storage_options(location)},
    }
    return location


@pytest.fixture(scope="session")
def redis_server():
    if not services.redis_available():
        services.unavailable(f"no Redis answers at {services.REDIS_URL}")
    yield services.REDIS_URL
    services.delete_redis_keys()


@pytest.fixture
def redis_cache(settings, redis_server):
    """The default cache is the shared Redis, under this run's own key prefix."""
    settings.CACHES = {"default": services.redis_cache_settings()}
    yield
    services.delete_redis_keys()


@pytest.fixture(scope="session")
def committed_test_database(django_db_setup, django_db_blocker):
    """The test database, for tests that write committed rows from outside any test
    transaction. pytest-django creates it only when a collected test is marked django_db,
    which such a test is not (the mark would wrap it in a transaction): run alone, it makes it.
    """
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    made = None
    with django_db_blocker.unblock():
        if not connection.settings_dict["NAME"].startswith("test_"):
            made = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    if made:
        with django_db_blocker.unblock():
            teardown_databases(made, verbosity=0)
