"""A user's roles and permissions, kept in the shared cache.

Every staff page checks the role (is_clinic_staff) and permissions; from the database that
is three queries per request (groups, user permissions, group permissions) for data that
changes a few times a year. One cache entry per user holds both, under a generation token
that any change to a group's permissions or a role's name replaces (every entry goes at
once); a change to one user's groups, permissions or flags drops that user's entry.

Invalidation happens at once and again when the transaction commits, so a request that
read the old rows in between cannot put them back. With the per-process memory cache
(no CLINIC_CACHE_URL) another worker process only sees a change once its entry expires,
so entries live CLINIC_RIGHTS_CACHE_SECONDS there (docs/security.md). Deactivating a user
is immediate either way: is_active is read from the user's own row on every request.
"""

import uuid

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

GENERATION_KEY = "accounts:rights:generation"


def _generation():
    # A random token, not a counter: if the cache evicts it, a new one starts afresh
    # instead of reviving entries of an older generation.
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def _key(user_pk, generation):
    return f"accounts:rights:{generation}:{user_pk}"


def rights_of(user, load):
    """{"roles": frozenset of group names, "perms": set of "app.codename"} for `user`;
    `load()` computes it from the database when the cache has no entry."""
    key = _key(user.pk, _generation())
    rights = cache.get(key)
    if rights is None:
        rights = load()
        cache.set(key, rights, timeout=settings.CLINIC_RIGHTS_CACHE_SECONDS)
    return rights


def _twice(forget):
    forget()
    transaction.on_commit(forget)


def forget_everyone():
    _twice(lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None))


def forget_users(pks):
    def forget():
        generation = _generation()
        cache.delete_many([_key(pk, generation) for pk in pks])

    _twice(forget)


class CachedPermissionsBackend(ModelBackend):
    """ModelBackend whose permission set comes from rights_of (one entry with the roles)."""

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = set(user_obj.rights["perms"])
        return user_obj._perm_cache


def load_rights(user):
    """The database's answer for rights_of (ModelBackend's own permission queries)."""
    return {
        "roles": frozenset(user.groups.values_list("name", flat=True)),
        "perms": frozenset(ModelBackend.get_all_permissions(ModelBackend(), user))
        if user.is_active else frozenset(),
    }


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


@receiver(m2m_changed, dispatch_uid="rights_membership_changed")
def _membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    user_model = _user_model()
    if sender is Group.permissions.through:
        forget_everyone()
    elif sender in (user_model.groups.through, user_model.user_permissions.through):
        if not reverse:
            forget_users([instance.pk])
        elif pk_set:
            forget_users(pk_set)
        else:  # group.user_set.clear() / permission.user_set.clear(): who is unknown now
            forget_everyone()


@receiver([post_save, post_delete], sender=Group, dispatch_uid="rights_group_changed")
@receiver(post_delete, sender=Permission, dispatch_uid="rights_permission_deleted")
def _group_changed(**kwargs):
    forget_everyone()


def warm_at_login(sender, request, user, **kwargs):
    """user_logged_in receiver: the first page after logging in finds the entry ready."""
    rights_of(user, lambda: load_rights(user))


def _user_saved(sender, instance, update_fields=None, **kwargs):
    # A login saves last_login only, which changes no right.
    if update_fields is None or set(update_fields) != {"last_login"}:
        forget_users([instance.pk])
