"""What the URL sweep needs to know. Each area adds to these when it adds URLs.

- `url_kwargs`: for every URL keyword argument used anywhere, a value that belongs to
  OWNER A's records (so owner B must get 404 on portal URLs, never the record).
- PUBLIC_URL_NAMES: the views marked @login_not_required.
- EVERY_USER_URL_NAMES: pages for anyone logged in (password change, log out).
- RECEPTION_FORBIDDEN: staff URLs a receptionist must get 403 on (clinical notes …).
"""

import pytest

PUBLIC_URL_NAMES = {
    "login",
    "healthz",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

# Pages for every logged-in user, whatever the side.
EVERY_USER_URL_NAMES = {"home", "logout", "password_change", "password_change_done"}

RECEPTION_FORBIDDEN = {
    # home reports are clinical: vets read and acknowledge them
    "cases:observation_detail",
    "cases:observation_acknowledge",
    "cases:observation_photo",
    "cases:observation_photo_thumbnail",
}
PUBLIC_URL_NAMES |= {"portal:invitation_accept"}


@pytest.fixture
def url_kwargs(owner_a, vet):
    from tests.factories.portal import (
        HomeObservationFactory,
        HomeObservationPhotoFactory,
        give_dog_a_photo,
    )

    dog = give_dog_a_photo(owner_a.dogs.get())
    observation = HomeObservationFactory(dog=dog)
    photo = HomeObservationPhotoFactory(observation=observation)
    return {
        # Django's own password-reset link
        "uidb64": "MQ",
        "token": "set-password",
        # patients
        "owner_id": owner_a.pk,
        "dog_id": dog.pk,
        "dog_uuid": dog.public_id,
        # home reports (cases) and the portal
        "observation_id": observation.pk,
        "observation_uuid": observation.public_id,
        "photo_id": photo.pk,
        "photo_uuid": photo.public_id,
    }
