"""Staff pages for treatment plans: versions, draft editing, safety prompts, publishing and
the printable care sheet (HTML and PDF)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from cases.forms.treatment import (
    AcknowledgeForm,
    PlanForm,
    PlanItemForm,
    dog_page_url,
    strengths_of,
)
from cases.models import (
    Case,
    ClinicalSettings,
    PlanItem,
    PlanNotEditable,
    SafetyAcknowledgement,
    TreatmentPlan,
)
from cases.services import care_sheet as care_sheet_service
from cases.services.safety import PromptNotApplicable, acknowledge_prompt, safety_prompts
from cases.services.treatment import (
    PublishRefused,
    delete_item,
    last_taper_day,
    new_version,
    publish_plan,
    recompose_owner_text,
    save_item,
    update_plan,
)
from clinic.accounts.access import staff_required

_ITEMS = Prefetch(
    "items", queryset=PlanItem.objects.select_related("drug", "strength__drug")
)
_ACKS = Prefetch(
    "acknowledgements",
    queryset=SafetyAcknowledgement.objects.select_related("acknowledged_by"),
)


def _plans(user):
    return (
        TreatmentPlan.objects.visible_to(user)
        .select_related("case__dog__owner", "created_by", "published_by")
        .prefetch_related(_ITEMS, _ACKS)
    )


def _get_plan(request, plan_id):
    return get_object_or_404(_plans(request.user), pk=plan_id)


def _refuse(request, plan, error):
    messages.error(request, str(error))
    return redirect("cases:plan_detail", plan_id=plan.pk)


@staff_required("cases.view_treatmentplan")
def plan_list(request, case_id):
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("dog"),
                             pk=case_id)
    plans = case.treatment_plans.select_related("published_by", "created_by")
    return render(request, "cases/treatment/plan_list.html", {"case": case, "plans": plans})


@staff_required("cases.add_treatmentplan")
@require_POST
def plan_new(request, case_id):
    """Start a draft: a copy of the current plan to revise, or a first plan."""
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    try:
        plan = new_version(case, request.user)
    except PlanNotEditable as error:
        messages.error(request, str(error))
        return redirect("cases:plan_list", case_id=case.pk)
    return redirect("cases:plan_detail", plan_id=plan.pk)


@staff_required("cases.view_treatmentplan")
def plan_detail(request, plan_id):
    plan = _get_plan(request, plan_id)
    acknowledged = {ack.code for ack in plan.acknowledgements.all()}
    prompts = safety_prompts(plan) if plan.is_draft else []
    clinical = ClinicalSettings.load()
    return render(request, "cases/treatment/plan_detail.html", {
        "stable_check_days": clinical.trilostane_stable_check_days,
        "taper_ends_on": last_taper_day(plan), "taper_acth_days": clinical.taper_acth_check_days,
        "plan": plan, "case": plan.case, "dog": plan.case.dog,
        "prompts": [(p, p.code in acknowledged) for p in prompts],
        "waiting": [p for p in prompts if p.code not in acknowledged],
        "weight": plan.case.dog.latest_weight() if plan.is_draft else None,
        "dog_url": dog_page_url(plan.case.dog),
    })


@staff_required("cases.change_treatmentplan")
def plan_edit(request, plan_id):
    plan = _get_plan(request, plan_id)
    if not plan.is_draft:
        return _refuse(request, plan, PlanNotEditable(
            "A published plan cannot be changed. Revise it to make a new draft version."))
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_unless_stale(
                lambda: update_plan(form.instance, form.changed_data or ["goals"]))
        except PlanNotEditable as error:
            return _refuse(request, plan, error)
        if saved:
            messages.success(request, "Plan saved.")
            return redirect("cases:plan_detail", plan_id=plan.pk)
    return render(request, "cases/treatment/plan_form.html", {"plan": plan, "form": form})


@staff_required("cases.change_treatmentplan")
@require_POST
def plan_compose(request, plan_id):
    plan = _get_plan(request, plan_id)
    try:
        recompose_owner_text(plan)
    except PlanNotEditable as error:
        return _refuse(request, plan, error)
    messages.success(request, "Owner instructions composed from the clinic's wording: "
                              "read and edit them before publishing.")
    return redirect("cases:plan_edit", plan_id=plan.pk)


def _item_form(request, plan, item):
    dog = plan.case.dog
    weight = dog.latest_weight()
    form = PlanItemForm(request.POST or None, instance=item, dog=dog, weight_record=weight)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_unless_stale(lambda: save_item(form.save(commit=False), weight))
        except PlanNotEditable as error:
            return _refuse(request, plan, error)
        if saved:
            messages.success(request, "Item saved.")
            return redirect("cases:plan_detail", plan_id=plan.pk)
    return render(request, "cases/treatment/item_form.html", {
        "plan": plan, "form": form, "item": item, "weight": weight, "dog": dog,
        "dog_url": dog_page_url(dog),
    })


@staff_required("cases.add_planitem")
def item_add(request, plan_id):
    plan = _get_plan(request, plan_id)
    if not plan.is_draft:
        return _refuse(request, plan, "A published plan cannot be changed: revise it.")
    return _item_form(request, plan, PlanItem(plan=plan, kind=request.GET.get("kind", "other")))


@staff_required("cases.change_planitem")
def item_edit(request, plan_id, item_id):
    plan = _get_plan(request, plan_id)
    item = get_object_or_404(plan.items.all(), pk=item_id)
    if not plan.is_draft:
        return _refuse(request, plan, "A published plan cannot be changed: revise it.")
    return _item_form(request, plan, item)


@staff_required("cases.change_planitem")
@require_POST
def item_delete(request, plan_id, item_id):
    plan = _get_plan(request, plan_id)
    item = get_object_or_404(plan.items.all(), pk=item_id)
    try:
        delete_item(item)
    except PlanNotEditable as error:
        return _refuse(request, plan, error)
    messages.success(request, f"Removed {item.name}.")
    return redirect("cases:plan_detail", plan_id=plan.pk)


@staff_required("cases.publish_treatmentplan")
@require_POST
def plan_acknowledge(request, plan_id):
    plan = _get_plan(request, plan_id)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _refuse(request, plan, "Give the reason for going ahead.")
    try:
        acknowledge_prompt(plan, form.cleaned_data["code"], form.cleaned_data["reason"],
                           request.user)
    except (PlanNotEditable, PromptNotApplicable, ValueError) as error:
        return _refuse(request, plan, error)
    messages.success(request, "Acknowledged.")
    return redirect("cases:plan_detail", plan_id=plan.pk)


@staff_required("cases.publish_treatmentplan")
@require_POST
def plan_publish(request, plan_id):
    plan = _get_plan(request, plan_id)
    try:
        publish_plan(plan, request.user)
    except (PublishRefused, PlanNotEditable) as error:
        return _refuse(request, plan, error)
    messages.success(request, f"Version {plan.version} published: the owner now sees it.")
    return redirect("cases:plan_detail", plan_id=plan.pk)


@staff_required("cases.change_planitem")
@require_GET
def strength_options(request):
    """The plan item form's strength choices for the drug just chosen (htmx)."""
    return render(request, "cases/treatment/includes/strength_options.html", {
        "strengths": strengths_of(request.GET.get("drug")),
    })


@staff_required("cases.view_treatmentplan")
def care_sheet(request, plan_id):
    return care_sheet_service.care_sheet_page(request, _get_plan(request, plan_id),
                                              template="cases/treatment/care_sheet.html")


@staff_required("cases.view_treatmentplan")
def care_sheet_pdf(request, plan_id):
    """The same sheet as a PDF (WeasyPrint), built from local files only."""
    return care_sheet_service.care_sheet_pdf(_get_plan(request, plan_id))
