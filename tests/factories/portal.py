"""Factories for the portal and owners' home reports."""


import io
import zipfile
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from cases.models import HomeObservation, HomeObservationPhoto, LesionTrend
from clinic.lib.uploads import process_image
from clinic.portal.models import CareTaskTick, DataExport, DeletionRequest, Invitation
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


def zip_bytes(files=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (files or {"summary.html": "<p>Alice Owner</p>"}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


class DataExportFactory(factory.django.DjangoModelFactory):
    """A ready export with a small zip in storage (`archive=<bytes>` for other contents);
    with `status=DataExport.Status.REQUESTED` one still being prepared, without a zip."""

    class Meta:
        model = DataExport
        skip_postgeneration_save = True

    owner = factory.SubFactory("tests.factories.patients.OwnerFactory")
    status = DataExport.Status.READY
    finished_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.finished_at + timedelta(days=7))

    @factory.post_generation
    def archive(export, create, extracted, **kwargs):
        if extracted is None and export.status != DataExport.Status.READY:
            return
        export.archive.save("my-data.zip", ContentFile(extracted or zip_bytes()), save=create)


def stored_zip(export):
    """The zip a finished export holds in storage."""
    with export.archive.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def export_of(client):
    """Ask for the owner's data as the account page does, let the task build it (the tests'
    immediate queue), and download it: the zip."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(reverse("portal:export_request")).status_code == 302
    export = DataExport.objects.latest("requested_at")
    assert export.status == DataExport.Status.READY
    response = client.get(reverse("portal:export_download",
                                  kwargs={"export_uuid": export.public_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


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
