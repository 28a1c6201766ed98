"""Where a booking may go: opening hours, closed days, vets' absences and their diaries.

`Availability` loads everything for a date range in a fixed number of queries, then
answers in memory, so the calendar views and the "nearest free slots" search cost the
same whatever the number of appointments.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from clinic.scheduling.models import Appointment, ClinicHours, ClosedDay, VetAbsence

SLOT_MINUTES = 15


def local_day_bounds(day):
    """The aware start and end of a local calendar day (DST days are 23 or 25 hours)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def aware(day, clock):
    return datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())



class Availability:
    """One site's calendar between two local dates (inclusive): that site's hours and
    closed days, and the vets' diaries at every site (a vet cannot be in two places)."""

    def __init__(self, first_day, last_day, site, vets=None, exclude_appointment=None):
        self.first_day, self.last_day, self.site = first_day, last_day, site
        range_start, _ = local_day_bounds(first_day)
        _, range_end = local_day_bounds(last_day)
        self.hours = {row.weekday: row for row in ClinicHours.objects.filter(site=site)}
        self.closed_days = {
            row.date: row.reason
            # The day after too: a visit at a 24-hour site may run past midnight.
            for row in ClosedDay.objects.filter(
                site=site, date__range=(first_day, last_day + timedelta(days=1)))
        }
        absences = VetAbsence.objects.select_related("vet").filter(
            start__lt=range_end, end__gt=range_start
        )
        # Every site's, whatever the request's site scope: only start, end and vet are read.
        appointments = (Appointment.objects.with_scopes_disabled().active()
                        .overlapping(range_start, range_end))
        if vets is not None:
            vet_ids = [vet.pk for vet in vets]
            absences = absences.filter(vet_id__in=vet_ids)
            appointments = appointments.filter(vet_id__in=vet_ids)
        if exclude_appointment is not None:
            appointments = appointments.exclude(pk=exclude_appointment.pk)
        self.absences = defaultdict(list)
        for absence in absences:
            self.absences[absence.vet_id].append(absence)
        self.busy = defaultdict(list)
        for start, end, vet_id in appointments.values_list("start", "end", "vet_id"):
            self.busy[vet_id].append((start, end))

    def opening(self, day):
        """(opens, closes) as aware datetimes, or None when the site is shut that day."""
        row = self.hours.get(day.weekday())
        if day in self.closed_days or row is None or row.is_closed:
            return None
        if row.open_24_hours:
            return local_day_bounds(day)
        return aware(day, row.opens_at), aware(day, row.closes_at)

    def _open_24_hours(self, day):
        row = self.hours.get(day.weekday())
        return row is not None and row.open_24_hours and day not in self.closed_days

    def refusals(self, vet_id, start, end):
        """{field: message} for every rule the slot breaks except a clash with a booking."""
        errors = {}
        if end <= start:
            errors["end"] = "The appointment must end after it starts."
            return errors
        if start < timezone.now():
            errors["start"] = "That time is in the past."
            return errors
        day = timezone.localtime(start).date()
        row = self.hours.get(day.weekday())
        if day in self.closed_days:
            errors["start"] = (f"{self.site} is closed on {day:%A %d %B}: "
                               f"{self.closed_days[day]}.")
        elif row is None or row.is_closed:
            errors["start"] = f"{self.site} is closed on {day:%A}s."
        else:
            opens, closes = self.opening(day)
            if row.open_24_hours and self._open_24_hours(day + timedelta(days=1)):
                closes = max(closes, end)  # runs on into the next round-the-clock day
            if row.open_24_hours and end > closes:
                errors["end"] = (f"That runs past midnight, and {self.site} is not open "
                                 f"around the clock the next day.")
            elif start < opens or end > closes:
                errors["start"] = (
                    f"That is outside opening hours at {self.site}: {day:%A}s "
                    f"{row.opens_at:%H:%M}–{row.closes_at:%H:%M}."
                )
        for absence in self.absences.get(vet_id, ()):
            if absence.start < end and absence.end > start:
                local_start, local_end = (timezone.localtime(absence.start),
                                          timezone.localtime(absence.end))
                why = f" ({absence.reason})" if absence.reason else ""
                errors["vet"] = (
                    f"{absence.vet.get_full_name()} is away from "
                    f"{date_format(local_start, 'DATETIME_FORMAT')} "
                    f"to {date_format(local_end, 'DATETIME_FORMAT')}{why}."
                )
                break
        return errors

    def clashes(self, vet_id, start, end):
        return any(s < end and e > start for s, e in self.busy.get(vet_id, ()))

    def is_free(self, vet_id, start, end):
        return not self.refusals(vet_id, start, end) and not self.clashes(vet_id, start, end)

    def slot_starts(self, day):
        """Every slot start of the day's opening hours."""
        opening = self.opening(day)
        if opening is None:
            return []
        opens, closes = opening
        starts, current = [], opens
        while current < closes:
            starts.append(current)
            current += timedelta(minutes=SLOT_MINUTES)
        return starts

    def free_slots(self, vet_id, length, near=None, count=3):
        """The `count` free starts nearest to `near` (earliest first) for this vet."""
        near = near or timezone.now()
        candidates = []
        day = self.first_day
        while day <= self.last_day:
            for start in self.slot_starts(day):
                if self.is_free(vet_id, start, start + length):
                    candidates.append(start)
            day += timedelta(days=1)
        candidates.sort(key=lambda start: abs(start - near))
        return sorted(candidates[:count])


def describe_slot(start):
    return f"{timezone.localtime(start):%a %d %b %H:%M}"


__all__ = ["SLOT_MINUTES", "Availability", "aware", "describe_slot", "local_day_bounds"]
