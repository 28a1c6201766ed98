"""/healthz and /readyz: public, JSON, 503 when something they depend on fails, and
nothing in the answer that would help an attacker."""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from clinic import health

pytestmark = pytest.mark.django_db


def test_readyz_is_public_and_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_a_cache_that_does_not_answer_is_a_503_without_details(client, settings, url):
    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        # A port nothing listens on; the error must not leak the address or the password.
        "LOCATION": "redis://:s3cret-password@127.0.0.1:9/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }}
    response = client.get(url)
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["cache"] == "error"
    assert response.json()["checks"]["database"] == "ok"
    assert "s3cret" not in response.text
    assert "127.0.0.1" not in response.text


def test_storage_that_refuses_is_a_503(client, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "nowhere", "endpoint_url": "http://127.0.0.1:9",
                    "access_key": "x", "secret_key": "y", "region_name": "us-east-1"},
    }}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"


def test_readyz_is_503_while_a_migration_is_unapplied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("jobs", "0001_scheduled_runs")  # as if the deploy had not migrated
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "error"
    recorder.record_applied("jobs", "0001_scheduled_runs")
    assert client.get("/readyz").status_code == 200


def test_readyz_reads_the_migration_files_once_per_process(client, monkeypatch,
                                                           django_assert_max_num_queries):
    client.get("/readyz")
    with django_assert_max_num_queries(1):  # the database round-trip only
        assert client.get("/readyz").status_code == 200
