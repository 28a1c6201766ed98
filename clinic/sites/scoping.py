"""Site scoping that fails closed, with django-scopes (as pretix scopes its rows by organizer).

A site-owned model (Appointment, and what hangs off one) takes its `objects` from
`site_scoped_manager(QuerySetClass)`, which filters every query by the site of the active
`site_scope(site)`, following the queryset class's `site_field`. With no site scope active, any
query through `objects` (or a related manager such as `dog.appointments`) raises
django_scopes.ScopeError instead of returning every site's rows: a page, task or command that
forgets to say which site it works for fails rather than leaks.

Who opens which scope:
- clinic.sites.current.CurrentSiteMiddleware: a staff request runs in the scope of
  `request.site` (no site: the scope of none, so no rows); a portal owner's request with
  scopes disabled, their own `for_owner` lookups deciding (an owner sees their dogs' visits at
  every site); the Django admin with scopes disabled for holders of view_all_sites, else in
  the staff member's site scope; anyone else (logged out) in a scope with no site, so any
  site-owned query raises.
- Tasks and commands say it themselves: reminders run once per site, each in its scope (the
  scheduler only queues them); seed_demo and bench/generate.py build the whole group with
  scopes disabled. Migrations use
  historical models with plain managers, and backup/restore copy the database below the ORM,
  so neither is scoped.
- Deliberate group-wide reads say so with `Model.objects.with_scopes_disabled()` (a vet's
  diary across sites, whether a follow-up is booked anywhere, an owner's calendar feed).

`visible_to(user)` (clinic.accounts.querysets) stays the one entry views use: on site-owned
models it adds no site filter of its own, but checks that the active scope is the user's
current site (`require_scope_of`), so the two can never disagree.
"""

from django_scopes import ScopedManager, ScopeError, get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet

__all__ = ["ScopeError", "no_site_scope", "require_scope_of", "scopes_disabled", "site_scope",
           "site_scoped_manager"]

DIMENSION = "site"
REFUSED_TOO = ("exists", "contains", "in_bulk", "explain", "bulk_update")
# django-scopes reads a scope of None as "no filter": no site must mean no rows instead.
NO_SITE = ()


def site_scope(site):
    """Queries of site-owned models see `site`'s rows only (None: no rows at all)."""
    return scope(**{DIMENSION: NO_SITE if site is None else site})


def no_site_scope():
    """Scopes enabled with no site named: any query of a site-owned model raises (requests of
    someone neither staff nor an owner; a request starts with no scope, so none is kept)."""
    return scope()


def require_scope_of(user):
    """Raise ScopeError unless the active scope is `user`'s current site: the site the
    manager filtered the rows by must be the one visible_to is asked about."""
    site = getattr(user, "current_site", None)
    active = get_scope()
    if not active.get("_enabled", True) or active.get(DIMENSION, None) != (
        NO_SITE if site is None else site
    ):
        raise ScopeError(
            f"visible_to() of a member of staff on a site-owned model needs the scope of their "
            f"current site ({site}); the active scope is {active or 'none'}. In a request the "
            "middleware opens it; elsewhere use clinic.sites.current.working_at(user, site)."
        )


def site_scoped_manager(queryset_class):
    """The `objects` of a site-owned model: `queryset_class`'s methods, on the rows of the
    active site scope (by `queryset_class.site_field`)."""
    scoped = type(ScopedManager(queryset_class.as_manager().__class__,
                                **{DIMENSION: queryset_class.site_field}))
    # Outside any scope django-scopes hands out a plain refusing queryset, on which the
    # model's own methods (active(), visible_to() …) would be an AttributeError; this one
    # has them, and they refuse with ScopeError like the rest.
    # django-scopes 2.1 leaves a few answering methods open (exists() …): shut them too.
    refusing = type(f"Unscoped{queryset_class.__name__}", (DisabledQuerySet, queryset_class),
                    dict.fromkeys(REFUSED_TOO, DisabledQuerySet.error))

    class SiteScopedManager(scoped):
        def get_queryset(self):
            queryset = super().get_queryset()
            if type(queryset) is DisabledQuerySet:
                queryset.__class__ = refusing
            return queryset

    return SiteScopedManager()
