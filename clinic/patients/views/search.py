from django.shortcuts import render

from clinic.accounts.access import staff_required
from clinic.lib.pagination import paginate
from clinic.patients.filters import PatientFilter
from clinic.patients.models import Owner

PAGE_SIZE = 25


@staff_required("patients.view_owner")
def index(request):
    """Find an owner or dog: one search box answering as you type, plus filters."""
    patients = PatientFilter(
        request.GET, queryset=Owner.objects.visible_to(request.user), request=request)
    page, query = paginate(request, patients.qs, PAGE_SIZE)
    context = {"filter": patients, "page": page, "query": query}
    if request.htmx and not (request.htmx.boosted or request.htmx.history_restore_request):
        return render(request, "patients/includes/results.html", context)
    return render(request, "patients/index.html", context)
