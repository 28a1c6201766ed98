"""Pages that span every app: the staff dashboard and the health checks."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.models import ClinicalSettings
from cases.services.diagnostics import pending_results
from cases.services.observations import DASHBOARD_REPORTS, reports_awaiting_vet
from clinic import health
from clinic.accounts.access import every_user, public, staff_required
from clinic.scheduling.services import appointments_today, offer_undo_to


def _report(checks):
    ok = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "error",
         "checks": {name: "ok" if passed else "error" for name, passed in checks.items()}},
        status=200 if ok else 503,
    )


@public
@require_GET
@never_cache
def healthz(request):
    """The database, the cache and the file storage: 503 when any of them fails."""
    return _report(health.health())


@public
@require_GET
@never_cache
def readyz(request):
    """For load balancers: 503 while a dependency is down or migrations are unapplied."""
    return _report(health.readiness())


@every_user(redirects_to="portal:home")
def dashboard(request):
    """The site's root: staff see their dashboard; an owner belongs on the portal, not on
    a 403 page."""
    if request.user.is_portal_owner:
        return redirect("portal:home")
    return staff_dashboard(request)


@staff_required()
def staff_dashboard(request):
    """The staff home: each app offers the query it owns; this page composes them."""
    reports = list(reports_awaiting_vet(request.user, limit=DASHBOARD_REPORTS + 1))
    context = {"owner_reports": reports[:DASHBOARD_REPORTS],
               "more_owner_reports": len(reports) > DASHBOARD_REPORTS}
    if request.user.has_perm("scheduling.view_appointment") and request.site is not None:
        context["todays_appointments"] = offer_undo_to(request.user, appointments_today(
            request.user, vet=request.user if request.user.is_vet else None
        ))
    if request.user.has_perm("cases.view_biopsy"):
        context["pending_results"] = pending_results(
            request.user, vet=request.user if request.user.is_vet else None
        )
        context["pending_result_days"] = ClinicalSettings.load().pending_result_days
    return render(request, "dashboard.html", context)
