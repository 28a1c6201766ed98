from functools import cache

from django.conf import settings

from cases.services.observations import urgent_queue


def clinic(request):
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
        "clinic_email": settings.CLINIC_EMAIL,
    }


def urgent_reports(request):
    """The staff navigation's count of urgent owner reports waiting: a callable, so the
    query runs only on pages that show the navigation, and once per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_clinic_staff:
        return {}
    return {"urgent_report_count": cache(lambda: urgent_queue(user).count())}
