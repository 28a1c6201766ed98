"""Sessions on shared clinic computers."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

from clinic.accounts import two_factor

LAST_SEEN = "last_seen"
# Writing the session on every click would be a database write per request; a minute's
# precision is plenty for a 30-minute limit.
RECORD_EVERY_SECONDS = 60


def start_idle_clock(sender, request, user, **kwargs):
    """user_logged_in receiver: the idle clock starts at login (saved with the session)."""
    request.session[LAST_SEEN] = int(time.time())


class StaffSessionMiddleware:
    """Staff sessions end after CLINIC_STAFF_IDLE_MINUTES without a request (front-desk
    and consulting-room computers are shared); owners keep SESSION_COOKIE_AGE. Every
    response to a logged-in person is marked no-store, so a browser's back button or
    cache does not show clinical pages to the next person at the computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.is_clinic_staff:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.CLINIC_STAFF_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, "You were logged out after a while without use.")
                return self._to_login(request)
            if now - last_seen >= RECORD_EVERY_SECONDS or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        response = self.get_response(request)
        if user.is_authenticated:
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _to_login(request):
        if request.headers.get("HX-Request") != "true":
            return redirect_to_login(request.get_full_path())
        return HttpResponseClientRedirect(redirect_to_login(page_path(request)).url)


def page_path(request):
    """The page the person is on. For an htmx request that is the window's page, not the
    fragment's URL: an htmx swap would put a whole page inside the page, so such requests
    are answered with HX-Redirect and come back here afterwards."""
    if request.headers.get("HX-Request") != "true":
        return request.get_full_path()
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    return current.path + (f"?{current.query}" if current.query else "") or "/"


class TwoFactorMiddleware:
    """Until a staff session has given its code (when the user has an authenticator), or
    enrolled (when the policy requires it), every page but that step and logging out
    redirects to it: staff pages, the admin, htmx fragments (HX-Redirect) alike."""

    OPEN_DURING = {
        "verify": {"two_factor_verify", "logout"},
        "enrol": {"two_factor_setup", "logout"},
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # public pages (login, password reset) stay open
        step = two_factor.pending_step(request)
        if step is None or request.resolver_match.view_name in self.OPEN_DURING[step]:
            return None
        url = two_factor.step_url(step, page_path(request))
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return redirect(url)
