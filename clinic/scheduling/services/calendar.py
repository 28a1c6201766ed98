"""The calendar grid: rows of 15-minute slots, one column per vet (day view) or per day
(week view). Built from a fixed number of queries whatever the number of appointments."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from clinic.scheduling.models import Appointment
from clinic.scheduling.services.availability import (
    SLOT_MINUTES,
    Availability,
    local_day_bounds,
)
from clinic.scheduling.services.status import offer_undo_to

SLOT = timedelta(minutes=SLOT_MINUTES)


@dataclass
class Column:
    vet: object
    day: object
    label: str
    closed: bool = False
    site: object = None

    @property
    def vet_name(self):
        return self.vet.get_full_name()


@dataclass
class Cell:
    column: Column
    start: object
    kind: str  # "appointment", "free", "unavailable", "closed"
    appointment: Appointment | None = None
    rowspan: int = 1  # a free cell spans its whole free stretch: `rowspan` slots

    @property
    def book_query(self):
        """The booking form's query for a free stretch's first slot (built here: the
        template would spend a filter chain per cell)."""
        local = timezone.localtime(self.start)
        return (f"clinic_site={self.column.site.pk}&vet={self.column.vet.pk}"
                f"&start={local:%Y-%m-%dT%H:%M}")  # local, as typed

    @property
    def free_until(self):
        return self.start + self.rowspan * SLOT

    @property
    def book_label(self):
        local = timezone.localtime(self.start)
        until = timezone.localtime(self.free_until)
        return (f"Book with {self.column.vet_name} on {local:%A} {local.day} "
                f"{local:%B at %H:%M}, free until {until:%H:%M}")


@dataclass
class Row:
    clock: object
    cells: list = field(default_factory=list)


@dataclass
class Grid:
    columns: list
    rows: list
    not_in_grid: list  # no-shows, cancellations and anything outside the rows


def build_grid(columns, first_day, last_day, vets, user, site):
    """The grid of `site` (the request's, whose scope visible_to checks): its hours, the
    appointments there that `user` may see; a vet's visit at another site shows as an
    unavailable slot."""
    availability = Availability(first_day, last_day, site, vets=vets)
    range_start, _ = local_day_bounds(first_day)
    _, range_end = local_day_bounds(last_day)
    appointments = offer_undo_to(user, (
        Appointment.objects.visible_to(user).for_grid()
        .filter(vet__in=vets, start__gte=range_start, start__lt=range_end)
    ))
    clocks = {
        timezone.localtime(start).time()
        for column in columns
        for start in availability.slot_starts(column.day)
    }
    for column in columns:
        column.closed = availability.opening(column.day) is None
        column.site = site
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
    # Aware datetimes computed once per (day, clock): the loop below visits every cell of
    # 25 vets' columns, and each timezone lookup goes through a thread-local.
    tz = timezone.get_current_timezone()
    at = {(column.day, clock): datetime.combine(column.day, clock, tzinfo=tz)
          for column in columns for clock in clocks}
    rows, covered, shown = [], {index: set() for index in range(len(columns))}, set()
    for position, clock in enumerate(clocks):
        row = Row(clock)
        for index, column in enumerate(columns):
            if clock in covered[index]:
                continue  # inside a longer appointment's rowspan
            start = at[column.day, clock]
            appointment = starts_at.get((column.vet.pk, column.day, clock))
            if appointment is not None:
                spanned = []
                for later in clocks[position + 1:]:
                    if at[column.day, later] >= appointment.end:
                        break
                    spanned.append(later)
                covered[index].update(spanned)
                shown.add(appointment.pk)
                cell = Cell(column, start, "appointment", appointment, 1 + len(spanned))
            else:
                cell = Cell(column, start, _kind_at(availability, column, start))
                if cell.kind == "free":
                    # One cell for the whole free stretch, not one per 15-minute slot (a
                    # day of 25 vets had hundreds); calendar.js books the slot clicked.
                    spanned = []
                    for later in clocks[position + 1:]:
                        later_start = at[column.day, later]
                        if (later_start != start + (len(spanned) + 1) * SLOT
                                or (column.vet.pk, column.day, later) in starts_at
                                or _kind_at(availability, column, later_start) != "free"):
                            break
                        spanned.append(later)
                    covered[index].update(spanned)
                    cell.rowspan = 1 + len(spanned)
            row.cells.append(cell)
        rows.append(row)
    # An overlap the database could not refuse (SQLite, admin edits) must still be seen.
    not_in_grid += [a for a in starts_at.values() if a.pk not in shown]
    return Grid(columns, rows, not_in_grid)


def _kind_at(availability, column, start):
    """What a slot without an appointment starting in it is: closed, free or unavailable."""
    if availability.opening(column.day) is None or not _open_at(availability, column.day, start):
        return "closed"
    if availability.is_free(column.vet.pk, start, start + SLOT):
        return "free"
    return "unavailable"


def _open_at(availability, day, start):
    opens, closes = availability.opening(day)
    return opens <= start < closes


def day_grid(day, vets, user, site):
    vets = list(vets)
    columns = [Column(vet, day, vet.get_full_name()) for vet in vets]
    return build_grid(columns, day, day, vets, user, site)


def week_grid(monday, vet, user, site):
    days = [monday + timedelta(days=offset) for offset in range(7)]
    columns = [Column(vet, day, f"{day:%a %d %b}") for day in days]
    return build_grid(columns, days[0], days[-1], [vet], user, site)
