"""One date format on every page and document: "1 Dec 2026", times on the 24-hour clock."""

import re
from datetime import date, datetime

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories.cases import CaseFactory


def test_dates_read_as_the_clinic_writes_them():
    assert date_format(date(2026, 12, 1)) == "1 Dec 2026"
    moment = datetime(2026, 12, 1, 14, 5, tzinfo=timezone.get_current_timezone())
    assert date_format(moment, "DATETIME_FORMAT") == "1 Dec 2026, 14:05"
    rendered = Template("{{ d|date }} {{ t|time }}").render(Context({"d": moment, "t": moment}))
    assert rendered == "1 Dec 2026 14:05"


@pytest.mark.django_db
def test_a_page_shows_no_numeric_dates(client_for, vet, owner_a):
    case = CaseFactory(dog=owner_a.dogs.first(), opened_on=date(2026, 11, 3))
    html = client_for(vet).get(f"/cases/{case.pk}/").content.decode()
    assert "3 Nov 2026" in html
    assert "03/11/2026" not in html


def test_no_template_or_message_writes_dates_another_way():
    # Dates go through the clinic's format ({{ d|date }}, date_format()); a numeric or
    # spelled-out format written by hand is how "02/12/2026" next to "2 Dec 2026" starts.
    root = settings.BASE_DIR
    # (Weekday names spelled out for screen readers, 'l j F', are accessible names, not dates
    # on the page.)
    by_hand = re.compile(r"""\|date:["'](d/m|j F Y|l j F Y)|%d/%m/%Y""")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("cases", "clinic")
        for path in (root / folder).rglob("*")
        if path.suffix in {".html", ".txt", ".py"} and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if by_hand.search(line)
    ]
    assert not offenders
