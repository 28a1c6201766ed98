"""Factories for the portal and owners' home reports."""


import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import HomeObservation, HomeObservationPhoto, LesionTrend
from clinic.lib.uploads import process_image
from clinic.portal.models import CareTaskTick, DeletionRequest, Invitation
from tests.factories.images import png_bytes
from tests.factories.patients import DogFactory


def png_upload(name="lesion.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


class HomeObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeObservation

    dog = factory.SubFactory(DogFactory)
    reported_by = factory.LazyAttribute(lambda o: o.dog.owner.user)
    observed_on = factory.LazyFunction(timezone.localdate)
    lesion_trend = LesionTrend.SAME
    itch_score = 2
    appetite = "normal"


class HomeObservationPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeObservationPhoto
        skip_postgeneration_save = True

    observation = factory.SubFactory(HomeObservationFactory)
    width = 60
    height = 40

    @factory.post_generation
    def files(photo, create, extracted, **kwargs):
        image = process_image(png_upload())
        photo.image.save(image.content.name, image.content, save=False)
        photo.thumbnail.save(image.thumbnail.name, image.thumbnail, save=False)
        if create:
            photo.save()


def give_dog_a_photo(dog):
    image = process_image(png_upload("dog.png"))
    dog.photo.save(image.content.name, image.content, save=False)
    dog.photo_thumbnail.save(image.thumbnail.name, image.thumbnail, save=False)
    dog.save()
    return dog


def issue_invitation(owner, created_by=None, **changes):
    """(invitation, token); `changes` are saved on the invitation, e.g. expires_at."""
    invitation, token = Invitation.issue(owner, created_by)
    for field, value in changes.items():
        setattr(invitation, field, value)
    if changes:
        invitation.save()
    return invitation, token


class CareTaskTickFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareTaskTick

    dog = factory.SubFactory(DogFactory)
    owner = factory.LazyAttribute(lambda o: o.dog.owner)
    task_key = "task-1"


class DeletionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeletionRequest


def published_plan(dog, vet, **plan_fields):
    """A published plan on `dog`'s open case with one twice-daily task (from today)."""
    from cases.models import Case, TreatmentPlan
    from tests.factories.cases import CaseFactory
    from tests.factories.treatment import PlanItemFactory, TreatmentPlanFactory

    case = Case.objects.open().filter(dog=dog).first() or CaseFactory(
        dog=dog, attending_vet=vet
    )
    plan = TreatmentPlanFactory(
        case=case, status=TreatmentPlan.Status.PUBLISHED, published_at=timezone.now(),
        published_by=vet, **plan_fields,
    )
    PlanItemFactory(plan=plan, kind="hygiene", description="Clean the lesions", frequency="bid")
    return plan
