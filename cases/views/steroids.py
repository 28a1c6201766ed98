"""The case's steroid history: every glucocorticoid the dog has had, however given."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from cases.forms.steroids import SteroidCourseForm
from cases.models import Case, SteroidCourse
from clinic.accounts.access import staff_required


def _case(request, case_id):
    return get_object_or_404(Case.objects.visible_to(request.user).select_related("dog"),
                             pk=case_id)


def _courses(request, case):
    return SteroidCourse.objects.visible_to(request.user).filter(case=case)


@staff_required("cases.view_steroidcourse")
def steroid_list(request, case_id):
    """The history, with the form to add a product to it (for those who may)."""
    case = _case(request, case_id)
    form = None
    if request.user.has_perm("cases.add_steroidcourse"):
        form = SteroidCourseForm(request.POST or None,
                                 instance=SteroidCourse(case=case, recorded_by=request.user))
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, "Added to the steroid history.")
            return redirect("cases:steroid_list", case_id=case.pk)
    return render(request, "cases/treatment/steroid_list.html", {
        "case": case, "courses": _courses(request, case).select_related("recorded_by"),
        "form": form,
    })


@staff_required("cases.change_steroidcourse")
def steroid_edit(request, case_id, course_id):
    case = _case(request, case_id)
    course = get_object_or_404(_courses(request, case), pk=course_id)
    form = SteroidCourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Steroid history saved.")
        return redirect("cases:steroid_list", case_id=case.pk)
    return render(request, "cases/treatment/steroid_form.html", {
        "case": case, "course": course, "form": form,
    })
