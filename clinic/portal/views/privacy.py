"""The owner's account page: download my data, ask for my account to be deleted."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from clinic.accounts.access import owner_required
from clinic.lib.site import absolute_url
from clinic.lib.uploads import serve_private_file
from clinic.portal import access
from clinic.portal.forms import DeletionRequestForm
from clinic.portal.models import DataExport
from clinic.portal.privacy import request_account_deletion, request_data_export


@owner_required
@require_GET
def account(request):
    owner = access.owner_for(request.user)
    return render(request, "portal/account.html", {
        "owner": owner,
        "exports": owner.data_exports.unexpired(),
        "export_days": settings.CLINIC_EXPORT_DAYS,
        "open_deletion_request": owner.deletion_requests.filter(handled_at__isnull=True).first(),
    })


@owner_required(redirects_to="portal:account")
@require_POST
def export_request(request):
    owner = access.owner_for(request.user)
    try:
        request_data_export(owner)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"We are preparing your data and will e-mail {owner.email} when it is ready to "
            "download, usually within a few minutes.",
        )
    return redirect("portal:account")


@owner_required
@require_GET
def export_download(request, export_uuid):
    # Only the owner's own, ready and unexpired export; anything else is a 404.
    export = get_object_or_404(DataExport.objects.downloadable(),
                               owner=access.owner_for(request.user), public_id=export_uuid)
    return serve_private_file(export.archive, download_name=export.download_name,
                              as_attachment=True)


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
