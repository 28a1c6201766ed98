"""Each biopsy step starts from what was already entered (laboratory, sample id) with its
date today, and collection and sending can be recorded as one step."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Biopsy
from tests.factories.diagnostics import BiopsyFactory, put_consent_on_file

pytestmark = pytest.mark.django_db
S = Biopsy.Status


def url(name, biopsy):
    return reverse(f"cases:{name}", args=[biopsy.case_id, biopsy.pk])


@pytest.fixture
def consented(case):
    biopsy = BiopsyFactory(case=case, laboratory="Northern Vet Pathology")
    put_consent_on_file(biopsy)
    return biopsy


def field_value(page, name):
    import re

    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def test_the_collection_form_starts_today_with_the_planned_laboratory(vet_client, consented):
    page = vet_client.get(url("biopsy_collect", consented)).content.decode()
    assert field_value(page, "collected_on") == timezone.localdate().isoformat()
    assert field_value(page, "laboratory") == "Northern Vet Pathology"
    assert "Collected and sent to the laboratory today" in page


def test_the_send_form_carries_the_laboratory_and_sample_id_forward(vet_client, consented):
    vet_client.post(url("biopsy_collect", consented), {
        "collected_on": timezone.localdate().isoformat(), "sample_id": "NVP-77",
    })
    consented.refresh_from_db()
    assert consented.status == S.COLLECTED
    page = vet_client.get(url("biopsy_send", consented)).content.decode()
    assert field_value(page, "sent_on") == timezone.localdate().isoformat()
    assert field_value(page, "laboratory") == "Northern Vet Pathology"
    assert field_value(page, "sample_id") == "NVP-77"


def test_the_report_form_is_dated_today(vet_client, consented):
    vet_client.post(url("biopsy_collect", consented), {
        "collected_on": timezone.localdate().isoformat(), "sample_id": "NVP-77",
        "sent_today": "on", "laboratory": "Northern Vet Pathology",
    })
    page = vet_client.get(url("biopsy_report", consented)).content.decode()
    assert field_value(page, "report_received_on") == timezone.localdate().isoformat()


def test_collected_and_sent_today_is_one_step_through_the_flow(vet_client, vet, consented):
    response = vet_client.post(url("biopsy_collect", consented), {
        "collected_on": timezone.localdate().isoformat(), "sample_id": "NVP-78",
        "sent_today": "on", "laboratory": "Northern Vet Pathology",
    }, follow=True)
    assert "collected and sent today" in response.content.decode()
    consented.refresh_from_db()
    assert consented.status == S.SENT
    assert consented.sent_on == consented.collected_on == timezone.localdate()
    assert consented.sample_id == "NVP-78"
    # both moves are in the history, each with who and why
    reasons = [h.history_change_reason for h in consented.history.order_by("history_id")]
    assert reasons[-2:] == ["Sample collected", "Sent to Northern Vet Pathology"]
    assert consented.history.first().history_user == vet


@pytest.mark.parametrize(("missing", "message"), [
    ("laboratory", "To send the sample today, give the laboratory."),
    ("sample_id", "To send the sample today, give the sample id."),
])
def test_sending_today_needs_a_laboratory_and_sample_id_next_to_their_fields(
    vet_client, consented, missing, message
):
    data = {
        "collected_on": timezone.localdate().isoformat(), "sample_id": "NVP-79",
        "sent_today": "on", "laboratory": "Northern Vet Pathology",
    }
    data[missing] = ""
    response = vet_client.post(url("biopsy_collect", consented), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="error_1_id_{missing}"' in page or "is-invalid" in page
    consented.refresh_from_db()
    assert consented.status == S.CONSENT_SIGNED


def test_collected_only_leaves_the_sample_to_be_sent(vet_client, consented):
    vet_client.post(url("biopsy_collect", consented), {
        "collected_on": timezone.localdate().isoformat(), "sample_id": "",
        "laboratory": "Somewhere else",
    })
    consented.refresh_from_db()
    assert consented.status == S.COLLECTED
    assert consented.laboratory == "Northern Vet Pathology"  # not sent: the plan's lab stays
