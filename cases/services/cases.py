"""Operations on a case as a whole: opening it and moving it through its status flow."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Case

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
def change_case_status(case, new_status, by, note=""):
    """Move a case along its status flow; closing (resolved, ruled out) sets closed_on.

    Only the transitions in Case.ALLOWED_TRANSITIONS are allowed; the note becomes the
    change reason in the case's history.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    allowed = Case.ALLOWED_TRANSITIONS[Case.Status(case.status)]
    if new_status not in allowed:
        current = case.get_status_display()
        target = dict(Case.Status.choices).get(new_status, new_status)
        raise ValidationError(
            f"A case cannot move from “{current}” to “{target}”.", code="bad_transition"
        )
    case.status = new_status
    if new_status in Case.CLOSED_STATUSES:
        case.closed_on = timezone.localdate()
    case._history_user = by
    case._change_reason = (note or f"Status changed to {case.get_status_display()}")[:100]
    case.save()
    return case
