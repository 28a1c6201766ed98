"""One way to keep a value built from a few tables in the shared cache: reference lists,
clinic settings, the sites, the urgent-report count, a session's authenticator.

    BREEDS = SharedValue("patients:breeds", lambda: list(Breed.objects.all()),
                         depends_on=["patients.Breed"])
    BREEDS.get()                # one cache read; the database only on a miss
    DEVICES.get(persistent_id)  # one entry per key, all under the same version

Entries are stored under a version token; any save or delete of a model the value is built
from (post_save / post_delete) replaces the token, so every entry of that value goes at
once on every node that shares the cache. The token is replaced at once and again when the
transaction commits: a request that read the old rows in between cannot put them back.
Bulk `update()` and `bulk_create()` send no signals: code that uses them on these models
calls `forget()` itself.

With the per-process memory cache (no CLINIC_CACHE_URL) another worker process only sees a
change once its entry expires (`timeout`; the cache's default otherwise).
"""

import uuid

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import transaction
from django.db.models.signals import post_delete, post_save

_MISSING = object()


class SharedValue:
    def __init__(self, name, build, *, depends_on, timeout=DEFAULT_TIMEOUT):
        self.name = name
        self.build = build
        self.timeout = timeout
        self._version_key = f"{name}:version"
        for label in depends_on:  # "app_label.ModelName": connected once the model loads
            for signal in (post_save, post_delete):
                signal.connect(self._changed, sender=label, weak=False,
                               dispatch_uid=f"{name}:{label}:{id(signal)}")

    def _version(self):
        # A random token, not a counter: if the cache evicts it, a new one starts afresh
        # instead of reviving entries of an older version.
        token = cache.get(self._version_key)
        if token is None:
            cache.add(self._version_key, uuid.uuid4().hex, timeout=None)
            token = cache.get(self._version_key)
        return token

    def get(self, *parts):
        """The value (for `parts`, passed on to `build`), from the cache or built now."""
        key = ":".join([self.name, self._version(), *map(str, parts)])
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = self.build(*parts)
            cache.set(key, value, timeout=self.timeout)
        return value

    def forget(self):
        def new_version():
            cache.set(self._version_key, uuid.uuid4().hex, timeout=None)

        new_version()
        transaction.on_commit(new_version)

    def _changed(self, **kwargs):
        self.forget()
