"""Read-side queries other pages compose (dashboard, worklist, dog page, case timeline)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from cases.models import FollowUp, TreatmentPlan
from clinic.scheduling.models import Appointment, AppointmentChangeRequest
from clinic.scheduling.services.availability import local_day_bounds


def appointments_today(user, vet=None):
    """Today's appointments (not cancelled) that `user` may see (visible_to: their current
    site's): one vet's, or all."""
    start, end = local_day_bounds(timezone.localdate())
    appointments = (
        Appointment.objects.visible_to(user).for_calendar()
        .filter(start__gte=start, start__lt=end)
        .exclude(status=Appointment.Status.CANCELLED)
        .order_by("start", "vet__full_name")
    )
    if vet is not None:
        appointments = appointments.filter(vet=vet)
    return appointments


def follow_ups_to_book(user):
    """Outstanding follow-ups of the cases the user's current site follows up, due within
    the booking horizon with no appointment holding a slot for them (a no-show or
    cancellation puts them back), most overdue first; each with `plan_version`, the version
    of the case's plan in force (the one that set it)."""
    horizon = timezone.localdate() + timedelta(days=settings.CLINIC_FOLLOW_UP_HORIZON_DAYS)
    # Booked at any site counts: the dog may be seen at another site of the group.
    booked = Appointment.objects.with_scopes_disabled().active().filter(follow_up=OuterRef("pk"))
    plan_in_force = TreatmentPlan.objects.published().filter(case=OuterRef("case"))
    return (
        FollowUp.objects.visible_to(user)
        .outstanding()
        .followed_up_at(getattr(user, "current_site", None))
        .filter(due_on__lte=horizon)
        .exclude(Exists(booked))
        .annotate(plan_version=Subquery(plan_in_force.values("version")[:1]))
        .select_related("case__dog__owner", "case__attending_vet")
        .order_by("due_on", "id")
    )


def open_change_requests(user):
    return (
        AppointmentChangeRequest.objects.visible_to(user)
        .open()
        .select_related("appointment__dog__owner", "appointment__vet",
                        "appointment__appointment_type", "requested_by")
    )


