"""Operations on exams that touch several records: the weight history, photos, sign-off."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases.models import Exam, ExamAddendum, LesionPhoto, SignedExamError
from clinic.lib.uploads import atomic_with_files, store_file
from clinic.patients.models import WeightRecord


def _refuse_if_signed(exam):
    # Read from the database under a lock: the instance in hand may be stale.
    if Exam.objects.select_for_update().signed().filter(pk=exam.pk).exists():
        raise SignedExamError()


@transaction.atomic
def save_exam(exam, *, weight_kg, by):
    """Save a draft exam; its weight goes into the dog's weight history (same transaction)."""
    if exam.pk:
        _refuse_if_signed(exam)
    record = exam.weight_record
    if weight_kg is None:
        exam.weight_record = None
    elif record is None:
        exam.weight_record = WeightRecord.objects.create(
            dog=exam.case.dog, weight_kg=weight_kg, recorded_on=exam.examined_on,
            recorded_by=by,
        )
    elif (record.weight_kg, record.recorded_on) != (weight_kg, exam.examined_on):
        record.weight_kg, record.recorded_on, record.recorded_by = (
            weight_kg, exam.examined_on, by
        )
        record.save()
    exam._history_user = by
    exam.save()
    if record is not None and exam.weight_record is None:
        record.delete()  # the weight was cleared from the draft
    return exam


@atomic_with_files()
def save_lesion(lesion, *, photos, by):
    """Save a lesion observation on a draft exam with any new photos (ProcessedImages)."""
    _refuse_if_signed(lesion.exam)
    lesion._history_user = by
    lesion.save()
    for image in photos:
        photo = LesionPhoto(lesion=lesion, uploaded_by=by)
        store_file(photo.photo, image.content)
        store_file(photo.thumbnail, image.thumbnail)
        photo._history_user = by
        photo.save()
    return lesion


@transaction.atomic
def delete_lesion(lesion, by):
    _refuse_if_signed(lesion.exam)
    lesion._history_user = by
    lesion.delete()


@transaction.atomic
def sign_off_exam(exam, by):
    """Sign a draft exam off; from then on it is read-only and corrected by addenda."""
    if not by.has_perm("cases.sign_off_exam"):
        raise PermissionDenied("Your role does not allow signing exams off.")
    _refuse_if_signed(exam)
    exam.refresh_from_db()  # now locked: sign off what is stored, not the page's older copy
    exam.signed_off_at = timezone.now()
    exam.signed_off_by = by
    exam._history_user = by
    exam._change_reason = "Signed off"
    exam.save()
    return exam


def add_addendum(exam, *, by, reason, text):
    """Attach a correction to a signed exam; the original stays as it was."""
    addendum = ExamAddendum(exam=exam, author=by, reason=reason, text=text)
    addendum.full_clean()
    addendum._history_user = by
    addendum.save()
    return addendum
