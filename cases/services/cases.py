"""Operations on a case as a whole: opening it and moving it through its status flow."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Case
from clinic.lib import status

OPEN_CASE_EXISTS = "This dog already has an open case; close it before opening another."


def open_case(case, by):
    """Save a new case for its dog, refusing a second open one (the DB constraint backs it)."""
    if Case.objects.open().filter(dog_id=case.dog_id).exists():
        raise ValidationError(OPEN_CASE_EXISTS, code="open_case_exists")
    case._history_user = by
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # another request opened one in between
        raise ValidationError(OPEN_CASE_EXISTS, code="open_case_exists") from None
    return case


@transaction.atomic
def change_case_status(case, new_status, by, note="", **changes):
    """Move a case along its status flow (Case.TRANSITIONS); closing (resolved, ruled out)
    sets closed_on. The note becomes the change reason in the case's history; `changes` are
    fields that move with the status (the basis of a diagnosis that confirms it)."""
    if new_status in Case.CLOSED_STATUSES:
        changes["closed_on"] = timezone.localdate()
    return status.move(case, new_status, by=by, reason=note, **changes)
