from cases.services.observations import urgent_report_count
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
    """The staff navigation's count of urgent owner reports waiting (from the shared cache:
    cases.services.observations.URGENT_COUNT)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_clinic_staff:
        return {}
    return {"urgent_report_count": lambda: urgent_report_count(user)}
