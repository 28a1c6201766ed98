"""The case list, opening and editing a case, its status, and the case page."""

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.forms.cases import CaseForm, CaseStatusForm
from cases.models import Case, SuspectedCause
from cases.services.cases import change_case_status, open_case
from cases.timeline import case_timeline, timeline_sources
from clinic.accounts.access import staff_required
from clinic.accounts.models import User
from clinic.lib.pagination import paginate
from clinic.patients.models import Dog

CASES_PER_PAGE = 25


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Case.Status.choices, empty_label="Any status")
    attending_vet = django_filters.ModelChoiceFilter(
        label="Vet", queryset=lambda request: User.objects.active_vets(), empty_label="Any vet"
    )
    suspected_cause = django_filters.ChoiceFilter(
        label="Cause", choices=SuspectedCause.choices, empty_label="Any cause"
    )

    class Meta:
        model = Case
        fields = ["status", "attending_vet", "suspected_cause"]


def _case_for(user, case_id):
    return get_object_or_404(
        Case.objects.visible_to(user).select_related("dog", "dog__owner", "attending_vet"),
        pk=case_id,
    )


@staff_required("cases.view_case")
def case_list(request):
    cases = Case.objects.visible_to(request.user).select_related(
        "dog", "dog__owner", "dog__breed", "attending_vet"
    )
    case_filter = CaseFilter(request.GET, queryset=cases, request=request)
    page, query = paginate(request, case_filter.qs, CASES_PER_PAGE)
    return render(request, "cases/case_list.html", {
        "filter": case_filter, "page": page, "query": query,
    })


@staff_required("cases.add_case")
def case_create(request, dog_id):
    dog = get_object_or_404(Dog.objects.visible_to(request.user), pk=dog_id)
    form = CaseForm(
        request.POST or None, dog=dog,
        initial={"attending_vet": request.user if request.user.is_vet else None,
                 # followed up where it was opened, unless the vet names another site
                 "attending_site": request.site},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = open_case(form.save(commit=False), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Case opened for {dog.name}.")
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "dog": dog})


@staff_required("cases.change_case")
def case_edit(request, case_id):
    case = _case_for(request.user, case_id)
    form = CaseForm(request.POST or None, instance=case, dog=case.dog)
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        case._history_user = request.user
        if form.save_unless_stale(case.save):
            messages.success(request, "Case details saved.")
            return redirect("cases:case_detail", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "dog": case.dog, "case": case})


@staff_required("cases.change_case")
@require_POST
def case_status(request, case_id):
    case = _case_for(request.user, case_id)
    form = CaseStatusForm(request.POST, case=case)
    if form.is_valid():
        try:
            case = change_case_status(
                case, form.cleaned_data["status"], request.user, form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Status changed to {case.get_status_display()}.")
    else:
        messages.error(request, "Choose one of the statuses this case can move to.")
    return redirect("cases:case_detail", case_id=case.pk)


@staff_required("cases.view_case")
def case_detail(request, case_id):
    """The case page: reception sees the status only; clinical staff also see the timeline."""
    case = _case_for(request.user, case_id)
    context = {"case": case, "clinical": request.user.has_perm("cases.view_clinical_record")}
    if context["clinical"]:
        kinds = [kind for kind in request.GET.getlist("kind") if kind]
        context.update(
            entries=case_timeline(case, request.user, kinds or None),
            sources=timeline_sources(),
            kinds=kinds,
            status_form=CaseStatusForm(case=case) if case.next_statuses() else None,
        )
        if request.htmx:
            return render(request, "cases/includes/timeline.html", context)
    return render(request, "cases/case_detail.html", context)
