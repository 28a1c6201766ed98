"""The diagnostics overview of a case, and what every diagnostics view shares."""

from django.shortcuts import get_object_or_404, render

from cases.models import Biopsy, Case, ImagingStudy, LabPanel
from clinic.accounts.access import staff_required


def case_for(request, case_id):
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related("dog__owner", "attending_vet"),
        pk=case_id,
    )


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
