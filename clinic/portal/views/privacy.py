"""The owner's account page: download my data, ask for my account to be deleted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from clinic.accounts.access import owner_required
from clinic.lib.site import absolute_url
from clinic.portal import access
from clinic.portal.forms import DeletionRequestForm
from clinic.portal.privacy import build_export, request_account_deletion


@owner_required
@require_GET
def account(request):
    owner = access.owner_for(request.user)
    return render(request, "portal/account.html", {
        "owner": owner,
        "open_deletion_request": owner.deletion_requests.filter(handled_at__isnull=True).first(),
    })


@owner_required
@require_GET
def export(request):
    data = build_export(request.user)
    response = HttpResponse(data, content_type="application/zip")
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@owner_required
def deletion_request(request):
    owner = access.owner_for(request.user)
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_account_deletion(
                owner, request.user, form.cleaned_data["reason"], absolute_url
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
            return redirect("portal:account")
        messages.success(
            request,
            "Thank you. We have your request and will contact you to confirm what we delete "
            "and what the law requires us to keep.",
        )
        return redirect("portal:account")
    return render(request, "portal/deletion_request.html", {"form": form})
