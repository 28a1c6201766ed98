"""One way to page a list whose page links keep the list's filters."""

from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """(page, query): the page asked for, and the request's other parameters (filters,
    search) for includes/pagination.html to put on its links."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
