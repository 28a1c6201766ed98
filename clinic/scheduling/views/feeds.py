"""The owner's private calendar feed: public (calendar apps cannot log in), guarded by
its secret token; a revoked or unknown token is a 404."""

import string

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from clinic.accounts.access import public
from clinic.scheduling.models import CalendarFeedToken
from clinic.scheduling.services import owner_calendar_feed

# Tokens are secrets.token_urlsafe(): letters, digits, "-" and "_".
FEED_TOKEN_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_")


@public
@require_GET
def owner_feed(request, feed_token):
    if not set(feed_token) <= FEED_TOKEN_CHARACTERS:
        # PostgreSQL refuses a NUL byte in a query: never send it one from a URL.
        raise Http404("No such calendar.")
    token = get_object_or_404(
        CalendarFeedToken.objects.active().select_related("owner"), token=feed_token
    )
    response = HttpResponse(owner_calendar_feed(token.owner), content_type="text/calendar")
    response["Cache-Control"] = "private, max-age=900"
    return response
