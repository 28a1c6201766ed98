"""Pages that span every app: the staff dashboard and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.models import ClinicalSettings
from cases.services.diagnostics import pending_results
from cases.services.observations import reports_awaiting_vet
from clinic.accounts.access import staff_required
from clinic.scheduling.services import appointments_today


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """For load balancers and benchmarks: 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def dashboard(request):
    """The site's root: staff see their dashboard; an owner belongs on the portal, not on
    a 403 page."""
    if request.user.is_portal_owner:
        return redirect("portal:home")
    return staff_dashboard(request)


@staff_required()
def staff_dashboard(request):
    """The staff home: each app offers the query it owns; this page composes them."""
    context = {"owner_reports": list(reports_awaiting_vet(request.user))}
    if request.user.has_perm("scheduling.view_appointment"):
        context["todays_appointments"] = appointments_today(
            vet=request.user if request.user.is_vet else None
        )
    if request.user.has_perm("cases.view_biopsy"):
        context["pending_results"] = pending_results(
            vet=request.user if request.user.is_vet else None
        )
        context["pending_result_days"] = ClinicalSettings.load().pending_result_days
    return render(request, "dashboard.html", context)
