"""One way to move a record along its status flow: Case, Biopsy and Appointment.

A model mixes in `StatusFlow` and declares `TRANSITIONS` (each status → the statuses it may
move to); views and templates ask `can_move_to` / `next_statuses` instead of keeping their own
lists, and every service applies a move with `begin_move` + `finish_move` (or `move`), so the
row is locked, the move checked against the table, and who made it and why kept in history.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction

# simple_history keeps the reason in a 100-character column.
REASON_LENGTH = 100


class MoveRefused(ValidationError):
    """The record's status does not allow this move (now: another user may have moved it)."""


class StatusFlow:
    """For a model with a `status` field on a `Status` TextChoices, and `TRANSITIONS`."""

    TRANSITIONS = {}

    def can_move_to(self, status):
        return status in self.TRANSITIONS[self.Status(self.status)]

    def next_statuses(self):
        """The statuses this record may move to, as (value, label) pairs."""
        return [
            (status.value, status.label) for status in self.TRANSITIONS[self.Status(self.status)]
        ]

    def status_label(self, status):
        return dict(self.Status.choices).get(status, status)

    def move_refused_message(self, status):
        """Says why the move is refused; models word it in the clinic's terms."""
        return f"“{self.get_status_display()}” cannot become “{self.status_label(status)}”."


def offers(status):
    """A property telling a template whether the record may move to `status` now."""
    return property(lambda record: record.can_move_to(status))


def begin_move(record, status, *, queryset=None):
    """The record, locked for the rest of the transaction, once the move is allowed.

    Call inside `transaction.atomic`; `queryset` adds what the caller needs (select_related).
    """
    rows = queryset if queryset is not None else type(record)._default_manager.all()
    locked = rows.select_for_update().get(pk=record.pk)
    if not locked.can_move_to(status):
        raise MoveRefused(locked.move_refused_message(status), code="bad_transition")
    return locked


def finish_move(locked, status, *, by, reason=""):
    """Set the status, check the record's rules, save with `by` and `reason` in its history.

    `by=None` leaves the user to simple_history's middleware (the request's user).
    """
    locked.status = status
    # Foreign keys are not changed by a move, so they are not looked up again.
    locked.full_clean(exclude=[
        field.name for field in locked._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
    ])
    if by is not None:
        locked._history_user = by
    locked._change_reason = (reason or f"Status changed to {locked.get_status_display()}")[
        :REASON_LENGTH
    ]
    locked.save()
    return locked


@transaction.atomic
def move(record, status, *, by, reason="", **changes):
    """Lock, check, apply `changes` with the new status, save: the whole move at once."""
    locked = begin_move(record, status)
    for name, value in changes.items():
        setattr(locked, name, value)
    return finish_move(locked, status, by=by, reason=reason)
