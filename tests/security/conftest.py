"""What the URL sweep needs to know: a value for every URL keyword argument.

Who may open each URL is not listed here: the sweep reads each view's declared access
(clinic/accounts/access.py) and the role permissions (clinic/accounts/roles.py).
`url_kwargs` gives, for every URL keyword argument used anywhere, a value that belongs to
OWNER A's records (so owner B must get 404 on portal URLs, never the record).
"""

import pytest

from clinic.lib.uploads import process_image
from tests.factories.patients import photo_upload
from tests.factories.scheduling import owner_a_schedule


def _give_photo(dog):
    photo = process_image(photo_upload())
    dog.photo.save(photo.content.name, photo.content, save=False)
    dog.photo_thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
    dog.save()


@pytest.fixture
def url_kwargs(owner_a, vet):
    from tests.factories.cases import CaseFactory, LesionPhotoFactory
    from tests.factories.portal import (
        DataExportFactory,
        HomeObservationFactory,
        HomeObservationPhotoFactory,
    )

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
        "export_uuid": DataExportFactory(owner=owner_a).public_id,
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
