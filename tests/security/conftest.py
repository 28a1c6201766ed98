"""What the URL sweep needs to know. Each area adds to these when it adds URLs.

- `url_kwargs`: for every URL keyword argument used anywhere, a value that belongs to
  OWNER A's records (so owner B must get 404 on portal URLs, never the record).
- PUBLIC_URL_NAMES: the views marked @login_not_required.
- EVERY_USER_URL_NAMES: pages for anyone logged in (password change, log out, and the
  root, which sends an owner on to the portal).
- RECEPTION_FORBIDDEN: staff URLs a receptionist must get 403 on (clinical notes …).
- SHARED_FILE_URL_NAMES: files both staff and the record's own owner may fetch (the dog's
  photo): owner A gets 200, owner B 404.
"""

import pytest

from clinic.lib.uploads import process_image
from tests.factories.patients import photo_upload
from tests.factories.scheduling import owner_a_schedule

PUBLIC_URL_NAMES = {
    "login",
    "healthz",
    "readyz",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "scheduling:owner_feed",
}

# Pages for every logged-in user, whatever the side.
EVERY_USER_URL_NAMES = {
    "dashboard", "home", "logout", "password_change", "password_change_done"}

RECEPTION_FORBIDDEN = {
    "patients:dog_deceased",
    # cases: reception sees the case list and status, never the clinical record
    "cases:case_create", "cases:case_edit", "cases:case_status", "cases:case_progress",
    "cases:case_history", "cases:exam_create", "cases:exam_detail", "cases:exam_edit",
    "cases:exam_sign_off", "cases:addendum_add", "cases:lesion_add", "cases:lesion_edit",
    "cases:lesion_delete", "cases:lesion_photo", "cases:lesion_photo_thumbnail",
    # home reports are clinical: vets read and acknowledge them
    "cases:observation_detail",
    "cases:observation_acknowledge",
    "cases:observation_reply",
    "cases:observation_photo",
    "cases:observation_photo_thumbnail",
}
PUBLIC_URL_NAMES |= {"portal:invitation_accept"}

SHARED_FILE_URL_NAMES = {"patients:dog_photo", "patients:dog_photo_thumbnail"}


def _give_photo(dog):
    photo = process_image(photo_upload())
    dog.photo.save(photo.content.name, photo.content, save=False)
    dog.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
    dog.save()

# Treatment plans are clinical: reception may neither edit nor read them (care sheet too).
RECEPTION_FORBIDDEN |= {
    "cases:plan_list", "cases:plan_new", "cases:plan_detail", "cases:plan_edit",
    "cases:plan_compose", "cases:plan_item_add", "cases:plan_item_edit",
    "cases:plan_item_delete", "cases:plan_acknowledge", "cases:plan_publish",
    "cases:care_sheet", "cases:care_sheet_pdf", "cases:steroid_list", "cases:steroid_edit",
    "cases:plan_strength_options",
}


# Diagnostics: clinical records and images are for vets only.
RECEPTION_FORBIDDEN |= {
    f"cases:{name}" for name in (
        "diagnostics", "biopsy_list", "biopsy_create", "biopsy_detail", "biopsy_edit",
        "consent_create", "consent_print", "consent_signature", "consent_scan",
        "biopsy_collect", "biopsy_send", "biopsy_report", "biopsy_report_pdf", "biopsy_cancel",
        "biopsy_confirm_case", "study_list", "study_create", "study_detail", "study_edit",
        "study_image", "study_thumbnail", "study_original", "lab_panel_list",
        "lab_panel_create", "lab_trends", "lab_panel_detail", "lab_panel_edit",
    )
}


@pytest.fixture
def url_kwargs(owner_a, vet):
    from tests.factories.cases import CaseFactory, LesionPhotoFactory
    from tests.factories.portal import HomeObservationFactory, HomeObservationPhotoFactory

    dog = owner_a.dogs.get()
    _give_photo(dog)
    photo = LesionPhotoFactory(lesion__exam__case=CaseFactory(dog=dog, attending_vet=vet))
    exam = photo.lesion.exam
    observation = HomeObservationFactory(dog=dog, case=exam.case)
    observation_photo = HomeObservationPhotoFactory(observation=observation)
    return {
        # Django's own password-reset link
        "uidb64": "MQ",
        "token": "set-password",
        # patients
        "owner_id": owner_a.pk,
        "dog_id": dog.pk,
        "dog_uuid": dog.public_id,
        # cases
        "case_id": exam.case_id,
        "exam_id": exam.pk,
        "lesion_id": photo.lesion_id,
        "photo_id": photo.pk,
        # treatment plans (a draft, so its editing pages open)
        **_treatment_kwargs(dog, vet),
        # scheduling
        **owner_a_schedule(owner_a, vet),
        # diagnostics (on the same case)
        **_diagnostics_of(dog, vet),
        # owners' home reports (cases) and the portal
        "observation_id": observation.pk,
        "observation_uuid": observation.public_id,
        "observation_photo_id": observation_photo.pk,
        "photo_uuid": observation_photo.public_id,
    }


def _treatment_kwargs(dog, vet):
    from cases.models import Case, SteroidCourse
    from tests.factories.cases import CaseFactory
    from tests.factories.treatment import PlanItemFactory

    # The dog's one open case (the cases area may have made it already).
    case = Case.objects.filter(dog=dog).first() or CaseFactory(dog=dog, attending_vet=vet)
    item = PlanItemFactory(plan__case=case)
    course = SteroidCourse.objects.create(case=case, drug="Prednisolone", route="oral",
                                          started_on=case.opened_on, recorded_by=vet)
    return {"case_id": item.plan.case_id, "plan_id": item.plan_id, "item_id": item.pk,
            "course_id": course.pk}


def _diagnostics_of(dog, vet):
    """A case of owner A's dog with a reported biopsy (consent, signature, scan, PDF),
    an X-ray study with a DICOM image, and a lab panel."""
    from cases.models import Case
    from tests.factories.diagnostics import (
        CaseFactory,
        ImagingStudyFactory,
        LabPanelFactory,
        add_images,
        reported_biopsy,
    )

    case = Case.objects.filter(dog=dog).first() or CaseFactory(dog=dog, attending_vet=vet)
    study = ImagingStudyFactory(case=case)
    return {
        "case_id": case.pk,
        "biopsy_id": reported_biopsy(case).pk,
        "study_id": study.pk,
        "image_id": add_images(study, png=0, dicom=1)[0].pk,
        "panel_id": LabPanelFactory(case=case).pk,
    }
