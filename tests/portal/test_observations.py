"""Owners report how their dog is doing; urgent and priority reports reach the attending vet."""

import posixpath
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import HomeObservation, HomeObservationPhoto
from cases.services.observations import (
    DASHBOARD_REPORTS,
    acknowledge_observation,
    reports_awaiting_vet,
)
from cases.timeline import case_timeline
from tests.factories.cases import CaseFactory
from tests.factories.images import png_bytes, png_declaring
from tests.factories.portal import (
    HomeObservationFactory,
    HomeObservationPhotoFactory,
    png_upload,
    published_plan,
)
from tests.factories.treatment import PlanItemFactory, trilostane

pytestmark = pytest.mark.django_db


def report_url(dog):
    return reverse("portal:observation_new", kwargs={"dog_uuid": dog.public_id})


def answers(**changes):
    data = {
        "observed_on": timezone.localdate().isoformat(),
        "lesion_trend": "same",
        "new_lesions": "no",
        "new_lesions_where": "",
        "itch_score": "2",
        "appetite": "normal",
        "note": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def dog(owner_a):
    return owner_a.dogs.get()


def test_a_calm_report_is_stored_and_thanked_for(owner_a_client, dog):
    response = owner_a_client.post(report_url(dog), answers(note="Eating well."), follow=True)
    observation = HomeObservation.objects.get()
    assert observation.dog == dog
    assert not observation.is_urgent
    assert b"Thank you" in response.content
    assert b"Please call the clinic now" not in response.content


def on_trilostane(dog, vet, **item):
    plan = published_plan(dog, vet)
    PlanItemFactory(plan=plan, kind="underlying_cause", drug=trilostane(), frequency="sid",
                    description="", **item)
    return plan


CALL_NOW = b"Please call the clinic now"
STOP_AND_CALL = b"Stop the trilostane and call the clinic now"
SLOW_CHANGE = b"Slow change is normal"


@pytest.mark.parametrize("changes", [
    {"pain_signs": ["licking_lesion"]},
    {"appetite": "not_eating"},
    {"appetite": "reduced"},
    {"signs": ["vomiting"]},
    {"signs": ["diarrhoea"]},
    {"signs": ["lethargy"]},
    {"signs": ["weakness"]},
    {"signs": ["collapse"]},
    {"signs": ["fever"]},  # domain.md: "has a fever" is a reason to call at once
    {"signs": ["lesion_bleeding_or_pus"]},
    {"signs": ["drinking_change"]},
    {"lesion_trend": "worse", "signs": ["lesion_bleeding_or_pus"]},
    {"lesion_trend": "worse", "pain_signs": ["guarding"]},
])
def test_signs_that_need_a_call_tell_the_owner_to_call(owner_a_client, dog, changes):
    response = owner_a_client.post(report_url(dog), answers(**changes), follow=True)
    observation = HomeObservation.objects.get()
    assert observation.triage == "urgent"
    assert CALL_NOW in response.content
    assert b'href="tel:+442079460000"' in response.content
    assert SLOW_CHANGE not in response.content
    assert b"Do not give the next dose" not in response.content  # not on trilostane


@pytest.mark.parametrize("changes", [
    {"signs": ["vomiting"]}, {"signs": ["diarrhoea"]}, {"signs": ["lethargy"]},
    {"signs": ["weakness"]}, {"signs": ["collapse"]}, {"appetite": "reduced"},
    {"appetite": "not_eating"},
])
def test_on_trilostane_its_adverse_signs_mean_stop_the_dose_and_call(
    owner_a_client, vet, dog, changes
):
    on_trilostane(dog, vet)
    response = owner_a_client.post(report_url(dog), answers(**changes), follow=True)
    observation = HomeObservation.objects.get()
    assert observation.is_urgent
    assert observation.adrenal_suppressant == "Trilostane"
    assert observation.stop_dose
    assert STOP_AND_CALL in response.content
    assert b"Do not give the next dose of trilostane" in response.content
    assert SLOW_CHANGE not in response.content


def test_on_trilostane_a_bleeding_lesion_is_a_call_but_not_a_reason_to_stop(
    owner_a_client, vet, dog
):
    on_trilostane(dog, vet)
    response = owner_a_client.post(
        report_url(dog), answers(signs=["lesion_bleeding_or_pus"]), follow=True
    )
    assert HomeObservation.objects.get().is_urgent
    assert CALL_NOW in response.content
    assert b"Do not give the next dose" not in response.content


def test_a_finished_trilostane_course_is_not_stopped_again(owner_a_client, vet, dog):
    today = timezone.localdate()
    on_trilostane(dog, vet, start_date=today - timedelta(days=30),
                  end_date=today - timedelta(days=1))
    owner_a_client.post(report_url(dog), answers(signs=["vomiting"]))
    observation = HomeObservation.objects.get()
    assert observation.is_urgent
    assert not observation.stop_dose


@pytest.mark.parametrize("changes", [
    {"lesion_trend": "worse"},
    {"new_lesions": "yes", "new_lesions_where": "Left flank"},
])
def test_worse_looking_or_new_lesions_alone_are_a_priority_review_not_a_call(
    owner_a_client, dog, changes
):
    response = owner_a_client.post(report_url(dog), answers(**changes), follow=True)
    assert HomeObservation.objects.get().triage == "priority_review"
    assert CALL_NOW not in response.content
    assert b"A vet will look at your report as a priority" in response.content
    assert SLOW_CHANGE not in response.content


def test_photos_go_through_the_upload_pipeline(owner_a_client, dog):
    photos = [png_upload("a.png"), png_upload("b.png"), png_upload("c.png")]
    owner_a_client.post(report_url(dog), {**answers(), "photos": photos})
    stored = HomeObservationPhoto.objects.all()
    assert stored.count() == 3
    for photo in stored:
        assert re.fullmatch(r"[0-9a-f]{32}\.png", posixpath.basename(photo.image.name))
        assert photo.thumbnail.name.endswith("_thumb.jpg")


def test_the_report_attaches_to_the_open_case(owner_a_client, dog):
    case = CaseFactory(dog=dog)
    owner_a_client.post(report_url(dog), answers())
    assert HomeObservation.objects.get().case == case


def test_without_an_open_case_the_report_stands_alone(owner_a_client, dog):
    owner_a_client.post(report_url(dog), answers())
    assert HomeObservation.objects.get().case is None


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"observed_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "observed_on",
     "cannot be in the future"),
    ({"lesion_trend": ""}, "lesion_trend", "This field is required"),
    ({"lesion_trend": "gone"}, "lesion_trend", "Select a valid choice"),
    ({"new_lesions": "yes"}, "new_lesions_where", "say where the new lesions are"),
    ({"itch_score": "11"}, "itch_score", "Select a valid choice"),
    ({"pain_signs": ["sneezing"]}, "pain_signs", "Select a valid choice"),
    ({"signs": ["sneezing"]}, "signs", "Select a valid choice"),
    ({"appetite": ""}, "appetite", "This field is required"),
])
def test_bad_answers_are_refused_next_to_their_field(owner_a_client, dog, changes, field,
                                                     message):
    response = owner_a_client.post(report_url(dog), answers(note="Keep me", **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert b"Keep me" in response.content  # nothing typed is lost
    assert not HomeObservation.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("lesion.png", b"<!doctype html><script>alert(1)</script>", "not a JPEG or PNG"),
    ("lesion.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
     "not a JPEG or PNG"),
    ("lesion.png", png_bytes()[:-30], "damaged or incomplete"),
    ("bomb.png", png_declaring(20_000, 20_000), "megapixels"),
])
def test_hostile_photos_are_refused(owner_a_client, dog, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = owner_a_client.post(report_url(dog), {**answers(), "photos": [upload]})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["photos"])
    assert not HomeObservation.objects.exists()
    assert not HomeObservationPhoto.objects.exists()


def test_an_oversize_photo_is_refused(settings, owner_a_client, dog):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1000  # the portal has its own limit
    response = owner_a_client.post(
        report_url(dog), {**answers(), "photos": [png_upload(size=(600, 600))]}
    )
    assert "the limit is" in " ".join(response.context["form"].errors["photos"])
    assert not HomeObservation.objects.exists()


def test_four_photos_are_one_too_many(owner_a_client, dog):
    photos = [png_upload(f"{n}.png") for n in range(4)]
    response = owner_a_client.post(report_url(dog), {**answers(), "photos": photos})
    assert "at most 3 images" in " ".join(response.context["form"].errors["photos"])
    assert not HomeObservation.objects.exists()


def test_the_owner_sees_their_photo_and_another_owner_gets_404(
    owner_a_client, owner_b_client, dog
):
    photo = HomeObservationPhotoFactory(observation__dog=dog)
    for name in ("portal:observation_photo", "portal:observation_photo_thumbnail"):
        url = reverse(name, kwargs={"photo_uuid": photo.public_id})
        response = owner_a_client.get(url)
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == "sandbox"
        assert owner_b_client.get(url).status_code == 404


def test_vets_see_report_photos_and_reception_does_not(vet_client, reception_client, dog):
    photo = HomeObservationPhotoFactory(observation__dog=dog)
    url = reverse("cases:observation_photo", kwargs={"observation_photo_id": photo.pk})
    assert vet_client.get(url).status_code == 200
    assert reception_client.get(url).status_code == 403


def test_reports_wait_on_the_attending_vets_dashboard_urgent_first(vet, vet2, client_for, dog):
    case = CaseFactory(dog=dog, attending_vet=vet)
    review = HomeObservationFactory(dog=dog, case=case, lesion_trend="worse")
    urgent = HomeObservationFactory(dog=dog, case=case, signs=["collapse"])
    HomeObservationFactory(dog=dog, case=case)  # calm: never on the dashboard
    assert list(reports_awaiting_vet(vet)) == [urgent, review]
    assert list(reports_awaiting_vet(vet2)) == []
    page = client_for(vet).get(reverse("dashboard")).content.decode()
    assert "Owner reports awaiting a vet (2)" in page
    assert page.index("Collapsed or fainted") < page.index("Lesions look worse")
    assert page.index(">Urgent<") < page.index(">Priority review<")
    assert "Owner reports awaiting a vet" not in (
        client_for(vet2).get(reverse("dashboard")).content.decode()
    )


def test_the_dashboard_lists_the_most_urgent_reports_and_says_more_are_waiting(
        vet, client_for, dog):
    case = CaseFactory(dog=dog, attending_vet=vet)
    HomeObservationFactory.create_batch(DASHBOARD_REPORTS, dog=dog, case=case,
                                        lesion_trend="worse")
    page = client_for(vet).get(reverse("dashboard")).content.decode()
    assert f"Owner reports awaiting a vet ({DASHBOARD_REPORTS})" in page
    assert "More reports are waiting" not in page

    urgent = HomeObservationFactory(dog=dog, case=case, signs=["collapse"])
    page = client_for(vet).get(reverse("dashboard")).content.decode()
    assert f"Owner reports awaiting a vet ({DASHBOARD_REPORTS}+)" in page
    assert page.count(">Priority review<") == DASHBOARD_REPORTS - 1
    assert f"observations/{urgent.pk}/" in page  # the urgent one is never the one left out
    assert "More reports are waiting" in page


def test_the_dashboard_says_when_the_owner_was_told_to_stop_trilostane(vet, client_for, dog):
    case = CaseFactory(dog=dog, attending_vet=vet)
    HomeObservationFactory(dog=dog, case=case, signs=["vomiting"],
                           adrenal_suppressant="Trilostane")
    page = client_for(vet).get(reverse("dashboard"))
    assert b"Owner told to stop trilostane" in page.content


def test_a_report_without_a_case_reaches_every_vet(vet, vet2, dog):
    urgent = HomeObservationFactory(dog=dog, appetite="not_eating")
    assert list(reports_awaiting_vet(vet)) == [urgent]
    assert list(reports_awaiting_vet(vet2)) == [urgent]


def test_reception_never_gets_the_clinical_alert(reception, dog):
    HomeObservationFactory(dog=dog, lesion_trend="worse")
    assert list(reports_awaiting_vet(reception)) == []


def test_a_vet_acknowledges_an_urgent_report(vet, vet_client, dog):
    urgent = HomeObservationFactory(dog=dog, pain_signs=["crying"])
    url = reverse("cases:observation_acknowledge", kwargs={"observation_id": urgent.pk})
    response = vet_client.post(url, {"note": "Phoned, seen tomorrow.", "next": "dashboard"})
    assert response.url == reverse("dashboard")
    urgent.refresh_from_db()
    assert urgent.acknowledged_by == vet
    assert urgent.acknowledgement_note == "Phoned, seen tomorrow."
    assert list(reports_awaiting_vet(vet)) == []


def test_acknowledging_twice_keeps_the_first(vet, vet2, dog):
    urgent = HomeObservationFactory(dog=dog, lesion_trend="worse")
    acknowledge_observation(urgent, vet, "first")
    with pytest.raises(ValidationError, match="already acknowledged"):
        acknowledge_observation(urgent, vet2, "second")
    urgent.refresh_from_db()
    assert (urgent.acknowledged_by, urgent.acknowledgement_note) == (vet, "first")


def test_only_vets_acknowledge(reception, reception_client, dog):
    urgent = HomeObservationFactory(dog=dog, lesion_trend="worse")
    with pytest.raises(PermissionDenied):
        acknowledge_observation(urgent, reception)
    url = reverse("cases:observation_acknowledge", kwargs={"observation_id": urgent.pk})
    assert reception_client.post(url).status_code == 403


def test_the_staff_page_shows_the_report(vet_client, dog):
    urgent = HomeObservationFactory(dog=dog, lesion_trend="worse", note="Bleeding a little.")
    HomeObservationPhotoFactory(observation=urgent)
    page = vet_client.get(reverse("cases:observation_detail", kwargs={"observation_id": urgent.pk}))
    assert b"Bleeding a little." in page.content
    assert b"Acknowledge" in page.content


def test_reports_appear_on_the_case_timeline(vet, reception, dog):
    case = CaseFactory(dog=dog, attending_vet=vet)
    observation = HomeObservationFactory(dog=dog, case=case)
    entries = case_timeline(case, vet, kinds={"home_observation"})
    assert [entry.obj for entry in entries] == [observation]
    assert case_timeline(case, reception, kinds={"home_observation"}) == []


def test_the_owner_sees_once_a_vet_has_seen_the_report(vet, owner_a_client, dog):
    urgent = HomeObservationFactory(dog=dog, lesion_trend="worse")
    acknowledge_observation(urgent, vet, "Staff-only thoughts")
    url = reverse("portal:observation_detail", kwargs={"observation_uuid": urgent.public_id})
    page = owner_a_client.get(url)
    assert b"A vet has seen this report" in page.content
    assert b"Staff-only thoughts" not in page.content
