"""Exams on a case: record, edit while draft, lesions with photos, sign-off, addenda."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.forms.exams import AddendumForm, ExamForm, LesionForm
from cases.models import Case, Exam, LesionObservation, LesionPhoto, SignedExamError, glasgow
from cases.services.exams import add_addendum, delete_lesion, save_exam, save_lesion, sign_off_exam
from clinic.accounts.access import staff_required
from clinic.lib.uploads import serve_private_file

SIGNED_MESSAGE = "This exam is signed off and read-only. Add an addendum to correct it."


def _exam_for(user, exam_id):
    return get_object_or_404(
        Exam.objects.visible_to(user).select_related(
            "case", "case__dog", "vet", "signed_off_by", "weight_record"
        ),
        pk=exam_id,
    )


def _refuse_signed(request, exam):
    messages.error(request, SIGNED_MESSAGE)
    return redirect("cases:exam_detail", exam_id=exam.pk)


def _pain_context():
    return {
        "glasgow_attribution": glasgow.ATTRIBUTION,
        "threshold_full": glasgow.THRESHOLD_FULL,
        "threshold_no_mobility": glasgow.THRESHOLD_NO_MOBILITY,
    }


@staff_required("cases.add_exam")
def exam_create(request, case_id):
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("dog"),
                             pk=case_id)
    if not case.is_open:
        # A closed case keeps its record as it was; a relapse is a new case.
        messages.error(request, "This case is closed. Open a new case to record a new exam.")
        return redirect("cases:case_detail", case_id=case.pk)
    exam = Exam(case=case, vet=request.user)
    form = ExamForm(request.POST or None, instance=exam)
    if request.method == "POST" and form.is_valid():
        exam = save_exam(form.save(commit=False), weight_kg=form.cleaned_data["weight_kg"],
                         by=request.user)
        messages.success(request, "Exam saved as a draft. Add lesions, then sign it off.")
        return redirect("cases:exam_detail", exam_id=exam.pk)
    return render(request, "cases/exam_form.html",
                  {"form": form, "case": case, **_pain_context()})


@staff_required("cases.change_exam")
def exam_edit(request, exam_id):
    exam = _exam_for(request.user, exam_id)
    if exam.is_signed:
        return _refuse_signed(request, exam)
    form = ExamForm(request.POST or None, instance=exam)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_unless_stale(lambda: save_exam(
                form.save(commit=False), weight_kg=form.cleaned_data["weight_kg"],
                by=request.user,
            ))
        except SignedExamError:
            return _refuse_signed(request, exam)
        if saved:
            messages.success(request, "Exam saved.")
            return redirect("cases:exam_detail", exam_id=exam.pk)
    return render(request, "cases/exam_form.html",
                  {"form": form, "case": exam.case, "exam": exam, **_pain_context()})


@staff_required("cases.view_exam")
def exam_detail(request, exam_id):
    exam = _exam_for(request.user, exam_id)
    lesions = exam.lesions.prefetch_related("photos")
    addenda = exam.addenda.select_related("author")
    return render(request, "cases/exam_detail.html", {
        "exam": exam, "case": exam.case, "lesions": lesions, "addenda": addenda,
        "addendum_form": AddendumForm() if exam.is_signed else None,
        "glasgow_items": [
            (label, getattr(exam, f"get_{name}_display")(), getattr(exam, name))
            for name, label, _choices in glasgow.ITEMS
        ],
        **_pain_context(),
    })


@staff_required("cases.sign_off_exam")
@require_POST
def exam_sign_off(request, exam_id):
    exam = _exam_for(request.user, exam_id)
    try:
        sign_off_exam(exam, request.user)
    except SignedExamError:
        messages.error(request, "This exam was already signed off.")
    else:
        messages.success(request, "Exam signed off. It is now read-only.")
    return redirect("cases:exam_detail", exam_id=exam.pk)


@staff_required("cases.add_examaddendum", redirects_to="cases:exam_detail")
def addendum_add(request, exam_id):
    exam = _exam_for(request.user, exam_id)
    if not exam.is_signed:
        messages.error(request, "A draft exam is edited directly; addenda are for signed exams.")
        return redirect("cases:exam_detail", exam_id=exam.pk)
    form = AddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_addendum(exam, by=request.user, **form.cleaned_data)
        messages.success(request, "Addendum added.")
        return redirect("cases:exam_detail", exam_id=exam.pk)
    return render(request, "cases/addendum_form.html", {"form": form, "exam": exam})


@staff_required("cases.add_lesionobservation")
def lesion_add(request, exam_id):
    exam = _exam_for(request.user, exam_id)
    return _lesion_form(request, exam, LesionObservation())


@staff_required("cases.change_lesionobservation")
def lesion_edit(request, lesion_id):
    lesion = get_object_or_404(
        LesionObservation.objects.visible_to(request.user).select_related("exam"), pk=lesion_id
    )
    return _lesion_form(request, _exam_for(request.user, lesion.exam_id), lesion)


def _lesion_form(request, exam, lesion):
    if exam.is_signed:
        return _refuse_signed(request, exam)
    form = LesionForm(request.POST or None, request.FILES or None, instance=lesion, exam=exam)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_unless_stale(lambda: save_lesion(
                form.save(commit=False), photos=form.cleaned_data["photos"], by=request.user,
            ))
        except SignedExamError:
            return _refuse_signed(request, exam)
        if saved:
            messages.success(request, "Lesions saved.")
            return redirect("cases:exam_detail", exam_id=exam.pk)
    return render(request, "cases/lesion_form.html", {"form": form, "exam": exam,
                                                       "lesion": lesion})


@staff_required("cases.delete_lesionobservation")
@require_POST
def lesion_delete(request, lesion_id):
    lesion = get_object_or_404(
        LesionObservation.objects.visible_to(request.user).select_related("exam"), pk=lesion_id
    )
    try:
        delete_lesion(lesion, request.user)
    except SignedExamError:
        return _refuse_signed(request, lesion.exam)
    messages.success(request, "Lesion entry removed.")
    return redirect("cases:exam_detail", exam_id=lesion.exam_id)


def _photo_for(user, photo_id):
    return get_object_or_404(
        LesionPhoto.objects.visible_to(user).select_related("lesion__exam__case__dog"),
        pk=photo_id,
    )


def _download_name(photo, suffix=""):
    exam = photo.lesion.exam
    return f"{exam.case.dog.name}-{photo.lesion.site}-{exam.examined_on:%Y-%m-%d}{suffix}"


@staff_required("cases.view_lesionphoto")
def lesion_photo(request, photo_id):
    photo = _photo_for(request.user, photo_id)
    return serve_private_file(photo.photo, download_name=_download_name(photo))


@staff_required("cases.view_lesionphoto")
def lesion_photo_thumbnail(request, photo_id):
    photo = _photo_for(request.user, photo_id)
    return serve_private_file(photo.thumbnail, download_name=_download_name(photo, "-thumb"))

