"""Friendly error pages. They render without the request context where a failure
may come from it (500), so an error page can never raise an error itself."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


@login_not_required
def bad_request(request, exception=None):
    # BadRequest messages are written for people (e.g. "not a real date"); others are not.
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"reason": reason}, status=400)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())
