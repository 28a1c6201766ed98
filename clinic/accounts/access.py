"""Who may enter which side of the application: one place per audience.

Staff views use `staff_required(perm)` / `StaffRequiredMixin`; portal views use
`owner_required` / `OwnerRequiredMixin`. Anonymous users never get here
(LoginRequiredMiddleware sends them to the login page first). A user of the other side
gets 403. Which *records* a user may see is decided by the models' `visible_to(user)`
querysets and, for owners, by clinic.portal.access.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied


def check_staff(user, perms=()):
    """Raise PermissionDenied unless `user` is clinic staff holding every permission."""
    if not user.is_authenticated or not user.is_clinic_staff:
        raise PermissionDenied("This page is for clinic staff.")
    if perms and not user.has_perms(perms):
        raise PermissionDenied("Your role does not allow this action.")


def check_owner(user):
    if not user.is_authenticated or not user.is_portal_owner:
        raise PermissionDenied("This page is for pet owners.")


def _as_tuple(perm):
    if perm is None:
        return ()
    return (perm,) if isinstance(perm, str) else tuple(perm)


def staff_required(perm=None):
    """Decorator: the view is for clinic staff, and needs `perm` (one or several)."""
    perms = _as_tuple(perm)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            check_staff(request.user, perms)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def owner_required(view):
    """Decorator: the view is for owners logged into the portal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        check_owner(request.user)
        return view(request, *args, **kwargs)

    return wrapper


class StaffRequiredMixin:
    """Class-view twin of staff_required; set `permission_required` on the view."""

    permission_required = None

    def dispatch(self, request, *args, **kwargs):
        check_staff(request.user, _as_tuple(self.permission_required))
        return super().dispatch(request, *args, **kwargs)


class OwnerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        check_owner(request.user)
        return super().dispatch(request, *args, **kwargs)
