"""Biopsy pages: plan, consent, collect, send, report, cancel, confirm the case; files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.forms.biopsies import (
    BiopsyForm,
    CancelForm,
    CollectionForm,
    ConsentForm,
    ReportForm,
    SentForm,
)
from cases.models import Biopsy, ConsentRecord, ConsentTemplate
from cases.services import diagnostics as services
from cases.views.diagnostics import case_for
from clinic.accounts.access import staff_required
from clinic.lib.forms import show_errors
from clinic.lib.uploads import serve_private_file

S = Biopsy.Status


def _biopsy_for(request, case_id, biopsy_id):
    case = case_for(request, case_id)
    biopsy = get_object_or_404(
        Biopsy.objects.visible_to(request.user).select_related("created_by"),
        pk=biopsy_id, case=case,
    )
    biopsy.case = case
    return biopsy


def _consent_for(request, case_id, biopsy_id):
    biopsy = _biopsy_for(request, case_id, biopsy_id)
    consent = get_object_or_404(
        ConsentRecord.objects.visible_to(request.user).select_related("explained_by"),
        biopsy=biopsy,
    )
    consent.biopsy = biopsy
    return consent


@staff_required("cases.view_biopsy")
def biopsy_list(request, case_id):
    case = case_for(request, case_id)
    biopsies = Biopsy.objects.visible_to(request.user).filter(case=case)
    return render(request, "cases/diagnostics/biopsy_list.html",
                  {"case": case, "biopsies": biopsies})


@staff_required("cases.view_biopsy")
def biopsy_detail(request, case_id, biopsy_id):
    biopsy = _biopsy_for(request, case_id, biopsy_id)
    consent = ConsentRecord.objects.visible_to(request.user).filter(biopsy=biopsy).first()
    return render(request, "cases/diagnostics/biopsy_detail.html", {
        "case": biopsy.case, "biopsy": biopsy, "consent": consent,
    })


@staff_required("cases.add_biopsy")
def biopsy_create(request, case_id):
    case = case_for(request, case_id)
    form = BiopsyForm(request.POST or None, instance=Biopsy(case=case, created_by=request.user))
    if request.method == "POST" and form.is_valid():
        biopsy = form.save()
        messages.success(request, "Biopsy planned. Record the owner's consent before collection.")
        return redirect("cases:biopsy_detail", case.pk, biopsy.pk)
    return _form_page(request, case, form, "Plan a biopsy")


@staff_required("cases.change_biopsy")
def biopsy_edit(request, case_id, biopsy_id):
    biopsy = _biopsy_for(request, case_id, biopsy_id)
    form = BiopsyForm(request.POST or None, instance=biopsy)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, "Biopsy saved.")
        return redirect("cases:biopsy_detail", biopsy.case_id, biopsy.pk)
    return _form_page(request, biopsy.case, form, f"Edit {biopsy}", biopsy)


def _form_page(request, case, form, title, biopsy=None, template="form.html", **extra):
    return render(request, f"cases/diagnostics/{template}", {
        "case": case, "form": form, "title": title, "biopsy": biopsy, **extra,
    })


def _step(request, case_id, biopsy_id, *, form_class, to, title, apply, done, initial=None):
    """One step of the workflow (a move to `to`): show its form (`initial(biopsy)`: what was
    already entered carried forward, dates today), run its service, report."""
    biopsy = _biopsy_for(request, case_id, biopsy_id)
    if not biopsy.can_move_to(to):
        messages.warning(request, f"This biopsy is “{biopsy.get_status_display()}”; "
                                  f"“{title}” is not possible now.")
        return redirect("cases:biopsy_detail", biopsy.case_id, biopsy.pk)
    form_kwargs = {"instance": biopsy} if issubclass(form_class, ReportForm) else {}
    if initial is not None:
        form_kwargs["initial"] = initial(biopsy)
    form = form_class(request.POST or None, request.FILES or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            apply(biopsy, form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("cases:biopsy_detail", biopsy.case_id, biopsy.pk)
    return _form_page(request, biopsy.case, form, title, biopsy)


@staff_required("cases.change_biopsy", redirects_to="cases:biopsy_detail")
def biopsy_collect(request, case_id, biopsy_id):
    def apply(biopsy, data):
        if data.pop("sent_today"):
            services.record_collected_and_sent(biopsy, **data, by=request.user)
        else:
            data.pop("laboratory")
            services.record_collection(biopsy, **data, by=request.user)

    return _step(
        request, case_id, biopsy_id, form_class=CollectionForm, to=S.COLLECTED,
        title="Record collection", apply=apply,
        done="Collection recorded." if not request.POST.get("sent_today")
        else "Sample recorded as collected and sent today.",
        initial=lambda b: {"collected_on": timezone.localdate(), "sample_id": b.sample_id,
                           "laboratory": b.laboratory},
    )


@staff_required("cases.change_biopsy", redirects_to="cases:biopsy_detail")
def biopsy_send(request, case_id, biopsy_id):
    return _step(
        request, case_id, biopsy_id, form_class=SentForm, to=S.SENT,
        title="Record sending to the laboratory", done="Sample recorded as sent.",
        apply=lambda b, data: services.record_sent(b, **data, by=request.user),
        initial=lambda b: {"sent_on": timezone.localdate(), "laboratory": b.laboratory,
                           "sample_id": b.sample_id},
    )


@staff_required("cases.change_biopsy", redirects_to="cases:biopsy_detail")
def biopsy_report(request, case_id, biopsy_id):
    def apply(biopsy, data):
        pdf = data.pop("report_pdf", None)
        services.record_report(biopsy, data, report_pdf=pdf or None, by=request.user)

    return _step(
        request, case_id, biopsy_id, form_class=ReportForm, to=S.REPORTED,
        title="Record the laboratory report", done="Report recorded.", apply=apply,
        initial=lambda b: {"report_received_on": b.report_received_on or timezone.localdate()},
    )


@staff_required("cases.change_biopsy", redirects_to="cases:biopsy_detail")
def biopsy_cancel(request, case_id, biopsy_id):
    return _step(
        request, case_id, biopsy_id, form_class=CancelForm, to=S.CANCELLED,
        title="Cancel the biopsy", done="Biopsy cancelled.",
        apply=lambda b, data: services.cancel_biopsy(b, **data, by=request.user),
    )


@staff_required(("cases.change_biopsy", "cases.change_case"))
@require_POST
def biopsy_confirm_case(request, case_id, biopsy_id):
    biopsy = _biopsy_for(request, case_id, biopsy_id)
    try:
        services.confirm_case_from_biopsy(biopsy, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The case is now confirmed, on histopathology.")
    return redirect("cases:biopsy_detail", biopsy.case_id, biopsy.pk)


@staff_required("cases.add_consentrecord", redirects_to="cases:biopsy_detail")
def consent_create(request, case_id, biopsy_id):
    biopsy = _biopsy_for(request, case_id, biopsy_id)
    if not biopsy.can_record_consent:
        messages.warning(request, "Consent is recorded once, while the biopsy is planned.")
        return redirect("cases:biopsy_detail", biopsy.case_id, biopsy.pk)
    form = ConsentForm(request.POST or None, request.FILES or None,
                       instance=ConsentRecord(biopsy=biopsy, explained_by=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(
                biopsy, form.instance, by=request.user,
                signature=form.cleaned_data["signature_data"],
                scan=form.cleaned_data["scanned_form"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Consent on file. The sample can now be collected.")
            return redirect("cases:biopsy_detail", biopsy.case_id, biopsy.pk)
    return _form_page(request, biopsy.case, form, "Record consent", biopsy,
                      template="consent_form.html", templates=ConsentTemplate.objects.all())


@staff_required("cases.view_consentrecord")
def consent_print(request, case_id, biopsy_id):
    consent = _consent_for(request, case_id, biopsy_id)
    return render(request, "cases/diagnostics/consent_print.html", {
        "case": consent.biopsy.case, "biopsy": consent.biopsy, "consent": consent,
    })


@staff_required("cases.view_consentrecord")
def consent_signature(request, case_id, biopsy_id):
    return serve_private_file(_consent_for(request, case_id, biopsy_id).signature)


@staff_required("cases.view_consentrecord")
def consent_scan(request, case_id, biopsy_id):
    consent = _consent_for(request, case_id, biopsy_id)
    return serve_private_file(consent.scanned_form, download_name="signed-consent")


@staff_required("cases.view_biopsy")
def biopsy_report_pdf(request, case_id, biopsy_id):
    biopsy = _biopsy_for(request, case_id, biopsy_id)
    return serve_private_file(biopsy.report_pdf, download_name=f"biopsy-report-{biopsy.pk}")
