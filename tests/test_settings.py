"""The settings switch: development works with nothing set; production refuses to start
without its secrets and passes `check --deploy` with no warning at all."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k" * 20 + "a-long-random-production-secret-for-the-test-run",
    "DJANGO_ALLOWED_HOSTS": "cutiscase.example.org",
    "DATABASE_URL": "sqlite:////tmp/cutiscase-deploy-check.sqlite3",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )


def test_it_passes_check_deploy_with_no_warning_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_it_refuses_to_start_in_production_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_ALLOWED_HOSTS"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_it_runs_in_development_with_no_variables_set():
    result = manage("check", env={})
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_a_clear_error():
    result = manage("check", env={"DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be" in result.stderr


def test_healthz_answers_with_a_database_round_trip(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }


def test_pages_carry_a_self_only_content_security_policy(client, db):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_sessions_have_the_cache_in_front_only_when_it_is_shared():
    """A per-process cache in front would keep a session that another worker logged out."""
    def engine(env):
        result = manage("shell", "-c", "from django.conf import settings; "
                        "print(settings.SESSION_ENGINE)", env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert engine({}) == "django.contrib.sessions.backends.db"
    shared = {"CLINIC_CACHE_URL": "redis://127.0.0.1:6379/0"}
    assert engine(shared) == "django.contrib.sessions.backends.cached_db"
