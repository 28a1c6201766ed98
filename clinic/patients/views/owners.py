from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clinic.accounts.access import staff_required
from clinic.patients import services
from clinic.patients.forms import DogForm, OwnerForm
from clinic.patients.models import Dog, Owner
from clinic.patients.views.dogs import save_dog_form


def get_owner_for(user, owner_id):
    return get_object_or_404(Owner.objects.visible_to(user), pk=owner_id)


def _register_for_existing(request, dog_form):
    """The receptionist picked a likely match: the dog typed joins that owner."""
    owner_id = request.POST["use_owner"]
    owner = get_object_or_404(Owner.objects.visible_to(request.user).filter(
        archived_at__isnull=True), pk=owner_id if owner_id.isdigit() else None)
    dog_form.instance.owner = owner
    if dog_form.is_valid() and save_dog_form(dog_form):
        messages.success(request, f"{dog_form.instance} is registered to {owner}.")
        return redirect("patients:dog", dog_id=dog_form.instance.pk)
    return None


@staff_required(("patients.add_owner", "patients.add_dog"))
def register(request):
    """A new owner and their first dog, in one form and one transaction. An owner the
    clinic may know already (same name, phone or e-mail) is named first: the dog can join
    them, or a new owner is registered anyway (a deliberate second submit)."""
    owner_form = OwnerForm(request.POST or None, prefix="owner")
    dog_form = DogForm(request.POST or None, request.FILES or None, prefix="dog")
    if request.method == "POST" and request.POST.get("use_owner"):
        done = _register_for_existing(request, dog_form)
        if done:
            return done
    # Validate both forms, so every error on the page shows at once.
    valid = all([owner_form.is_valid(), dog_form.is_valid()])
    duplicates = []
    if request.method == "POST" and valid and not request.POST.get("create_anyway"):
        duplicates = [
            (other, owner_form.instance.shared_details(other))
            for other in Owner.objects.visible_to(request.user).likely_duplicates(
                owner_form.instance).prefetch_related("dogs")
        ]
        valid = not duplicates
    if request.method == "POST" and valid:
        dog = dog_form.instance
        if save_dog_form(
            dog_form,
            lambda: services.register_owner_with_dog(
                owner_form.instance, dog, dog_form.cleaned_data.get("photo")
            ),
        ):
            messages.success(request, f"{owner_form.instance} and {dog} are registered.")
            return redirect("patients:dog", dog_id=dog.pk)
    return render(request, "patients/register.html", {
        "owner_form": owner_form, "dog_form": dog_form, "duplicates": duplicates,
    })


@staff_required("patients.view_owner")
def owner_detail(request, owner_id):
    owner = get_owner_for(request.user, owner_id)
    dogs = Dog.objects.visible_to(request.user).filter(owner=owner).select_related("breed")
    return render(request, "patients/owner_detail.html", {"owner": owner, "dogs": dogs})


@staff_required("patients.change_owner")
def owner_edit(request, owner_id):
    owner = get_owner_for(request.user, owner_id)
    form = OwnerForm(request.POST or None, instance=owner)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, f"{owner}'s details are saved.")
        return redirect("patients:owner", owner_id=owner.pk)
    return render(request, "patients/owner_form.html", {"owner": owner, "form": form})


@staff_required("patients.change_owner")
@require_POST
def owner_archive(request, owner_id):
    owner = get_owner_for(request.user, owner_id)
    if request.POST.get("restore"):
        services.restore_owner(owner)
        messages.success(request, f"{owner} is back on the active list.")
    else:
        services.archive_owner(owner)
        messages.success(request, f"{owner} and their dogs are archived; every record is kept.")
    return redirect("patients:owner", owner_id=owner.pk)


@staff_required(("patients.add_dog",))
def dog_add(request, owner_id):
    owner = get_owner_for(request.user, owner_id)
    form = DogForm(request.POST or None, request.FILES or None, instance=Dog(owner=owner))
    if request.method == "POST" and form.is_valid() and save_dog_form(form):
        messages.success(request, f"{form.instance} is registered.")
        return redirect("patients:dog", dog_id=form.instance.pk)
    return render(request, "patients/dog_form.html", {"owner": owner, "form": form})
