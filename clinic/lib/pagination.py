"""One way to page a list whose page links keep the list's filters, and a paginator for the
Django admin's changelists of large tables."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


class Window:
    """A page of a list without its total: fetching one row more than the page shows
    whether there is a next one. The lists paged here (owners, cases) hold tens of
    thousands of rows in a clinic group, and their COUNT(*) cost more than the page itself
    (docs/benchmarks.md). Quacks like a Django Page for includes/pagination.html."""

    paginator = None  # no total, so no "of N pages"

    def __init__(self, items, per_page, number):
        self.number = number
        start = (number - 1) * per_page
        rows = list(items[start:start + per_page + 1])
        self.object_list = rows[:per_page]
        self._more = len(rows) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._more

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    @property
    def count(self):
        """How many rows the whole list has, when this page shows that (the only page)."""
        return None if self.has_other_pages() else len(self.object_list)


# Beyond this the OFFSET only walks the index further; a search or filter finds it sooner.
MAX_PAGE = 10_000


def page_number(request):
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate(request, items, per_page):
    """(page, query): the page asked for (a Window, no COUNT), and the request's other
    parameters (filters, search) for includes/pagination.html to put on its links."""
    page = Window(items, per_page, page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


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
