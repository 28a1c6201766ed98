"""The case timeline: everything on a case, newest first.

Each kind of record registers a source: a function that returns the entries of one case
with a fixed number of queries. The registry exists for apps above `cases` in the import
chain: `scheduling` registers its appointments in its AppConfig.ready(), so `cases` never
imports it. `cases`' own sources (exams, diagnostics, plans, owner reports) are all in
cases/contributions.py.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # the source's key, used by the kind filter
    when: datetime | date
    title: str
    template: str  # renders the entry; receives `entry` and `obj`
    obj: object = None
    extra: dict = field(default_factory=dict)

    @property
    def sort_key(self):
        """An aware datetime, so dated and timed entries sort together."""
        when = self.when
        if not isinstance(when, datetime):
            when = datetime.combine(when, time.min)
        return timezone.make_aware(when) if timezone.is_naive(when) else when


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    label: str
    entries: object  # callable(case, user) -> iterable of TimelineEntry


_sources: dict[str, TimelineSource] = {}


def register_timeline_source(kind, label, entries):
    _sources[kind] = TimelineSource(kind, label, entries)


def timeline_sources():
    return list(_sources.values())


def case_timeline(case, user, kinds=None):
    """All entries of `case` that `user` may see, newest first, optionally only `kinds`."""
    entries = []
    for source in _sources.values():
        if kinds and source.kind not in kinds:
            continue
        entries.extend(source.entries(case, user))
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)
