"""One way to page a list whose page links keep the list's filters, and a paginator for the
Django admin's changelists of large tables."""

import base64
import binascii
import json

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.http import urlencode


class Window:
    """A page of a list without its total, found by keyset: the link to the next page
    carries the sort key of this page's last row (`after`), the link back the key of its
    first (`before`), so a deep page is an index range from that key, not an OFFSET that
    walks every row before it (docs/benchmarks.md), and one row more than the page shows
    whether there is another. The lists paged here (owners, cases, follow-ups) hold tens of
    thousands of rows in a clinic group, and their COUNT(*) cost more than the page itself.
    Quacks like a Django Page for includes/pagination.html; `number` is only the label
    the links carry along."""

    paginator = None  # no total, so no "of N pages"

    def __init__(self, rows, number, keys, more_before, more_after):
        self.object_list = rows
        self.number = number
        self._keys = keys
        self._previous = more_before
        self._next = more_after

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._next

    def has_previous(self):
        return self._previous

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return max(self.number - 1, 1)

    @property
    def next_params(self):
        """The query string of the next page (without the list's filters)."""
        return urlencode({"after": _cursor(self._keys, self.object_list[-1]),
                          "page": self.next_page_number()})

    @property
    def previous_params(self):
        if self.previous_page_number() == 1:
            return ""  # the first page is the list without a cursor
        return urlencode({"before": _cursor(self._keys, self.object_list[0]),
                          "page": self.previous_page_number()})

    @property
    def count(self):
        """How many rows the whole list has, when this page shows that (the only page)."""
        return None if self.has_other_pages() else len(self.object_list)


# The label of a page is carried by its links; beyond this it is nonsense typed by hand.
MAX_PAGE = 10_000


def page_number(request):
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate(request, items, per_page):
    """(page, query): the page asked for (a Window: keyset, no COUNT, no OFFSET), and the
    request's other parameters (filters, search) for includes/pagination.html to put on its
    links. `items` is a queryset in the order the list shows (its order_by, or the model's
    Meta.ordering), on non-null fields of its own model; the primary key is added as the
    last key so that rows sharing the other keys still page one by one. An index on the
    keys (in that order) makes each page an index range."""
    keys = _keys(items)
    ordered = items.order_by(*(("-" if desc else "") + f.name for f, desc in keys))
    after = _decode(request.GET.get("after"), keys)
    before = None if after else _decode(request.GET.get("before"), keys)
    number = page_number(request)
    if before:
        backwards = items.filter(_beyond(keys, before, backwards=True)).order_by(
            *(("" if desc else "-") + f.name for f, desc in keys))
        rows = list(backwards[:per_page + 1])
        more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        page = Window(rows, number if more_before else 1, keys, more_before, bool(rows))
    else:
        if after:
            ordered = ordered.filter(_beyond(keys, after))
        rows = list(ordered[:per_page + 1])
        number = max(number, 2) if after else 1
        page = Window(rows[:per_page], number, keys, bool(after), len(rows) > per_page)
    query = request.GET.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
    return page, query.urlencode()


def cursor(items, row):
    """The `after` parameter of the page that follows `row` in `items` (the benchmark's deep
    page starts at the middle owner)."""
    return _cursor(_keys(items), row)


def _keys(items):
    """[(field, descending)]: the queryset's sort keys, ending with the primary key."""
    meta = items.model._meta
    names = list(items.query.order_by or (meta.ordering if items.query.default_ordering else []))
    keys = []
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"paginate() sorts on field names, not {name!r}")
        desc = name.startswith("-")
        field = meta.pk if name.lstrip("-") == "pk" else meta.get_field(name.lstrip("-"))
        keys.append((field, desc))
        if field.primary_key:
            break  # unique: later keys never decide
    else:
        keys.append((meta.pk, keys[-1][1] if keys else False))
    return keys


def _cursor(keys, row):
    values = [field.value_to_string(row) for field, _desc in keys]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(text, keys):
    """The sort key a link carries, as Python values; None when missing or mangled (the
    list then starts at its first page)."""
    if not text:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if not isinstance(values, list) or len(values) != len(keys):
            return None
        return [field.to_python(value) for (field, _desc), value in zip(keys, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, ValidationError):
        return None


def _beyond(keys, values, backwards=False):
    """Rows after `values` in the keys' order (before it, backwards): k1 > v1, or k1 = v1
    and k2 > v2, and so on; with k1 ≥ v1 alone as well, which the index answers as a range."""
    def op(desc):
        return "lt" if desc != backwards else "gt"

    (first, first_desc), first_value = keys[0], values[0]
    beyond = Q()
    for i, ((field, desc), value) in enumerate(zip(keys, values, strict=True)):
        step = Q(**{f"{field.name}__{op(desc)}": value})
        for (earlier, _d), earlier_value in zip(keys[:i], values[:i], strict=True):
            step &= Q(**{earlier.name: earlier_value})
        beyond |= step
    return Q(**{f"{first.name}__{op(first_desc)}e": first_value}) & beyond


class EstimatedCountPaginator(Paginator):
    """The admin's changelist paginator for tables of 100,000 rows and more: unfiltered, on
    PostgreSQL, the total is the planner's estimate (pg_class.reltuples, kept by ANALYZE
    and autovacuum) instead of a COUNT(*) over the whole table; filtered, or small, it is
    counted. Page links past the real end show an empty page, never an error."""

    EXACT_BELOW = 10_000

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is not None and not query.where and not query.distinct:
            estimate = self._estimate(self.object_list)
            if estimate is not None and estimate >= self.EXACT_BELOW:
                return estimate
        return super().count

    @staticmethod
    def _estimate(queryset):
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                           [queryset.model._meta.db_table])
            row = cursor.fetchone()
        return int(row[0]) if row and row[0] > 0 else None
