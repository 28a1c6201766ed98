"""The pages of issue 16: the one list that `make bench` times (bench/measure.py) and that
the suite holds to its query budget (tests/test_bench_page_query_counts.py)."""

from datetime import timedelta

from django.utils import timezone


def next_working_day(day):
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def pages(ids):
    """(label, role, path): the pages of issue 16, `/healthz` first as the floor."""
    today = timezone.localdate()
    tomorrow = next_working_day(today)
    return [
        ("health check (floor)", None, "/healthz"),
        ("patient search, name prefix", "reception", "/patients/?q=smi"),
        ("patient search, phone fragment", "reception", f"/patients/?q={ids['phone']}"),
        ("patient search, microchip fragment", "reception", f"/patients/?q={ids['microchip']}"),
        ("patient list", "reception", "/patients/"),
        ("patient list, deep page", "reception", f"/patients/?after={ids['deep_owners']}"),
        ("dog page", "vet", f"/patients/dogs/{ids['dog']}/"),
        ("case list", "vet", "/cases/"),
        ("case page (most exams)", "vet", f"/cases/{ids['case']}/"),
        ("case progress", "vet", f"/cases/{ids['case']}/progress/"),
        ("calendar day, all vets (next working day)", "reception",
         f"/schedule/?date={tomorrow.isoformat()}"),
        ("calendar day (today)", "reception", "/schedule/"),
        ("calendar week of one vet", "reception",
         f"/schedule/week/?vet={ids['vet']}&date={tomorrow.isoformat()}"),
        ("follow-ups due", "reception", "/schedule/follow-ups/"),
        ("staff dashboard", "vet", "/"),
        ("booking form", "reception", "/schedule/book/"),
        # what the booking form's search box asks as reception types (issue 17's budget)
        ("booking dog search, name prefix", "reception", "/schedule/book/dogs/?dog_search=smi"),
        ("booking dog search, phone fragment", "reception",
         f"/schedule/book/dogs/?dog_search={ids['phone']}"),
        ("portal home", "owner", "/portal/"),
        ("portal dog page", "owner", f"/portal/dogs/{ids['portal_dog']}/"),
        ("admin changelist: dogs", "admin", "/admin/patients/dog/"),
        ("admin changelist: appointments", "admin", "/admin/scheduling/appointment/"),
    ]


def deep_owners_cursor():
    """The patient list's link to the page after the middle active owner (keyset: the
    deep page is an index range from there)."""
    from clinic.lib import pagination
    from clinic.patients.models import Owner

    owners = Owner.objects.filter(archived_at__isnull=True)
    return pagination.cursor(owners, owners.order_by("last_name", "first_name", "id")[
        owners.count() // 2])
