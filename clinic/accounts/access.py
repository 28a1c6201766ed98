"""Who may open which view: every view declares it, once, with one of these decorators.

    @public                       anyone, logged in or not (login, password reset, health
                                  checks, calendar feed by token, invitation links)
    @every_user                   anyone logged in, staff or owner (log out, password change)
    @staff_required(perm, ...)    clinic staff holding every permission named
    @owner_required               owners logged into the portal
    @staff_or_owner(perm, ...)    staff holding the permissions, or a portal owner: pages
                                  both sides show (the dog's photo)

Each decorator enforces its rule and leaves an `Access` on the view callable, which
`declared_access(resolver_match.func)` reads back; the URL sweep (tests/security) reads every
URL's declaration and derives each role's expected outcome from it and ROLE_PERMISSIONS, and
`undeclared_views()` names any URL whose view declares nothing, so such a view fails the
suite. Class-based views use StaffRequiredMixin / OwnerRequiredMixin, or one of the
decorators through `method_decorator(..., name="dispatch")`.

Anonymous users never reach a non-public view (LoginRequiredMiddleware sends them to the
login page). A user of the other side gets 403. Which *records* a user may see is decided by
the models' `visible_to(user)` querysets, so another owner's record is a 404, not a 403.
`redirects_to` names the pages a GET may send an admitted user on to; the sweep fails on any
other redirect.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = "public"
EVERY_USER = "every_user"
STAFF = "staff"
OWNER = "owner"
STAFF_OR_OWNER = "staff_or_owner"


@dataclass(frozen=True)
class Access:
    audience: str
    perms: tuple = ()
    redirects_to: tuple = ()

    def check(self, user):
        """Raise PermissionDenied unless this declaration admits `user`."""
        if self.audience in (PUBLIC, EVERY_USER):
            return
        if self.audience in (OWNER, STAFF_OR_OWNER) and _is_owner(user):
            return
        if self.audience == OWNER:
            raise PermissionDenied("This page is for pet owners.")
        if not (user.is_authenticated and user.is_clinic_staff):
            raise PermissionDenied("This page is for clinic staff.")
        if self.perms and not user.has_perms(self.perms):
            raise PermissionDenied("Your role does not allow this action.")


def _is_owner(user):
    return user.is_authenticated and user.is_portal_owner


def _as_tuple(value):
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _declaring(access, enforce=True):
    """A decorator that leaves `access` on the view and, unless told not to, checks it."""

    def decorator(view):
        if enforce:
            inner = view

            @wraps(inner)
            def view(request, *args, **kwargs):
                access.check(request.user)
                return inner(request, *args, **kwargs)

        view.access = access
        return view

    return decorator


def _bare_or_called(access_for):
    """Let a decorator be used bare (`@owner_required`) or with options
    (`@owner_required(redirects_to=...)`)."""

    def decorator(view=None, *, redirects_to=()):
        made = access_for(_as_tuple(redirects_to))
        return made(view) if view is not None else made

    return decorator


@_bare_or_called
def public(redirects_to):
    """Anyone, logged in or not: also lifts LoginRequiredMiddleware's login."""
    declare = _declaring(Access(PUBLIC, redirects_to=redirects_to), enforce=False)
    return lambda view: declare(login_not_required(view))


@_bare_or_called
def every_user(redirects_to):
    """Anyone logged in; LoginRequiredMiddleware already demands the login."""
    return _declaring(Access(EVERY_USER, redirects_to=redirects_to), enforce=False)


@_bare_or_called
def owner_required(redirects_to):
    """Owners logged into the portal."""
    return _declaring(Access(OWNER, redirects_to=redirects_to))


def staff_required(perm=None, *, redirects_to=()):
    """Clinic staff, holding `perm` (one permission or several)."""
    return _declaring(Access(STAFF, _as_tuple(perm), _as_tuple(redirects_to)))


def staff_or_owner(perm=None, *, redirects_to=()):
    """Staff holding `perm`, or a portal owner; the view's visible_to lookup decides which
    records (another owner's: 404)."""
    return _declaring(Access(STAFF_OR_OWNER, _as_tuple(perm), _as_tuple(redirects_to)))


class StaffRequiredMixin:
    """Class-view twin of staff_required; set `permission_required` on the view."""

    permission_required = None
    access = Access(STAFF)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.access = Access(STAFF, _as_tuple(cls.permission_required))

    def dispatch(self, request, *args, **kwargs):
        self.access.check(request.user)
        return super().dispatch(request, *args, **kwargs)


class OwnerRequiredMixin:
    access = Access(OWNER)

    def dispatch(self, request, *args, **kwargs):
        self.access.check(request.user)
        return super().dispatch(request, *args, **kwargs)


def declared_access(view):
    """The Access a view callable (e.g. `resolver_match.func`) declares, or None."""
    access = getattr(view, "access", None)
    if access is None and hasattr(view, "view_class"):
        access = getattr(view.view_class, "access", None)
    return access if isinstance(access, Access) else None


@dataclass(frozen=True)
class DeclaredView:
    name: str  # "namespace:name", or the route when the pattern has no name
    kwarg_names: tuple
    access: Access | None


def declared_views(urlconf=None):
    """Every URL pattern outside Django's admin, with its view's declaration."""
    return list(_walk(get_resolver(urlconf).url_patterns, None, ""))


def undeclared_views(urlconf=None):
    """Names of the URLs whose view declares no access: each one is a test failure."""
    return sorted(view.name for view in declared_views(urlconf) if view.access is None)


def _walk(patterns, namespace, prefix):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin checks is_staff on every view itself
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, inner, route)
        elif isinstance(entry, URLPattern):
            name = entry.name or route
            if entry.name and namespace:
                name = f"{namespace}:{entry.name}"
            yield DeclaredView(name, tuple(entry.pattern.regex.groupindex),
                               declared_access(entry.callback))
