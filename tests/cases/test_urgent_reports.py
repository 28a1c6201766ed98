"""Urgent owner reports reach someone: the attending vet is told (e-mail, and a text where
the clinic has a gateway), every vet and receptionist sees the clinic-wide queue and can
call, book a recheck or reply to the owner from it."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import ObservationReply
from cases.models.observations import REPLY_MAX_LENGTH
from cases.services.observations import acknowledge_observation, reply_to_owner
from clinic.lib import sms
from tests.factories.portal import HomeObservationFactory, HomeObservationPhotoFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("cases:urgent_queue")


@pytest.fixture(autouse=True)
def _tasks_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CLINIC_SMS_BACKEND = "clinic.lib.sms.MemorySmsBackend"
    sms.outbox.clear()


@pytest.fixture
def dog(owner_a):
    return owner_a.dogs.get()


def report(owner_a_client, dog, **changes):
    data = {
        "observed_on": timezone.localdate().isoformat(), "lesion_trend": "same",
        "new_lesions": "no", "new_lesions_where": "", "itch_score": "2",
        "appetite": "normal", "note": "",
    }
    data.update(changes)
    return owner_a_client.post(
        reverse("portal:observation_new", kwargs={"dog_uuid": dog.public_id}), data
    )


def urgent(dog, case=None, **fields):
    return HomeObservationFactory(dog=dog, case=case, signs=["vomiting"], **fields)


# -- the attending vet is told ---------------------------------------------------------

def test_an_urgent_report_emails_and_texts_the_attending_vet(
    owner_a_client, dog, case, vet, django_capture_on_commit_callbacks
):
    vet.mobile_phone = "+447700900111"
    vet.save()
    with django_capture_on_commit_callbacks(execute=True):
        report(owner_a_client, dog, signs=["vomiting"])
    [message] = mail.outbox
    assert message.to == [vet.email]
    assert "Urgent home report: Bramble" in message.subject
    assert "/cases/observations/" in message.body
    assert "Owner's phone" in message.body
    [(phone, text)] = sms.outbox
    assert phone == "+447700900111"
    assert "Bramble" in text
    assert "/cases/observations/" in text


def test_no_text_without_a_gateway_or_a_mobile_number(
    owner_a_client, dog, case, vet, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(owner_a_client, dog, signs=["vomiting"])  # the vet has no mobile number
    vet.mobile_phone = "+447700900111"
    vet.save()
    settings.CLINIC_SMS_BACKEND = sms.CONSOLE_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        report(owner_a_client, dog, signs=["collapse"])
    assert sms.outbox == []
    assert len(mail.outbox) == 2


def test_a_routine_or_priority_report_sends_nothing(
    owner_a_client, dog, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(owner_a_client, dog)
        report(owner_a_client, dog, lesion_trend="worse")
    assert mail.outbox == []


def test_a_vets_mobile_number_must_be_international(vet):
    from django.core.exceptions import ValidationError

    vet.mobile_phone = "07700 900111"
    with pytest.raises(ValidationError) as error:
        vet.full_clean()
    assert "international" in str(error.value)


# -- the clinic-wide queue -------------------------------------------------------------

def test_every_vet_sees_every_urgent_report_with_call_and_book(client_for, vet2, dog, case):
    observation = urgent(dog, case)
    page = client_for(vet2).get(QUEUE).content.decode()
    assert f'id="report-{observation.pk}"' in page
    assert f'href="tel:{dog.owner.phone}"' in page
    assert f"{reverse('scheduling:book')}?dog={dog.pk}&amp;vet={case.attending_vet_id}" in page
    assert "Vomiting" in page
    assert "Reply to the owner" in page


def test_reception_sees_the_report_but_not_the_clinical_notes(
    reception_client, dog, case, vet
):
    observation = urgent(dog, case, note="Sick twice this morning.")
    HomeObservationPhotoFactory(observation=observation)
    page = reception_client.get(QUEUE).content.decode()
    assert f'id="report-{observation.pk}"' in page
    assert "Vomiting" in page
    assert f'href="tel:{dog.owner.phone}"' in page
    assert "Book a recheck" in page
    # no way into the clinical record, the photos or acknowledging; a reply of their own
    assert f'href="{reverse("cases:observation_detail", args=[observation.pk])}"' not in page
    assert "photos" not in page
    assert "Acknowledge" not in page
    assert f'href="{reply_url(observation)}">Reply to the owner<' in page


def test_acknowledged_and_priority_reports_leave_the_queue(vet_client, vet, dog, case):
    done = urgent(dog, case)
    acknowledge_observation(done, vet, "Phoned the owner.")
    priority = HomeObservationFactory(dog=dog, case=case, lesion_trend="worse")
    page = vet_client.get(QUEUE).content.decode()
    assert f'id="report-{done.pk}"' not in page
    assert f'id="report-{priority.pk}"' not in page
    assert 'id="urgent-queue-empty"' in page


def test_acknowledging_from_the_queue_returns_to_it(vet_client, dog, case):
    observation = urgent(dog, case)
    response = vet_client.post(
        reverse("cases:observation_acknowledge", args=[observation.pk]), {"next": "queue"}
    )
    assert response.url == QUEUE
    observation.refresh_from_db()
    assert observation.is_acknowledged


def test_the_navigation_counts_waiting_urgent_reports(reception_client, vet_client, dog, case):
    urgent(dog, case)
    urgent(dog, None)
    for client in (reception_client, vet_client):
        page = client.get(reverse("patients:index")).content.decode()
        assert f'href="{QUEUE}"' in page
        assert 'id="urgent-count">2<' in page


def test_the_queue_page_does_not_query_per_report(
    vet_client, dog, case, django_assert_max_num_queries
):
    urgent(dog, case)
    with django_assert_max_num_queries(20) as few:
        vet_client.get(QUEUE)
    for _ in range(4):
        urgent(dog, case)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert vet_client.get(QUEUE).status_code == 200


def test_owners_and_outsiders_do_not_get_the_queue(owner_a_client):
    assert owner_a_client.get(QUEUE).status_code == 403


# -- replying to the owner -------------------------------------------------------------

def reply_url(observation):
    return reverse("cases:observation_reply", args=[observation.pk])


def test_a_vets_reply_is_kept_emailed_and_shown_in_the_portal(
    vet_client, vet, owner_a_client, dog, case, django_capture_on_commit_callbacks
):
    observation = urgent(dog, case)
    with django_capture_on_commit_callbacks(execute=True):
        response = vet_client.post(
            reply_url(observation), {"body": "Please bring Bramble in today at 4 pm."}
        )
    assert response.status_code == 302
    reply = ObservationReply.objects.get()
    assert (reply.observation, reply.author) == (observation, vet)
    assert reply.history.count() == 1
    [message] = mail.outbox
    assert message.to == [dog.owner.email]
    assert "Please bring Bramble in today at 4 pm." in message.body
    assert str(observation.public_id) in message.body
    portal = owner_a_client.get(
        reverse("portal:observation_detail", kwargs={"observation_uuid": observation.public_id})
    ).content.decode()
    assert "Please bring Bramble in today at 4 pm." in portal
    assert "Dr Ada Vet (vet) replied" in portal
    staff_page = vet_client.get(reverse("cases:observation_detail", args=[observation.pk]))
    assert "Please bring Bramble in today at 4 pm." in staff_page.content.decode()


@pytest.mark.parametrize(("body", "message"), [
    ("", "This field is required."),
    ("   ", "This field is required."),
    ("x" * (REPLY_MAX_LENGTH + 1), f"at most {REPLY_MAX_LENGTH} characters"),
])
def test_a_bad_reply_is_refused_next_to_the_field(vet_client, dog, case, body, message):
    observation = urgent(dog, case)
    response = vet_client.post(reply_url(observation), {"body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'id="id_body"' in page
    assert "is-invalid" in page
    assert not ObservationReply.objects.exists()
    assert mail.outbox == []


def test_reception_replies_from_a_page_without_the_clinical_notes(
    reception_client, reception, owner_a_client, dog, case, django_capture_on_commit_callbacks
):
    observation = urgent(dog, case, note="Sick twice this morning.")
    HomeObservationPhotoFactory(observation=observation)
    page = reception_client.get(reply_url(observation)).content.decode()
    assert "Vomiting" in page  # what the owner reported, as the queue shows it
    assert f'href="tel:{dog.owner.phone}"' in page
    assert "Sick twice this morning." not in page
    assert "photo" not in page.lower()
    assert f'href="{reverse("cases:observation_detail", args=[observation.pk])}' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = reception_client.post(
            reply_url(observation), {"body": "Dr Vet will call you within the hour."}
        )
    assert response.url == reply_url(observation)
    reply = ObservationReply.objects.get()
    assert reply.author == reception
    [message] = mail.outbox
    assert "Rita Reception (reception) at" in message.body
    page = reception_client.get(reply_url(observation)).content.decode()
    assert "Dr Vet will call you within the hour." in page
    assert "Rita Reception (reception)," in page
    portal = owner_a_client.get(
        reverse("portal:observation_detail", kwargs={"observation_uuid": observation.public_id})
    ).content.decode()
    assert "Rita Reception (reception) replied" in portal


@pytest.mark.parametrize(("who", "page"), [("vet", "cases:observation_detail"),
                                           ("reception", "cases:observation_reply")])
def test_the_report_and_reply_pages_say_what_the_owner_was_told_and_how_to_reach_them(
    client_for, request, dog, case, who, page
):
    observation = urgent(dog, case)
    html = client_for(request.getfixturevalue(who)).get(
        reverse(page, args=[observation.pk])).content.decode()
    assert "The owner was told to call the clinic." in html
    assert f'href="tel:{dog.owner.phone}">Call {dog.owner.first_name} on ' in html
    assert f"{reverse('scheduling:book')}?dog={dog.pk}&amp;vet={case.attending_vet_id}" in html


def test_the_vet_sees_who_replied_and_their_role(vet_client, reception, dog, case):
    observation = urgent(dog, case)
    reply_to_owner(observation, reception, "We have booked Bramble in at 4 pm.")
    page = vet_client.get(reverse("cases:observation_detail", args=[observation.pk]))
    assert "Rita Reception (reception)," in page.content.decode()


@pytest.mark.parametrize("body", ["", "   ", "x" * (REPLY_MAX_LENGTH + 1)])
def test_a_bad_reply_from_reception_is_refused_next_to_the_field(reception_client, dog, case,
                                                                 body):
    observation = urgent(dog, case)
    response = reception_client.post(reply_url(observation), {"body": body})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_body"' in page
    assert "is-invalid" in page
    assert not ObservationReply.objects.exists()


def test_owners_cannot_reply_as_the_clinic(owner_a_client, dog, case):
    observation = urgent(dog, case)
    assert owner_a_client.post(reply_url(observation), {"body": "Hi"}).status_code == 403
    assert not ObservationReply.objects.exists()


def test_another_owner_never_sees_the_reply(vet_client, owner_b_client, dog, case):
    observation = urgent(dog, case)
    vet_client.post(reply_url(observation), {"body": "Come in today."})
    response = owner_b_client.get(
        reverse("portal:observation_detail", kwargs={"observation_uuid": observation.public_id})
    )
    assert response.status_code == 404


def test_the_navigation_count_is_cached_and_follows_new_and_acknowledged_reports(
    vet_client, vet, owner_a_client, dog, case
):
    first = urgent(dog, case)
    url = reverse("patients:index")
    assert 'id="urgent-count">1<' in vet_client.get(url).content.decode()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        vet_client.get(url)
    assert not [q for q in queries.captured_queries if "cases_homeobservation" in q["sql"]]

    assert report(owner_a_client, dog, signs=["vomiting"]).status_code == 302  # a new one
    assert 'id="urgent-count">2<' in vet_client.get(url).content.decode()
    acknowledge_observation(first, vet)
    assert 'id="urgent-count">1<' in vet_client.get(url).content.decode()
    second = case.home_observations.get(acknowledged_at__isnull=True)
    second.signs = []  # triaged again on save: no longer urgent
    second.save()
    assert 'id="urgent-count"' not in vet_client.get(url).content.decode()
