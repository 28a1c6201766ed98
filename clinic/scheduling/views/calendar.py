"""Reception's calendar: the day with a column per vet, the week of one vet."""

from datetime import date, timedelta

from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from clinic.accounts.access import staff_required
from clinic.lib.validators import is_plausible
from clinic.scheduling.services.calendar import day_grid, week_grid
from clinic.sites.current import site_of, vets_at


def _day_from(request):
    """The day asked for in ?date=, today when none; a bad or far-off date is a 400."""
    text = request.GET.get("date", "")
    if not text:
        return timezone.localdate()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadRequest("The date in this link is not a real date.") from None
    if not is_plausible(day):
        raise BadRequest("The date in this link is too far from today to show.")
    return day


@staff_required("scheduling.view_appointment")
def day_view(request):
    day = _day_from(request)
    site = site_of(request)
    grid = day_grid(day, vets_at(site), request.user, site)
    return render(request, "scheduling/day.html", {
        "day": day, "grid": grid, "today": timezone.localdate(),
        "previous_day": day - timedelta(days=1), "next_day": day + timedelta(days=1),
    })


@staff_required("scheduling.view_appointment")
def week_view(request):
    day = _day_from(request)
    site = site_of(request)
    all_vets = list(vets_at(site))
    if request.GET.get("vet", "").isdigit():
        vet = get_object_or_404(vets_at(site), pk=request.GET["vet"])
    elif request.user in all_vets:
        vet = request.user
    elif all_vets:
        vet = all_vets[0]
    else:
        return render(request, "scheduling/week.html", {"grid": None, "vets": all_vets})
    monday = day - timedelta(days=day.weekday())
    return render(request, "scheduling/week.html", {
        "vet": vet, "vets": all_vets, "monday": monday,
        "grid": week_grid(monday, vet, request.user, site),
        "previous_week": monday - timedelta(days=7), "next_week": monday + timedelta(days=7),
        "today": timezone.localdate(),
    })
