"""Long lists are paged without counting them and without an OFFSET: a page's links carry
the sort key of its last (or first) row, and one row more than the page says whether
another page exists (clinic.lib.pagination.Window)."""

import re
from html import unescape

import pytest
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from clinic.lib.pagination import paginate
from clinic.patients.models import Owner
from tests.factories.cases import CaseFactory
from tests.factories.patients import OwnerFactory

pytestmark = pytest.mark.django_db


def page_of(params, per_page=2, items=None):
    request = RequestFactory().get("/", params)
    return paginate(request, Owner.objects.all() if items is None else items, per_page)


def link(page, query, rel):
    """The parameters of the page's Next or Previous link, as a browser would follow it."""
    html = render_to_string("includes/pagination.html", {"page": page, "query": query})
    text = {"next": "Next", "previous": "Previous"}[rel]
    href = re.search(rf'href="\?([^"]*)">{text}<', html)
    return None if href is None else QueryDict(unescape(href.group(1))).dict()


def names(page):
    return [owner.last_name for owner in page]


def walk(params, per_page, items=None):
    """Every page from the first by its Next links, then back by its Previous links."""
    forwards, backwards = [], []
    page, query = page_of(params, per_page, items)
    forwards.append(names(page))
    while (params := link(page, query, "next")) is not None:
        page, query = page_of(params, per_page, items)
        forwards.append(names(page))
    while (params := link(page, query, "previous")) is not None:
        page, query = page_of(params, per_page, items)
        backwards.append(names(page))
    return forwards, backwards, page


def test_next_and_previous_links_visit_every_row_once_and_keep_the_filters():
    # Equal surnames and first names: only the id (added as the last key) orders them.
    for last in ["Ash", "Birch", "Birch", "Birch", "Cedar", "Dunn", "Dunn"]:
        OwnerFactory(last_name=last, first_name="Sam")
    forwards, backwards, first = walk({"q": "x"}, per_page=2)
    assert forwards == [["Ash", "Birch"], ["Birch", "Birch"], ["Cedar", "Dunn"], ["Dunn"]]
    assert backwards == forwards[-2::-1]
    assert first.number == 1
    assert not first.has_previous()
    page, query = page_of({"q": "x"}, per_page=2)
    assert query == "q=x"
    assert link(page, query, "next")["q"] == "x"


def test_a_descending_order_pages_the_same_way():
    owner = OwnerFactory()
    for day in [1, 2, 2, 2, 3]:
        CaseFactory(dog__owner=owner, opened_on=f"2026-01-0{day}")
    items = Case.objects.all()
    forwards = []
    page, query = paginate(RequestFactory().get("/"), items, 2)
    forwards.append([c.pk for c in page])
    while (params := link(page, query, "next")) is not None:
        page, query = paginate(RequestFactory().get("/", params), items, 2)
        forwards.append([c.pk for c in page])
    assert [pk for chunk in forwards for pk in chunk] == list(items.values_list("pk", flat=True))


def test_a_deep_page_has_no_offset_and_no_count():
    for last in "ABCDEF":
        OwnerFactory(last_name=last)
    page, query = page_of({})
    params = link(page, query, "next")
    page, query = page_of(params)
    params = link(page, query, "next")
    with CaptureQueriesContext(connection) as queries:
        page, _ = page_of(params)
    assert names(page) == ["E", "F"]
    assert page.number == 3
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "OFFSET" not in sql
    assert "COUNT" not in sql


def test_the_last_page_has_no_next_and_a_single_page_knows_its_total():
    OwnerFactory.create_batch(4)
    assert page_of({}, per_page=10)[0].count == 4
    page, query = page_of({})
    page, _ = page_of(link(page, query, "next"))
    assert not page.has_next()
    assert page.count is None


@pytest.mark.parametrize("params", [
    {"page": "0"}, {"page": "-3"}, {"page": "abc"}, {"page": "9" * 30},
    {"after": "not-a-cursor"}, {"after": "W10"}, {"before": "!!!"}, {"after": ""},
    {"after": "WyJ4IiwgIngiLCAieCJd", "page": "2"},  # ["x", "x", "x"]: an id that is no number
])
def test_a_mangled_link_is_the_first_page_never_an_error(params):
    OwnerFactory.create_batch(3)
    page, _ = page_of(params)
    assert page.number >= 1
    assert len(page) in (0, 2)
