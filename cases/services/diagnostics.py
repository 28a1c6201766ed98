"""Biopsy steps, case confirmation from histopathology, study images, pending results.

Each biopsy step is a move in Biopsy.TRANSITIONS applied by clinic.lib.status: the row is
locked, the move checked, the record's rules run (`full_clean`) and the step kept in history;
a refusal is a ValidationError that says what to do instead.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.dicom import ProcessedDicom
from cases.models import (
    Biopsy,
    Case,
    ClinicalSettings,
    ConsentRecord,
    DiagnosisBasis,
    LabPanel,
    StudyImage,
)
from cases.services.cases import change_case_status
from clinic.lib.status import begin_move, finish_move
from clinic.lib.uploads import atomic_with_files, store_file

S = Biopsy.Status


def _begin(biopsy, status):
    return begin_move(biopsy, status, queryset=Biopsy.objects.select_related("case"))


@atomic_with_files()
def record_consent(biopsy, consent, *, by, signature=None, scan=None):
    """Put the (unsaved, validated) consent on file: signature image and/or scanned form."""
    biopsy = _begin(biopsy, S.CONSENT_SIGNED)
    if signature is None and scan is None:
        raise ValidationError("A consent needs a signature or a scanned signed form.")
    consent.biopsy = biopsy
    consent.explained_by = by
    if signature is not None:
        store_file(consent.signature, signature.content)
    if scan is not None:
        content = getattr(scan, "content", scan)  # a ProcessedImage, or a checked PDF
        store_file(consent.scanned_form, content)
    consent.full_clean()
    consent.save()
    return finish_move(biopsy, S.CONSENT_SIGNED, by=by, reason="Consent on file")


@transaction.atomic
def record_collection(biopsy, *, collected_on, sample_id="", by=None):
    """Collection needs consent on file: the rule the whole workflow exists for."""
    biopsy = _begin(biopsy, S.COLLECTED)
    if not ConsentRecord.objects.filter(biopsy=biopsy).exists():
        raise ValidationError("Record the owner's consent before the sample is collected.")
    biopsy.collected_on = collected_on
    biopsy.sample_id = sample_id or biopsy.sample_id
    return finish_move(biopsy, S.COLLECTED, by=by, reason="Sample collected")


@transaction.atomic
def record_sent(biopsy, *, sent_on, laboratory, sample_id, by=None):
    biopsy = _begin(biopsy, S.SENT)
    biopsy.sent_on, biopsy.laboratory, biopsy.sample_id = sent_on, laboratory, sample_id
    return finish_move(biopsy, S.SENT, by=by, reason=f"Sent to {laboratory}")


@transaction.atomic
def record_collected_and_sent(biopsy, *, collected_on, laboratory, sample_id, by=None):
    """Collection and sending recorded at once (the sample leaves today): two moves through
    the flow, each checked and kept in history, in one transaction."""
    biopsy = record_collection(biopsy, collected_on=collected_on, sample_id=sample_id, by=by)
    return record_sent(
        biopsy, sent_on=timezone.localdate(), laboratory=laboratory, sample_id=sample_id, by=by
    )


@atomic_with_files()
def record_report(biopsy, report, *, report_pdf=None, by=None):
    """Store the laboratory's report. `report` is a validated ReportForm's cleaned data."""
    locked = _begin(biopsy, S.REPORTED)
    for name, value in report.items():
        if name != "report_pdf":
            setattr(locked, name, value)
    if report_pdf is not None:
        store_file(locked.report_pdf, report_pdf)
    return finish_move(locked, S.REPORTED, by=by, reason="Laboratory report received")


@transaction.atomic
def cancel_biopsy(biopsy, *, reason, by=None):
    if not reason.strip():
        raise ValidationError({"reason": "Say why the biopsy is cancelled."})
    biopsy = _begin(biopsy, S.CANCELLED)
    biopsy.cancel_reason = reason.strip()
    biopsy.cancelled_on = timezone.localdate()
    return finish_move(biopsy, S.CANCELLED, by=by, reason=f"Cancelled: {biopsy.cancel_reason}")


@transaction.atomic
def confirm_case_from_biopsy(biopsy, *, by=None):
    """The vet accepts a 'consistent' report: the case becomes confirmed by histopathology,
    through the case's own status change (its flow, its history, its reason)."""
    biopsy = Biopsy.objects.select_for_update().get(pk=biopsy.pk)
    if biopsy.status != S.REPORTED:
        raise ValidationError(biopsy.move_refused_message(S.REPORTED))
    if biopsy.conclusion != Biopsy.Conclusion.CONSISTENT:
        raise ValidationError("Only a report consistent with calcinosis cutis confirms a case.")
    case = Case.objects.get(pk=biopsy.case_id)
    if case.status != Case.Status.SUSPECTED:
        raise ValidationError(f"The case is already “{case.get_status_display()}”.")
    return change_case_status(
        case, Case.Status.CONFIRMED, by,
        f"Confirmed on histopathology: {biopsy}",
        diagnosis_basis=DiagnosisBasis.HISTOPATHOLOGY,
    )


@atomic_with_files()
def add_study_images(study, uploads):
    """Store each checked upload (ProcessedImage or ProcessedDicom) on the study: all of them
    or, if one fails, none (neither rows nor files)."""
    for item in uploads:
        dicom = item if isinstance(item, ProcessedDicom) else None
        rendition = dicom.rendition if dicom else item
        image = StudyImage(
            study=study,
            source=StudyImage.Source.DICOM if dicom else (
                StudyImage.Source.PNG if rendition.content_type == "image/png"
                else StudyImage.Source.JPEG
            ),
            width=rendition.width, height=rendition.height,
        )
        store_file(image.image, rendition.content)
        store_file(image.thumbnail, rendition.thumbnail)
        if dicom:
            store_file(image.original, dicom.original)
            image.modality, image.body_part = dicom.modality, dicom.body_part
            image.dicom_study_date = dicom.study_date
            image.original_name = dicom.original_name
        image.save()


@transaction.atomic
def save_study(form, *, images):
    study = form.save()
    add_study_images(study, images)
    return study


@dataclass(frozen=True)
class PendingResult:
    what: str
    case: Case
    sent_on: object
    laboratory: str
    url: str

    @property
    def days_waiting(self):
        return (timezone.localdate() - self.sent_on).days


def pending_results(user, vet=None):
    """Biopsies and panels `user` may see, sent more than `pending_result_days` ago with no
    report yet, oldest first; only `vet`'s cases when given. A fixed number of queries."""
    cutoff = timezone.localdate() - timedelta(days=ClinicalSettings.load().pending_result_days)
    biopsies = Biopsy.objects.visible_to(user).filter(status=S.SENT, sent_on__lt=cutoff)
    panels = LabPanel.objects.visible_to(user).filter(sent_on__lt=cutoff, reported_on__isnull=True)
    if vet is not None:
        biopsies = biopsies.filter(case__attending_vet=vet)
        panels = panels.filter(case__attending_vet=vet)
    results = [
        PendingResult(str(b).capitalize(), b.case, b.sent_on, b.laboratory,
                      reverse("cases:biopsy_detail", args=[b.case_id, b.pk]))
        for b in biopsies.select_related("case__dog")
    ] + [
        PendingResult(p.get_kind_display(), p.case, p.sent_on, p.laboratory,
                      reverse("cases:lab_panel_detail", args=[p.case_id, p.pk]))
        for p in panels.select_related("case__dog")
    ]
    return sorted(results, key=lambda r: r.sent_on)
