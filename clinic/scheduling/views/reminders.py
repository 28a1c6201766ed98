"""Reminders that failed or were given up, with their reason, for reception to follow up."""

from django.core.paginator import Paginator
from django.shortcuts import render

from clinic.accounts.access import staff_required
from clinic.scheduling.models import ReminderDelivery

PROBLEMS_PER_PAGE = 50


@staff_required("scheduling.view_reminderdelivery")
def reminder_problems(request):
    problems = (
        ReminderDelivery.objects.visible_to(request.user).problems()
        .select_related("appointment__dog__owner", "appointment__vet",
                        "appointment__appointment_type")
        .order_by("-status", "appointment__start", "channel")
    )
    return render(request, "scheduling/reminder_problems.html", {
        "page": Paginator(problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page")),
    })
