"""Care instructions: ticking today's tasks and the printable care sheet."""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render

from cases.services.care_sheet import care_sheet_page, care_sheet_pdf
from clinic.accounts.access import owner_required
from clinic.portal import access
from clinic.portal.care import set_tick, todays_task
from clinic.portal.forms import CareTickForm


@owner_required(redirects_to="portal:dog_detail")
def care_tick(request, dog_uuid):
    dog = access.get_dog_for(request.user, dog_uuid)
    if request.method != "POST":
        return redirect("portal:dog_detail", dog_uuid=dog.public_id)
    form = CareTickForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Unknown task.")
    task = todays_task(request.user, dog, form.cleaned_data["task_key"])
    if task is None:
        raise Http404("No such task today.")
    done = form.cleaned_data["done"]
    set_tick(access.owner_for(request.user), dog, task.key, done)
    if request.htmx:
        return render(request, "portal/includes/care_task.html",
                      {"dog": dog, "task": task, "done": done})
    return redirect("portal:dog_detail", dog_uuid=dog.public_id)


def _with_current_plan(request, dog_uuid, respond):
    """`respond(plan)` with the published plan of one of the owner's own dogs; without one,
    back to the dog's page with a note."""
    dog = access.get_dog_for(request.user, dog_uuid)
    plan = access.current_plan_for(request.user, dog)
    if plan is None:
        messages.info(request, f"There are no care instructions for {dog.name} at the moment.")
        return redirect("portal:dog_detail", dog_uuid=dog.public_id)
    return respond(plan)


@owner_required(redirects_to="portal:dog_detail")
def care_sheet(request, dog_uuid):
    return _with_current_plan(request, dog_uuid, lambda plan: care_sheet_page(
        request, plan, template="portal/care_sheet.html"))


@owner_required(redirects_to="portal:dog_detail")
def care_sheet_download(request, dog_uuid):
    """The same sheet as a PDF."""
    return _with_current_plan(request, dog_uuid, care_sheet_pdf)
