"""Staff invite an owner; the owner accepts through a one-time public link."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.accounts.access import public, staff_required
from clinic.lib.site import absolute_url
from clinic.patients.models import Owner
from clinic.portal.forms import AcceptInvitationForm
from clinic.portal.invitations import (
    accept_invitation,
    find_invitation,
    invite_owner,
    user_for_invitation,
)


@staff_required("portal.add_invitation")
@require_POST
def invite(request, owner_id):
    owner = get_object_or_404(Owner.objects.visible_to(request.user), pk=owner_id)
    try:
        invite_owner(owner, request.user, absolute_url)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Invitation sent to {owner.email}. The link works once, for a week."
        )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("dashboard")


def _link_problem(invitation):
    if invitation is None:
        return "unknown"
    if invitation.used_at:
        return "used"
    if invitation.revoked_at or invitation.is_expired:
        return "expired"
    return None


@public
@never_cache
def accept(request, token):
    invitation = find_invitation(token)
    problem = _link_problem(invitation)
    if problem:
        return render(request, "portal/invitation_problem.html", {"problem": problem},
                      status=410 if problem != "unknown" else 404)
    try:
        user = user_for_invitation(invitation)
    except ValidationError as error:
        return render(request, "portal/invitation_problem.html",
                      {"problem": "conflict", "message": error.messages[0]}, status=409)
    form = AcceptInvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accept_invitation(invitation, user, form.cleaned_data["new_password1"])
        except ValidationError:
            return render(request, "portal/invitation_problem.html", {"problem": "used"},
                          status=410)
        login(request, user, backend="clinic.accounts.rights.CachedPermissionsBackend")
        messages.success(request, "Welcome! Your password is set; you are now logged in.")
        return redirect("portal:home")
    return render(request, "portal/invitation_accept.html", {
        "form": form, "invitation": invitation,
    })
