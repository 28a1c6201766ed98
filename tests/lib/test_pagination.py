"""Long lists are paged without counting them: one row more than the page says whether a
next page exists (clinic.lib.pagination.Window)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from clinic.lib.pagination import paginate
from clinic.patients.models import Owner
from tests.factories.patients import OwnerFactory

pytestmark = pytest.mark.django_db


def page_of(params, per_page=2):
    request = RequestFactory().get("/", params)
    return paginate(request, Owner.objects.order_by("pk"), per_page)


def test_a_middle_page_links_both_ways_and_keeps_the_filters():
    OwnerFactory.create_batch(5)
    with CaptureQueriesContext(connection) as queries:
        page, query = page_of({"page": "2", "q": "x"})
    assert len(queries) == 1
    assert "COUNT" not in queries.captured_queries[0]["sql"]
    assert (len(page), page.has_previous(), page.has_next(), page.count) == (2, True, True, None)
    assert query == "q=x"


def test_the_last_page_has_no_next_and_a_single_page_knows_its_total():
    OwnerFactory.create_batch(4)
    assert not page_of({"page": "2"})[0].has_next()
    assert page_of({}, per_page=10)[0].count == 4


@pytest.mark.parametrize("number", ["0", "-3", "abc", "", "9" * 30])
def test_a_bad_page_number_is_the_first_page_or_an_empty_one_never_an_error(number):
    OwnerFactory.create_batch(3)
    page, _ = page_of({"page": number})
    assert page.number >= 1
    assert len(page) in (0, 2)
