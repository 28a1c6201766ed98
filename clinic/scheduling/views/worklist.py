"""Follow-ups due: what reception must book, and owners' requests to change a visit."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.models import FollowUp
from clinic.accounts.access import staff_required
from clinic.lib.pagination import paginate
from clinic.scheduling.models import AppointmentChangeRequest, ReminderDelivery
from clinic.scheduling.services import (
    follow_ups_to_book,
    mark_change_request_handled,
    open_change_requests,
)
from clinic.scheduling.services.proposals import propose_slots
from clinic.sites.current import site_of, vets_at

FOLLOW_UPS_PER_PAGE = 50


@staff_required("scheduling.add_appointment")
def follow_ups_due(request):
    page, query = paginate(request, follow_ups_to_book(request.user), FOLLOW_UPS_PER_PAGE)
    return render(request, "scheduling/follow_ups.html", {
        "page": page, "query": query,
        "change_requests": open_change_requests(request.user),
        "reminder_problems": (
            ReminderDelivery.objects.visible_to(request.user).problems().count()
            if request.user.has_perm("scheduling.view_reminderdelivery") else 0
        ),
    })


@staff_required("scheduling.add_appointment")
def follow_up_proposals(request, follow_up_id):
    follow_up = get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related(
            "case__dog", "case__attending_vet"
        ),
        pk=follow_up_id,
    )
    site = site_of(request)
    proposals, appointment_type = propose_slots(follow_up, vets_at(site), site)
    template = ("scheduling/includes/proposals.html" if request.htmx
                else "scheduling/proposals.html")
    return render(request, template, {
        "follow_up": follow_up, "proposals": proposals, "appointment_type": appointment_type,
    })


@staff_required("scheduling.change_appointmentchangerequest")
@require_POST
def change_request_handled(request, change_request_id):
    change_request = get_object_or_404(
        AppointmentChangeRequest.objects.visible_to(request.user), pk=change_request_id
    )
    mark_change_request_handled(change_request, request.user)
    return redirect("scheduling:follow_ups")
