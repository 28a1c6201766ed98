"""Sessions on shared clinic computers."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

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
        # An htmx swap would put the login page inside the page: send the whole window there,
        # back to the page the person was on (not the fragment's URL) once logged in.
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        back_to = current.path + (f"?{current.query}" if current.query else "") or "/"
        return HttpResponseClientRedirect(redirect_to_login(back_to).url)
