"""Staff-only text never reaches an owner: a distinct marker is planted in every text field
of every model shown anywhere near the portal (unless the owner is meant to read that field),
and every portal page and the data export are searched for them.

A new text field on one of these models is planted automatically; one the owner should read
must be added to OWNER_READS on purpose.
"""

import io
import zipfile

import pytest
from django.db import models
from django.urls import reverse

from cases.models import (
    Biopsy,
    Case,
    ConsentRecord,
    Exam,
    ExamAddendum,
    FollowUp,
    HomeObservation,
    ImagingStudy,
    LabPanel,
    LabValue,
    LesionObservation,
    PlanItem,
    SafetyAcknowledgement,
    StudyImage,
    TreatmentPlan,
)
from cases.services.observations import acknowledge_observation
from clinic.accounts.access import OWNER
from clinic.patients.models import Dog, Owner
from clinic.scheduling.models import Appointment, AppointmentChangeRequest
from tests.factories.cases import AddendumFactory
from tests.factories.diagnostics import (
    ImagingStudyFactory,
    LabPanelFactory,
    add_value,
    reported_biopsy,
)
from tests.factories.portal import HomeObservationFactory, export_of, published_plan
from tests.factories.treatment import PlanItemFactory
from tests.security.test_url_sweep import ALL_URLS, VIEWS, build

pytestmark = pytest.mark.django_db

PORTAL_PAGES = [(name, kwargs) for name, kwargs in ALL_URLS
                if VIEWS[name].access and VIEWS[name].access.audience == OWNER]

# Every model an owner's pages are built near, and how its rows reach owner A's dog.
NEAR_THE_PORTAL = {
    Owner: "dogs", Dog: "id", Case: "dog", Exam: "case__dog",
    LesionObservation: "exam__case__dog", ExamAddendum: "exam__case__dog",
    Biopsy: "case__dog", ConsentRecord: "biopsy__case__dog", ImagingStudy: "case__dog",
    StudyImage: "study__case__dog", LabPanel: "case__dog", LabValue: "panel__case__dog",
    FollowUp: "case__dog", TreatmentPlan: "case__dog", PlanItem: "plan__case__dog",
    SafetyAcknowledgement: "plan__case__dog", HomeObservation: "dog", Appointment: "dog",
    AppointmentChangeRequest: "appointment__dog",
}


def _published(plan):
    return plan.status == TreatmentPlan.Status.PUBLISHED


# The text an owner is meant to read, with when: everything else on these models is
# staff-only and gets a marker.
OWNER_READS = {
    Owner: lambda owner: {"first_name", "last_name", "email", "phone", "address", "postcode"},
    Dog: lambda dog: {"name", "breed_other", "microchip", "colour"},
    # Results: the plain-words summary, once the vet shares it.
    Biopsy: lambda b: {"owner_summary"} if b.shared_with_owner else set(),
    ImagingStudy: lambda s: {"owner_summary"} if s.shared_with_owner else set(),
    LabPanel: lambda p: {"owner_summary"} if p.shared_with_owner else set(),
    # The published plan's care instructions and the tasks they schedule; never a draft's.
    TreatmentPlan: lambda plan: (
        {"owner_instructions", "owner_warning_signs"} if _published(plan) else set()
    ),
    PlanItem: lambda item: (
        {"description", "instructions", "area_note"} if _published(item.plan) else set()
    ),
    # The owner's own words.
    HomeObservation: lambda observation: {"new_lesions_where", "note"},
    AppointmentChangeRequest: lambda request: {"message"},
}
# Codes and hashes the software reads, not text anyone writes.
NOT_TEXT = {TreatmentPlan: {"acth_check_days", "owner_text_items_signature"},
            SafetyAcknowledgement: {"code"}}


def text_fields(model):
    return [field for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
            and field.name not in NOT_TEXT.get(model, ())]


def _records_of_every_kind(dog, vet):
    """Beside what the URL sweep made: an addendum, a shared and an unshared result of each
    kind, a published plan with a draft after it, an acknowledged safety prompt and home
    report."""
    case = Case.objects.open().get(dog=dog)
    AddendumFactory(exam=case.exams.first(), author=vet)
    for shared in (True, False):
        reported_biopsy(case, shared_with_owner=shared)
        ImagingStudyFactory(case=case, shared_with_owner=shared)
        add_value(LabPanelFactory(case=case, shared_with_owner=shared), "calcium", "2.9")
    TreatmentPlan.objects.filter(case=case).delete()
    published = published_plan(dog, vet)
    draft = PlanItemFactory(plan__case=case, plan__version=published.version + 1).plan
    SafetyAcknowledgement.objects.create(plan=draft, code="no_analgesia", message="Prompt.",
                                         reason="Reason.", acknowledged_by=vet)
    urgent = HomeObservationFactory(dog=dog, case=case, lesion_trend="worse")
    acknowledge_observation(urgent, vet, "acknowledged")


@pytest.fixture
def markers(owner_a, vet, url_kwargs):
    """{marker: "Model.field"} for every staff-only text on owner A's records."""
    dog = owner_a.dogs.get()
    _records_of_every_kind(dog, vet)
    planted = {}
    for model, to_dog in NEAR_THE_PORTAL.items():
        rows = model.objects.filter(**{to_dog: dog.pk}).distinct()
        assert rows.exists(), f"make a {model.__name__} for the marker walk"
        for row in rows:
            readable = OWNER_READS.get(model, lambda row: set())(row)
            values = {}
            for field in text_fields(model):
                if field.name not in readable:
                    marker = f"MKR{len(planted):03d}"
                    planted[marker] = f"{model.__name__}.{field.name}"
                    values[field.attname] = marker
            # Straight to the rows: signed exams and published plans refuse save().
            model.objects.filter(pk=row.pk).update(**values)
    return planted


def body_of(response):
    if response.get("Content-Type", "").startswith("application/zip"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read("summary.html").decode()
    if response.get("Content-Type", "").startswith(("text/", "application/json")):
        return response.content.decode()
    return ""


def leaks(body, markers):
    return sorted(where for marker, where in markers.items() if marker in body)


def test_markers_reach_every_staff_only_field_and_staff_do_see_them(vet_client, markers):
    planted = set(markers.values())
    for expected in ("Owner.staff_notes", "Case.presenting_complaint", "Exam.assessment",
                     "Biopsy.histopathology", "Biopsy.owner_summary", "ImagingStudy.impression",
                     "LabPanel.owner_summary", "TreatmentPlan.owner_instructions",
                     "PlanItem.description", "HomeObservation.acknowledgement_note"):
        assert expected in planted
    urgent = HomeObservation.objects.get(acknowledged_at__isnull=False)
    page = vet_client.get(reverse("cases:observation_detail", kwargs={"observation_id": urgent.pk}))
    assert urgent.acknowledgement_note in page.content.decode()


def test_the_walk_covers_the_portal():
    names = {name for name, _ in PORTAL_PAGES}
    assert {"portal:home", "portal:dog_detail", "portal:observation_detail",
            "portal:export_download", "portal:account", "portal:care_sheet"} <= names


@pytest.mark.parametrize(("name", "kwarg_names"), PORTAL_PAGES)
def test_no_portal_page_shows_staff_only_text(owner_a_client, url_kwargs, markers, name,
                                              kwarg_names):
    response = owner_a_client.get(build(name, kwarg_names, url_kwargs))
    assert leaks(body_of(response), markers) == [], name


def test_the_export_has_the_owners_own_words_but_nothing_staff_only(owner_a_client, markers):
    summary = export_of(owner_a_client).read("summary.html").decode()
    assert "Bramble" in summary
    assert leaks(summary, markers) == []
