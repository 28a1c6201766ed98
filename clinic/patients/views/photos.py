"""The dog's photo, for staff and for the dog's own owner (the portal shows it too).

Deliberately not staff-only (declared staff_or_owner): the dog is fetched through
Dog.objects.visible_to, which lets staff and the dog's owner through and answers 404 to
every other owner.
"""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from clinic.accounts.access import staff_or_owner
from clinic.lib.uploads import serve_private_file
from clinic.patients.models import Dog


def _dog(request, dog_uuid):
    return get_object_or_404(Dog.objects.visible_to(request.user), public_id=dog_uuid)


@staff_or_owner("patients.view_dog")
@require_GET
def dog_photo(request, dog_uuid):
    dog = _dog(request, dog_uuid)
    return serve_private_file(dog.photo, download_name=f"{dog.name}-photo")


@staff_or_owner("patients.view_dog")
@require_GET
def dog_photo_thumbnail(request, dog_uuid):
    dog = _dog(request, dog_uuid)
    return serve_private_file(dog.photo_thumbnail, download_name=f"{dog.name}-thumbnail")
