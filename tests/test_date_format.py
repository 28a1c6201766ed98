"""One date format on every page and document: "1 Dec 2026", times on the 24-hour clock."""

from datetime import date, datetime

import pytest
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
