"""One way to move a record along its status flow: Case, Biopsy and Appointment.

A model mixes in `StatusFlow` and declares `TRANSITIONS` (each status → the statuses it may
move to); views and templates ask `can_move_to` / `next_statuses` instead of keeping their own
lists, and every service applies a move with `begin_move` + `finish_move` (or `move`), so the
row is locked, the move checked against the table, and who made it and why kept in history.
A model that lists `UNDOABLE` statuses lets a recent move into one of them be taken back
(`begin_undo`), again recorded in history; `offer_undo` tells the cards which records
still offer it.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

# simple_history keeps the reason in a 100-character column.
REASON_LENGTH = 100


class MoveRefused(ValidationError):
    """The record's status does not allow this move (now: another user may have moved it)."""


class StatusFlow:
    """For a model with a `status` field on a `Status` TextChoices, and `TRANSITIONS`."""

    TRANSITIONS = {}
    UNDOABLE = ()  # statuses whose arrival may be taken back for a short while
    undo_until = None  # set by `offer_undo`: until when a card offers to undo the last move

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


NEWEST_FIRST = ("-history_date", "-history_id")


def _last_move(status, rows):
    """(the history row of the move into `status`, the row before it) from a record's
    history rows, newest first; None for what the rows do not show."""
    moved = before = None
    for row in rows:
        if row.status != status:
            before = row
            break
        moved = row
    return moved, before


def offer_undo(records, *, within):
    """Set `undo_until` on each of `records` whose last move may still be undone (when the
    offer ends), so a card shows its Undo after a reload too; one query for them all.

    Only an offer: `begin_undo` checks again when the Undo is clicked.
    """
    records = list(records)
    waiting = {record.pk: record for record in records if record.status in record.UNDOABLE}
    if not waiting:
        return records
    now = timezone.now()
    history = type(records[0]).history
    # Only records that moved within the window can have an open offer.
    recent = history.filter(id__in=list(waiting), history_date__gt=now - within).values("id")
    rows_of = {}
    for row in history.filter(id__in=recent).only("id", "status", "history_date").order_by(
        "id", *NEWEST_FIRST
    ):
        rows_of.setdefault(row.id, []).append(row)
    for pk, rows in rows_of.items():
        record = waiting[pk]
        moved, before = _last_move(record.status, rows)
        if moved is not None and before is not None and moved.history_date + within > now:
            record.undo_until = moved.history_date + within
    return records


class UndoRefused(MoveRefused):
    """The last move cannot be undone (any more): too late, or not a move that may be."""


def begin_undo(record, *, within, queryset=None):
    """The record, locked, and the history row of the state it had before its last move.

    Only a move into one of the model's `UNDOABLE` statuses, made less than `within` ago,
    may be undone; the caller restores what it needs from the returned row and saves
    with `finish_move`. Undoing is not a move in `TRANSITIONS`: arrived never becomes
    booked again in the day's flow, only by taking a slip back.
    """
    rows = queryset if queryset is not None else type(record)._default_manager.all()
    locked = rows.select_for_update().get(pk=record.pk)
    label = locked.get_status_display().lower()
    if locked.status not in locked.UNDOABLE:
        raise UndoRefused(f"There is nothing to undo: it is {label}.", code="nothing_to_undo")
    moved, before = _last_move(locked.status, locked.history.order_by(*NEWEST_FIRST)[:50])
    if before is None or moved is None:
        raise UndoRefused(f"There is nothing to undo: it is {label}.", code="nothing_to_undo")
    if timezone.now() - moved.history_date > within:
        minutes = int(within.total_seconds() // 60)
        raise UndoRefused(
            f"It became {label} more than {minutes} minutes ago, so it can no longer be "
            f"undone with one click.", code="undo_too_late",
        )
    return locked, before
