"""The diagnostics overview of a case, and what every diagnostics view shares."""

from django.shortcuts import get_object_or_404, render

from cases.models import Biopsy, Case, ImagingStudy, LabPanel
from clinic.accounts.access import staff_required


def case_for(request, case_id):
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related("dog__owner", "attending_vet"),
        pk=case_id,
    )


def show_errors(form, error):
    """Put a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@staff_required("cases.view_biopsy")
def overview(request, case_id):
    case = case_for(request, case_id)
    return render(request, "cases/diagnostics/overview.html", {
        "case": case,
        "biopsies": Biopsy.objects.visible_to(request.user).filter(case=case),
        "studies": ImagingStudy.objects.visible_to(request.user).filter(case=case)
        .prefetch_related("images"),
        "panels": LabPanel.objects.visible_to(request.user).filter(case=case),
    })
