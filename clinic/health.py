"""What /healthz and /readyz check: the database, the shared cache, the file storage and the
migrations. Each check answers True or False; why one failed goes to the log, never into the
response, which anyone can read."""

import logging
from uuid import uuid4

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

# A name no upload can have (uploads get `<prefix>/<yyyy>/<mm>/<uuid>.<ext>`): asking whether it
# exists proves the storage answers and accepts our credentials, without writing anything.
STORAGE_PROBE_NAME = "healthz/probe"

_migrations_applied = False  # once true, true for this process: code and schema match


def _passes(name, check):
    try:
        return bool(check())
    except Exception:
        logger.warning("health check %s failed", name, exc_info=True)
        return False


def database_answers():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    key, value = "healthz:probe", uuid4().hex
    cache.set(key, value, timeout=10)
    return cache.get(key) == value


def storage_answers():
    default_storage.exists(STORAGE_PROBE_NAME)
    return True


def migrations_applied():
    """No migration of this code's waits to run on the database (checked once per process
    until it passes: reading the migration files is the expensive part)."""
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


def health():
    """Every dependency, for people and monitoring: {"database": True, ...}."""
    return {
        "database": _passes("database", database_answers),
        "cache": _passes("cache", cache_answers),
        "storage": _passes("storage", storage_answers),
    }


def readiness():
    """Whether this node should get traffic: cheap enough for a load balancer's every probe."""
    checks = {
        "database": _passes("database", database_answers),
        "cache": _passes("cache", cache_answers),
    }
    checks["migrations"] = checks["database"] and _passes("migrations", migrations_applied)
    return checks
