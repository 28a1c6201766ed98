"""X-ray studies: list, detail with viewer, create/edit with uploads, private image files."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from cases.forms.imaging import ImagingStudyForm
from cases.models import ImagingStudy, StudyImage
from cases.services.diagnostics import save_study
from cases.views.diagnostics import case_for
from clinic.accounts.access import staff_required
from clinic.lib.uploads import serve_private_file


def _study_for(request, case_id, study_id):
    case = case_for(request, case_id)
    study = get_object_or_404(
        ImagingStudy.objects.visible_to(request.user).select_related("reporting_vet"),
        pk=study_id, case=case,
    )
    study.case = case
    return study


def _image_for(request, case_id, study_id, image_id):
    study = _study_for(request, case_id, study_id)
    return get_object_or_404(StudyImage.objects.visible_to(request.user), pk=image_id,
                             study=study)


@staff_required("cases.view_imagingstudy")
def study_list(request, case_id):
    case = case_for(request, case_id)
    studies = (
        ImagingStudy.objects.visible_to(request.user).filter(case=case)
        .select_related("reporting_vet").prefetch_related("images")
    )
    return render(request, "cases/diagnostics/study_list.html",
                  {"case": case, "studies": studies})


@staff_required("cases.view_imagingstudy")
def study_detail(request, case_id, study_id):
    study = _study_for(request, case_id, study_id)
    return render(request, "cases/diagnostics/study_detail.html", {
        "case": study.case, "study": study, "images": list(study.images.all()),
    })


@staff_required("cases.add_imagingstudy")
def study_create(request, case_id):
    case = case_for(request, case_id)
    study = ImagingStudy(case=case, reporting_vet=request.user)
    return _study_form(request, case, study, "New X-ray study")


@staff_required("cases.change_imagingstudy")
def study_edit(request, case_id, study_id):
    study = _study_for(request, case_id, study_id)
    return _study_form(request, study.case, study, f"Edit {study}")


def _study_form(request, case, study, title):
    form = ImagingStudyForm(request.POST or None, request.FILES or None, instance=study)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale(
        lambda: save_study(form, images=form.cleaned_data["images"])
    ):
        messages.success(request, "X-ray study saved.")
        return redirect("cases:study_detail", case.pk, form.instance.pk)
    return render(request, "cases/diagnostics/form.html", {
        "case": case, "form": form, "title": title, "multipart": True,
    })


@staff_required("cases.view_imagingstudy")
def study_image(request, case_id, study_id, image_id):
    return serve_private_file(_image_for(request, case_id, study_id, image_id).image)


@staff_required("cases.view_imagingstudy")
def study_thumbnail(request, case_id, study_id, image_id):
    return serve_private_file(_image_for(request, case_id, study_id, image_id).thumbnail)


@staff_required("cases.view_imagingstudy")
def study_original(request, case_id, study_id, image_id):
    image = _image_for(request, case_id, study_id, image_id)
    return serve_private_file(image.original or image.image, download_name=image.original_name
                              or f"xray-{image.pk}", as_attachment=True)
