from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from cases.models import Case, Exam, ExamAddendum, LesionObservation, LesionPhoto
from cases.models.sites import BodySite
from clinic.lib.uploads import process_image
from tests.factories.accounts import VetFactory
from tests.factories.patients import DogFactory, photo_upload
from tests.factories.sites import main_site


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    dog = factory.SubFactory(DogFactory)
    attending_vet = factory.SubFactory(VetFactory)
    attending_site = factory.LazyFunction(main_site)
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=120))
    presenting_complaint = "Firm gritty plaques on the dorsal neck"
    suspected_cause = "hyperadrenocorticism"


class ExamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exam

    case = factory.SubFactory(CaseFactory)
    vet = factory.LazyAttribute(lambda exam: exam.case.attending_vet)
    examined_on = factory.LazyFunction(timezone.localdate)
    subjective = "Owner reports less scratching."
    assessment = "Lesions stable."


class LesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LesionObservation

    exam = factory.SubFactory(ExamFactory)
    site = BodySite.DORSAL_NECK
    lesion_count = 3
    largest_diameter_mm = Decimal("18.5")


class LesionPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LesionPhoto

    lesion = factory.SubFactory(LesionFactory)
    uploaded_by = factory.LazyAttribute(lambda photo: photo.lesion.exam.vet)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        photo = model_class(*args, **kwargs)
        image = process_image(photo_upload("lesion.jpg"))
        photo.photo.save(image.content.name, image.content, save=False)
        photo.thumbnail.save(image.thumbnail.name, image.thumbnail, save=False)
        photo.save()
        return photo


def sign(exam, by=None):
    """Sign an exam off directly (tests of what happens after sign-off)."""
    exam.signed_off_at = timezone.now()
    exam.signed_off_by = by or exam.vet
    exam.save()
    return exam


class AddendumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExamAddendum

    exam = factory.SubFactory(ExamFactory)
    author = factory.LazyAttribute(lambda addendum: addendum.exam.vet)
    reason = "Wrong site recorded"
    text = "The plaque was on the right axilla, not the left."
