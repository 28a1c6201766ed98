"""Staff-only text never reaches an owner: every portal page and the data export are
searched for markers planted in staff notes, drafts and internal fields."""

import io
import zipfile

import pytest
from django.urls import reverse

from cases.models import Case
from cases.services.observations import acknowledge_observation
from tests.factories.cases import CaseFactory
from tests.factories.portal import HomeObservationFactory
from tests.security.conftest import PUBLIC_URL_NAMES
from tests.security.test_url_sweep import ALL_URLS, build

pytestmark = pytest.mark.django_db

PORTAL_PAGES = [(name, kwargs) for name, kwargs in ALL_URLS
                if name.startswith("portal:") and name not in PUBLIC_URL_NAMES]


@pytest.fixture
def markers(owner_a, vet, url_kwargs):
    """Plant a distinct marker in every staff-only place on owner A's records."""
    dog = owner_a.dogs.get()
    owner_a.staff_notes = "MARKER-OWNER-STAFF-NOTE"
    owner_a.save()
    # Other areas' sweep records may already have opened the dog's case: reuse it.
    case = Case.objects.open().filter(dog=dog).first() or CaseFactory(
        dog=dog, attending_vet=vet
    )
    case.presenting_complaint = "MARKER-PRESENTING-COMPLAINT"
    case.cause_note = "MARKER-CAUSE-NOTE"
    case.diagnosis_code_display = "MARKER-DIAGNOSIS-CODE"
    case.save()
    urgent = HomeObservationFactory(dog=dog, case=case, lesion_trend="worse")
    acknowledge_observation(urgent, vet, "MARKER-ACKNOWLEDGEMENT-NOTE")
    return [
        "MARKER-OWNER-STAFF-NOTE", "MARKER-PRESENTING-COMPLAINT", "MARKER-CAUSE-NOTE",
        "MARKER-DIAGNOSIS-CODE", "MARKER-ACKNOWLEDGEMENT-NOTE",
    ]


def body_of(response):
    if response.get("Content-Type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return archive.read("summary.html").decode()
    if response.get("Content-Type", "").startswith(("text/", "application/json")):
        return response.content.decode()
    return ""


def test_the_markers_are_planted_where_staff_do_see_them(vet_client, markers):
    from cases.models import HomeObservation

    urgent = HomeObservation.objects.get(acknowledged_at__isnull=False)
    page = vet_client.get(reverse("cases:observation_detail", kwargs={"observation_id": urgent.pk}))
    assert "MARKER-ACKNOWLEDGEMENT-NOTE" in page.content.decode()


def test_the_walk_covers_the_portal():
    names = {name for name, _ in PORTAL_PAGES}
    assert {"portal:home", "portal:dog_detail", "portal:observation_detail",
            "portal:export", "portal:account"} <= names


@pytest.mark.parametrize(("name", "kwarg_names"), PORTAL_PAGES)
def test_no_portal_page_shows_staff_only_text(owner_a_client, url_kwargs, markers, name,
                                              kwarg_names):
    response = owner_a_client.get(build(name, kwarg_names, url_kwargs))
    body = body_of(response)
    for marker in markers:
        assert marker not in body, f"{marker} on {name}"


def test_the_export_has_the_owners_own_words_but_nothing_staff_only(owner_a_client, markers):
    response = owner_a_client.get(reverse("portal:export"))
    summary = body_of(response)
    assert "Bramble" in summary
    for marker in markers:
        assert marker not in summary
