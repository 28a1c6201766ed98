"""Owners tell the vet how their dog is doing at home."""

from django.shortcuts import redirect, render

from cases.services.observations import record_home_observation
from clinic.accounts.access import owner_required
from clinic.lib.uploads import serve_private_file
from clinic.portal import access
from clinic.portal.forms import HomeObservationForm


@owner_required
def observation_new(request, dog_uuid):
    dog = access.get_dog_for(request.user, dog_uuid)
    form = HomeObservationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in HomeObservationForm.Meta.fields}
        observation = record_home_observation(
            dog, request.user, images=form.cleaned_data["photos"], **fields
        )
        return redirect("portal:observation_detail", observation_uuid=observation.public_id)
    return render(request, "portal/observation_form.html", {"dog": dog, "form": form})


@owner_required
def observation_detail(request, observation_uuid):
    observation = access.get_observation_for(request.user, observation_uuid)
    return render(request, "portal/observation_detail.html", {
        "observation": observation,
        "dog": observation.dog,
        "photos": observation.photos.all(),
        "replies": observation.replies.select_related("author"),
    })


@owner_required
def observation_photo(request, photo_uuid):
    photo = access.get_observation_photo_for(request.user, photo_uuid)
    return serve_private_file(photo.image)


@owner_required
def observation_photo_thumbnail(request, photo_uuid):
    photo = access.get_observation_photo_for(request.user, photo_uuid)
    return serve_private_file(photo.thumbnail)
