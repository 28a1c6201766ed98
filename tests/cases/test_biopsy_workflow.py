"""A biopsy moves planned → consent signed → collected → sent → report received (or is
cancelled), only through the services, and a consistent report can confirm the case."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Biopsy, Case, DiagnosisBasis
from cases.services import diagnostics as services
from tests.factories.diagnostics import BiopsyFactory, put_consent_on_file, reported_biopsy

pytestmark = pytest.mark.django_db
S = Biopsy.Status
TODAY = timezone.localdate


def sent_biopsy():
    biopsy = BiopsyFactory()
    put_consent_on_file(biopsy)
    services.record_collection(biopsy, collected_on=TODAY() - timedelta(days=5))
    return services.record_sent(biopsy, sent_on=TODAY() - timedelta(days=4),
                                laboratory="Northern Vet Pathology", sample_id="NVP-7")


REPORT = {
    "histopathology": "Mineralised collagen in the dermis.",
    "von_kossa_requested": True, "von_kossa_result": "positive",
    "conclusion": Biopsy.Conclusion.CONSISTENT,
}


def test_it_refuses_collection_until_consent_is_on_file():
    biopsy = BiopsyFactory()
    with pytest.raises(ValidationError, match="consent"):
        services.record_collection(biopsy, collected_on=TODAY())
    biopsy.refresh_from_db()
    assert biopsy.status == S.PLANNED
    assert biopsy.collected_on is None


def test_it_takes_a_biopsy_through_every_step_to_the_report():
    biopsy = BiopsyFactory()
    put_consent_on_file(biopsy)
    assert Biopsy.objects.get().status == S.CONSENT_SIGNED

    services.record_collection(biopsy, collected_on=TODAY() - timedelta(days=5), sample_id="A1")
    assert Biopsy.objects.get().status == S.COLLECTED

    services.record_sent(biopsy, sent_on=TODAY() - timedelta(days=4), laboratory="Lab",
                         sample_id="A1")
    assert Biopsy.objects.get().status == S.SENT

    services.record_report(biopsy, {**REPORT, "report_received_on": TODAY()})
    stored = Biopsy.objects.get()
    assert stored.status == S.REPORTED
    assert stored.conclusion == Biopsy.Conclusion.CONSISTENT
    assert stored.von_kossa_result == "positive"


def test_a_step_out_of_order_is_refused_with_the_current_state():
    biopsy = BiopsyFactory()
    with pytest.raises(ValidationError, match="“Planned”; that step is not possible"):
        services.record_sent(biopsy, sent_on=TODAY(), laboratory="Lab", sample_id="X")
    with pytest.raises(ValidationError, match="not possible"):
        services.record_report(biopsy, {**REPORT, "report_received_on": TODAY()})


def test_it_refuses_a_report_dated_before_collection_and_keeps_the_biopsy_as_it_was():
    biopsy = sent_biopsy()
    with pytest.raises(ValidationError) as caught:
        services.record_report(biopsy, {**REPORT, "report_received_on": TODAY() - timedelta(10)})
    assert "report_received_on" in caught.value.error_dict
    assert Biopsy.objects.get().status == S.SENT


def test_it_refuses_sending_before_collection():
    biopsy = BiopsyFactory()
    put_consent_on_file(biopsy)
    services.record_collection(biopsy, collected_on=TODAY())
    with pytest.raises(ValidationError) as caught:
        services.record_sent(biopsy, sent_on=TODAY() - timedelta(days=1), laboratory="L",
                             sample_id="S")
    assert "sent_on" in caught.value.error_dict


def test_it_refuses_collection_in_the_future():
    biopsy = BiopsyFactory()
    put_consent_on_file(biopsy)
    with pytest.raises(ValidationError) as caught:
        services.record_collection(biopsy, collected_on=TODAY() + timedelta(days=1))
    assert "collected_on" in caught.value.error_dict


def test_it_cancels_an_open_biopsy_with_a_reason_and_never_a_reported_one():
    biopsy = BiopsyFactory()
    with pytest.raises(ValidationError):
        services.cancel_biopsy(biopsy, reason="  ")
    services.cancel_biopsy(biopsy, reason="Owner declined sedation.")
    stored = Biopsy.objects.get()
    assert (stored.status, stored.cancel_reason) == (S.CANCELLED, "Owner declined sedation.")
    assert stored.cancelled_on == TODAY()
    with pytest.raises(ValidationError):
        services.cancel_biopsy(reported_biopsy(), reason="Too late")


def test_a_stain_result_needs_the_stain_requested():
    biopsy = sent_biopsy()
    with pytest.raises(ValidationError) as caught:
        services.record_report(biopsy, {**REPORT, "von_kossa_requested": False,
                                        "report_received_on": TODAY()})
    assert "von_kossa_result" in caught.value.error_dict


def test_a_consistent_report_confirms_the_case_on_histopathology_when_the_vet_asks():
    biopsy = reported_biopsy()
    assert biopsy.case.status == Case.Status.SUSPECTED  # nothing automatic
    assert biopsy.offers_confirmation

    services.confirm_case_from_biopsy(biopsy)

    case = Case.objects.get()
    assert (case.status, case.diagnosis_basis) == (Case.Status.CONFIRMED,
                                                   DiagnosisBasis.HISTOPATHOLOGY)
    with pytest.raises(ValidationError, match="already “Confirmed”"):
        services.confirm_case_from_biopsy(biopsy)


def test_confirming_from_a_report_is_the_case_status_change_with_its_reason(vet):
    biopsy = reported_biopsy()

    services.confirm_case_from_biopsy(biopsy, by=vet)

    latest = Case.objects.get().history.first()
    assert latest.history_user == vet
    assert latest.history_change_reason == f"Confirmed on histopathology: {biopsy}"


@pytest.mark.parametrize("conclusion", ["not_consistent", "inconclusive"])
def test_any_other_conclusion_never_confirms_the_case(conclusion):
    biopsy = reported_biopsy(conclusion=conclusion)
    assert not biopsy.offers_confirmation
    with pytest.raises(ValidationError, match="Only a report consistent"):
        services.confirm_case_from_biopsy(biopsy)
    assert Case.objects.get().status == Case.Status.SUSPECTED


def test_the_database_refuses_a_report_dated_before_collection():
    from django.db import IntegrityError, transaction

    biopsy = reported_biopsy()
    with pytest.raises(IntegrityError), transaction.atomic():
        Biopsy.objects.filter(pk=biopsy.pk).update(
            report_received_on=biopsy.collected_on - timedelta(days=1)
        )
