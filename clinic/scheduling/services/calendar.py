"""The calendar grid: rows of 15-minute slots, one column per vet (day view) or per day
(week view). Built from a fixed number of queries whatever the number of appointments."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from clinic.scheduling.models import Appointment
from clinic.scheduling.services.availability import (
    SLOT_MINUTES,
    Availability,
    aware,
    local_day_bounds,
)

SLOT = timedelta(minutes=SLOT_MINUTES)


@dataclass
class Column:
    vet: object
    day: object
    label: str
    closed: bool = False


@dataclass
class Cell:
    column: Column
    start: object
    kind: str  # "appointment", "free", "unavailable", "closed"
    appointment: Appointment | None = None
    rowspan: int = 1


@dataclass
class Row:
    clock: object
    cells: list = field(default_factory=list)


@dataclass
class Grid:
    columns: list
    rows: list
    not_in_grid: list  # no-shows, cancellations and anything outside the rows


def build_grid(columns, first_day, last_day, vets):
    availability = Availability(first_day, last_day, vets=vets)
    range_start, _ = local_day_bounds(first_day)
    _, range_end = local_day_bounds(last_day)
    appointments = list(
        Appointment.objects.for_calendar()
        .filter(vet__in=vets, start__gte=range_start, start__lt=range_end)
    )
    clocks = {
        timezone.localtime(start).time()
        for column in columns
        for start in availability.slot_starts(column.day)
    }
    for column in columns:
        column.closed = availability.opening(column.day) is None
    starts_at, not_in_grid = {}, []
    for appointment in appointments:
        local = timezone.localtime(appointment.start)
        floored = local.replace(minute=local.minute - local.minute % SLOT_MINUTES,
                                second=0, microsecond=0).time()
        key = (appointment.vet_id, local.date(), floored)
        if appointment.is_active and key not in starts_at:
            # Booked before the hours changed, or by the admin: still shown in its row.
            starts_at[key] = appointment
            clocks.add(floored)
        else:
            not_in_grid.append(appointment)
    clocks = sorted(clocks)
    rows, covered, shown = [], {index: set() for index in range(len(columns))}, set()
    for clock in clocks:
        row = Row(clock)
        for index, column in enumerate(columns):
            if clock in covered[index]:
                continue  # inside a longer appointment's rowspan
            start = aware(column.day, clock)
            appointment = starts_at.get((column.vet.pk, column.day, clock))
            if appointment is not None:
                spanned = [later for later in clocks
                           if later > clock and aware(column.day, later) < appointment.end]
                covered[index].update(spanned)
                shown.add(appointment.pk)
                cell = Cell(column, start, "appointment", appointment, 1 + len(spanned))
            elif availability.opening(column.day) is None or not _open_at(
                availability, column.day, start
            ):
                cell = Cell(column, start, "closed")
            elif availability.is_free(column.vet.pk, start, start + SLOT):
                cell = Cell(column, start, "free")
            else:
                cell = Cell(column, start, "unavailable")
            row.cells.append(cell)
        rows.append(row)
    # An overlap the database could not refuse (SQLite, admin edits) must still be seen.
    not_in_grid += [a for a in starts_at.values() if a.pk not in shown]
    return Grid(columns, rows, not_in_grid)


def _open_at(availability, day, start):
    opens, closes = availability.opening(day)
    return opens <= start < closes


def day_grid(day, vets):
    vets = list(vets)
    columns = [Column(vet, day, vet.get_full_name()) for vet in vets]
    return build_grid(columns, day, day, vets)


def week_grid(monday, vet):
    days = [monday + timedelta(days=offset) for offset in range(7)]
    columns = [Column(vet, day, f"{day:%a %d %b}") for day in days]
    return build_grid(columns, days[0], days[-1], [vet])
