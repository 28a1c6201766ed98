from functools import cache

from cases.services.observations import urgent_queue
from clinic.sites.models import Clinic


def clinic(request):
    """The site a page speaks for: staff's current site, otherwise the group's main site.
    Pages about one appointment or case name that record's own site instead."""
    site = getattr(request, "site", None) or Clinic.objects.main()
    return {
        "clinic_site": site,
        "clinic_name": site.name if site else "",
        "clinic_phone": site.phone if site else "",
        "clinic_email": site.email if site else "",
    }


def urgent_reports(request):
    """The staff navigation's count of urgent owner reports waiting: a callable, so the
    query runs only on pages that show the navigation, and once per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_clinic_staff:
        return {}
    return {"urgent_report_count": cache(lambda: urgent_queue(user).count())}
