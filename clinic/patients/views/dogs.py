from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from clinic.accounts.access import staff_required
from clinic.lib import charts
from clinic.lib.concurrency import StaleRecordError
from clinic.patients import services
from clinic.patients.forms import DeceasedForm, DogForm, WeightForm
from clinic.patients.models import Dog
from clinic.patients.sections import dog_sections


def get_dog_for(user, dog_id):
    dogs = Dog.objects.visible_to(user).select_related("owner", "breed")
    return get_object_or_404(dogs, pk=dog_id)


def save_dog_form(form, save=None):
    """Run the save (by default: the form's dog with its photo); a microchip taken by
    another dog in the meantime, or a change saved by someone else since the form was opened,
    becomes an error on the form. True when saved."""
    try:
        if save:
            save()
        else:
            services.save_dog(form.instance, form.cleaned_data.get("photo"))
    except services.DuplicateMicrochip:
        form.add_error("microchip", Dog.objects.microchip_taken_message(
            form.instance.microchip, exclude_pk=form.instance.pk))
        return False
    except StaleRecordError as error:
        form.show_conflict(error)
        return False
    return True


def weight_chart_spec(weights):
    """Chart data (clinic/lib/charts.py) for a dog's weights, each at its date."""
    ordered = sorted(weights, key=lambda w: (w.recorded_on, w.pk))
    return charts.chart(
        [charts.line("Weight (kg)", [(w.recorded_on, float(w.weight_kg)) for w in ordered])],
        y_label="kg",
    )


def weights_context(dog, form=None):
    weights = list(dog.weights.select_related("recorded_by"))
    return {
        "dog": dog,
        "weights": weights,
        "weight_chart": weight_chart_spec(weights) if len(weights) > 1 else None,
        "weight_form": form or WeightForm(),
    }


def rendered_sections(request, dog):
    """The sections other apps add to the dog page, each rendered with its own context."""
    return [
        (section, render_to_string(section.template, {**context, "dog": dog}, request=request))
        for section, context in dog_sections(dog, request.user)
    ]


@staff_required("patients.view_dog")
def dog_detail(request, dog_id, weight_form=None):
    dog = get_dog_for(request.user, dog_id)
    context = {
        **weights_context(dog, weight_form),
        "sections": rendered_sections(request, dog),
        "other_dogs": dog.owner.dogs.exclude(pk=dog.pk).filter(archived_at__isnull=True),
    }
    return render(request, "patients/dog_detail.html", context)


@staff_required("patients.change_dog")
def dog_edit(request, dog_id):
    dog = get_dog_for(request.user, dog_id)
    form = DogForm(request.POST or None, request.FILES or None, instance=dog)
    if request.method == "POST" and form.is_valid() and save_dog_form(form):
        messages.success(request, f"{dog}'s details are saved.")
        return redirect("patients:dog", dog_id=dog.pk)
    return render(request, "patients/dog_form.html", {"dog": dog, "owner": dog.owner, "form": form})


@staff_required("patients.add_weightrecord")
@require_POST
def weight_add(request, dog_id):
    """Record a weight from the dog page (htmx: answers with the weights panel)."""
    dog = get_dog_for(request.user, dog_id)
    form = WeightForm(request.POST, instance=dog.weights.model(dog=dog, recorded_by=request.user))
    saved = form.is_valid()
    if saved:
        form.save()
    if request.htmx:
        fresh = None if saved else form
        return render(request, "patients/includes/weights.html", weights_context(dog, fresh))
    if saved:
        messages.success(request, f"Weight recorded: {form.instance}.")
        return redirect("patients:dog", dog_id=dog.pk)
    return dog_detail(request, dog_id, weight_form=form)


@staff_required("patients.mark_dog_deceased")
def dog_deceased(request, dog_id):
    dog = get_dog_for(request.user, dog_id)
    form = DeceasedForm(request.POST or None, instance=dog)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{dog} is recorded as deceased.")
        return redirect("patients:dog", dog_id=dog.pk)
    return render(request, "patients/dog_deceased.html", {"dog": dog, "form": form})


@staff_required("patients.change_dog")
def dog_archive(request, dog_id):
    """GET: explain archiving (and deleting, for a dog registered by mistake); POST: archive
    or restore."""
    dog = get_dog_for(request.user, dog_id)
    if request.method == "POST":
        if request.POST.get("restore"):
            services.restore_dog(dog)
            messages.success(request, f"{dog} is back on the active list.")
        else:
            services.archive_dog(dog)
            messages.success(request, f"{dog} is archived; every record is kept.")
        return redirect("patients:dog", dog_id=dog.pk)
    kinds = services.clinical_record_kinds(dog)
    return render(request, "patients/dog_archive.html", {"dog": dog, "record_kinds": kinds})


@staff_required("patients.delete_dog")
@require_POST
def dog_delete(request, dog_id):
    dog = get_dog_for(request.user, dog_id)
    try:
        services.delete_dog(dog)
    except services.DogHasClinicalRecords as refusal:
        return render(
            request, "patients/dog_archive.html",
            {"dog": dog, "record_kinds": refusal.kinds, "delete_refused": True}, status=409,
        )
    messages.success(request, f"{dog} was deleted.")
    return redirect("patients:owner", owner_id=dog.owner_id)
