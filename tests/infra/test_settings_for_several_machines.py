"""The environment switches on the shared services; a mistake in it stops start-up with a
message saying what to set."""

from tests.test_settings import PRODUCTION, manage


def test_s3_storage_without_a_bucket_is_a_clear_error():
    result = manage("check", env={**PRODUCTION, "CLINIC_STORAGE": "s3"})
    assert result.returncode != 0
    assert "CLINIC_STORAGE=s3 needs CLINIC_S3_BUCKET" in result.stderr


def test_an_unknown_storage_is_a_clear_error():
    result = manage("check", env={**PRODUCTION, "CLINIC_STORAGE": "dropbox"})
    assert result.returncode != 0
    assert "CLINIC_STORAGE must be filesystem or s3" in result.stderr


def test_the_pool_and_pgbouncer_exclude_each_other():
    result = manage("check", env={
        **PRODUCTION, "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/x",
        "CLINIC_DB_POOL": "1", "CLINIC_DB_PGBOUNCER": "1",
    })
    assert result.returncode != 0
    assert "CLINIC_DB_POOL and CLINIC_DB_PGBOUNCER exclude each other" in result.stderr


def test_the_production_set_up_for_a_group_passes_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={
        **PRODUCTION, "CLINIC_STORAGE": "s3", "CLINIC_S3_BUCKET": "clinic-files",
        "CLINIC_CACHE_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/x", "CLINIC_DB_POOL": "1",
    })
    assert result.returncode == 0, result.stderr + result.stdout
