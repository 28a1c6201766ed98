"""Bad input on every staff form of the clinical record is an error next to its field, never
a 500: NUL bytes, control characters in one-line fields, text over its limit, huge and
negative numbers, and impossible or implausible dates."""

from datetime import timedelta
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Analyte, Biopsy, LabValue
from cases.services.diagnostics import cancel_biopsy, record_collection, record_sent
from clinic.lib.validators import DOCUMENT_TEXT, NOTE_TEXT, SHORT_TEXT
from tests.factories.cases import CaseFactory, ExamFactory, LesionFactory, sign
from tests.factories.diagnostics import (
    BiopsyFactory,
    ImagingStudyFactory,
    LabPanelFactory,
    put_consent_on_file,
    signature_data_url,
)
from tests.factories.treatment import PlanItemFactory, TreatmentPlanFactory
from tests.lib.test_stale_edits import page_data

pytestmark = pytest.mark.django_db

NUL = "Plaques\x00on the neck"
LINE_BREAK = "left\nelbow"
BIDI_OVERRIDE = "left \u202eelbow"
YEAR_1, YEAR_9999, NO_SUCH_DAY = "0001-01-01", "9999-12-31", "2026-02-30"
HUGE, NEGATIVE = "1e30", "-5"


def too_long(limit):
    return "x" * (limit + 1)


def _case(vet):
    return CaseFactory(attending_vet=vet, opened_on=timezone.localdate() - timedelta(days=60))


def _calcium():
    return Analyte.objects.get(code="calcium")


def _lab_panel(vet):
    panel = LabPanelFactory(case=_case(vet))
    LabValue.objects.create(panel=panel, analyte=_calcium(), value="2.5", unit="mmol/L")
    return reverse("cases:lab_panel_edit", args=[panel.case_id, panel.pk])


def _biopsy_at(vet, step):
    biopsy = BiopsyFactory(case=_case(vet))
    if step == "consent":
        return reverse("cases:consent_create", args=[biopsy.case_id, biopsy.pk])
    put_consent_on_file(biopsy)
    if step != "collect":
        today = timezone.localdate()
        record_collection(biopsy, collected_on=today - timedelta(days=2), by=vet)
        if step != "send":
            record_sent(Biopsy.objects.get(pk=biopsy.pk), sent_on=today - timedelta(days=1),
                        laboratory="Finn Pathologists", sample_id="FP-1", by=vet)
    return reverse(f"cases:biopsy_{step}", args=[biopsy.case_id, biopsy.pk])


def _signed_exam(vet):
    exam = sign(ExamFactory(case=_case(vet)))
    return reverse("cases:addendum_add", args=[exam.pk])


# form: (make its page for the vet -> URL, fields the test fills in so the form is complete)
PAGES = {
    "case": (lambda vet: reverse("cases:case_edit", args=[_case(vet).pk]), {}),
    "exam": (lambda vet: reverse("cases:exam_edit", args=[ExamFactory(case=_case(vet)).pk]), {}),
    "lesion": (lambda vet: reverse("cases:lesion_edit", args=[
        LesionFactory(exam=ExamFactory(case=_case(vet))).pk]), {}),
    "addendum": (_signed_exam, {"reason": "Wrong site", "text": "The lesion was on the left."}),
    "plan": (lambda vet: reverse("cases:plan_edit", args=[
        TreatmentPlanFactory(case=_case(vet), version=1).pk]), {}),
    "plan item": (lambda vet: (lambda item: reverse("cases:plan_item_edit", args=[
        item.plan_id, item.pk]))(PlanItemFactory(plan=TreatmentPlanFactory(
            case=_case(vet), version=1))), {}),
    "lab panel": (_lab_panel, {}),
    "biopsy": (lambda vet: (lambda b: reverse("cases:biopsy_edit", args=[b.case_id, b.pk]))(
        BiopsyFactory(case=_case(vet))), {}),
    "consent": (lambda vet: _biopsy_at(vet, "consent"), {
        "consented_by": "owner",
        "consented_at": f"{timezone.localtime() - timedelta(hours=1):%Y-%m-%dT%H:%M}",
        "signature_data": signature_data_url(),
    }),
    "collection": (lambda vet: _biopsy_at(vet, "collect"), {
        "collected_on": (timezone.localdate() - timedelta(days=2)).isoformat()}),
    "sending": (lambda vet: _biopsy_at(vet, "send"), {
        "sent_on": timezone.localdate().isoformat(), "laboratory": "Finn", "sample_id": "FP-1"}),
    "report": (lambda vet: _biopsy_at(vet, "report"), {
        "report_received_on": timezone.localdate().isoformat(),
        "histopathology": "Mineralised collagen.", "conclusion": "consistent"}),
    "cancel": (lambda vet: _biopsy_at(vet, "cancel"), {"reason": "Owner declined."}),
    "imaging study": (lambda vet: (lambda s: reverse("cases:study_edit", args=[
        s.case_id, s.pk]))(ImagingStudyFactory(case=_case(vet))), {}),
    "steroid course": (lambda vet: reverse("cases:steroid_list", args=[_case(vet).pk]), {
        "drug": "Prednisolone", "route": "oral", "dose": "10 mg once daily",
        "started_on": (timezone.localdate() - timedelta(days=300)).isoformat(),
        "stopped_on": "", "note": ""}),
}

# (form, field, bad value)
BAD_INPUT = [
    ("case", "presenting_complaint", NUL),
    ("case", "presenting_complaint", too_long(NOTE_TEXT)),
    ("case", "cause_note", too_long(SHORT_TEXT)),
    ("case", "diagnosis_code_display", LINE_BREAK),
    ("case", "opened_on", YEAR_1),
    ("case", "opened_on", NO_SUCH_DAY),
    ("exam", "subjective", too_long(NOTE_TEXT)),
    ("exam", "plan", NUL),
    ("exam", "examined_on", YEAR_1),
    ("exam", "examined_on", YEAR_9999),
    ("exam", "weight_kg", NEGATIVE),
    ("exam", "weight_kg", HUGE),
    ("exam", "temperature_c", HUGE),
    ("exam", "pruritus_score", "99999999999999999999"),
    ("lesion", "site_detail", LINE_BREAK),
    ("lesion", "notes", BIDI_OVERRIDE),
    ("lesion", "lesion_count", "99999999999999999999"),
    ("lesion", "largest_diameter_mm", NEGATIVE),
    ("lesion", "largest_diameter_mm", HUGE),
    ("addendum", "text", too_long(NOTE_TEXT)),
    ("addendum", "reason", LINE_BREAK),
    ("plan", "goals", too_long(NOTE_TEXT)),
    ("plan", "owner_instructions", too_long(DOCUMENT_TEXT)),
    ("plan", "owner_warning_signs", NUL),
    ("plan", "recheck_interval_days", "99999999999999999999"),
    ("plan", "recheck_interval_days", NEGATIVE),
    ("plan item", "instructions", too_long(NOTE_TEXT)),
    ("plan item", "description", LINE_BREAK),
    ("plan item", "area_note", BIDI_OVERRIDE),
    ("plan item", "start_date", YEAR_1),
    ("plan item", "end_date", YEAR_9999),
    ("plan item", "dose_mg_per_kg", NEGATIVE),
    ("plan item", "dose_mg_per_kg", HUGE),
    ("lab panel", "notes", too_long(NOTE_TEXT)),
    ("lab panel", "laboratory", LINE_BREAK),
    ("lab panel", "collected_on", YEAR_1),
    ("lab panel", "reported_on", YEAR_9999),
    ("lab panel", "sent_on", NO_SUCH_DAY),
    ("lab panel", "owner_summary", too_long(SHORT_TEXT)),
    ("lab panel", "values-0-value", NEGATIVE),
    ("lab panel", "values-0-value", HUGE),
    ("biopsy", "site_detail", LINE_BREAK),
    ("biopsy", "laboratory", NUL),
    ("biopsy", "planned_on", YEAR_1),
    ("biopsy", "owner_summary", too_long(SHORT_TEXT)),
    ("consent", "consented_at", "0001-01-01T10:00"),
    ("consent", "consented_at", "9999-12-31T10:00"),
    ("collection", "collected_on", YEAR_1),
    ("collection", "collected_on", NO_SUCH_DAY),
    ("collection", "sample_id", LINE_BREAK),
    ("sending", "sent_on", YEAR_9999),
    ("sending", "laboratory", BIDI_OVERRIDE),
    ("sending", "sample_id", NUL),
    ("report", "report_received_on", YEAR_1),
    ("report", "histopathology", too_long(DOCUMENT_TEXT)),
    ("cancel", "reason", too_long(SHORT_TEXT)),
    ("imaging study", "study_date", YEAR_1),
    ("imaging study", "study_date", YEAR_9999),
    ("imaging study", "views", LINE_BREAK),
    ("imaging study", "impression", too_long(NOTE_TEXT)),
    ("imaging study", "clinical_question", NUL),
    ("steroid course", "drug", LINE_BREAK),
    ("steroid course", "dose", NUL),
    ("steroid course", "started_on", YEAR_1),
    ("steroid course", "stopped_on", YEAR_9999),
]


def _field_errors(context, field):
    if field.startswith("values-"):
        index, name = field.split("-")[1:]
        return context["values"].forms[int(index)].errors.get(name)
    return context["form"].errors.get(field)


@pytest.mark.parametrize(("form", "field", "value"), BAD_INPUT,
                         ids=[f"{f}-{name}-{v[:12]!r}" for f, name, v in BAD_INPUT])
def test_bad_input_is_an_error_next_to_its_field(form, field, value, vet, vet_client):
    make_page, filled = PAGES[form]
    url = make_page(vet)
    page = vet_client.get(url)
    assert page.status_code == 200
    data = {**page_data(page), **filled, field: value}

    response = vet_client.post(url, data)

    assert response.status_code == 200  # the form again, not a 500 and not saved
    errors = _field_errors(response.context, field)
    assert errors, f"no error on {field}"
    assert escape(errors[0]) in response.content.decode()


@pytest.mark.parametrize("form", ["consent", "collection", "sending", "report", "cancel",
                                  "addendum", "steroid course"])
def test_each_page_of_the_sweep_saves_when_the_input_is_good(form, vet, vet_client):
    """The sweep's pages are complete: without the bad value they save (and redirect)."""
    make_page, filled = PAGES[form]
    url = make_page(vet)
    data = {**page_data(vet_client.get(url)), **filled}
    assert vet_client.post(url, data).status_code == 302


def test_services_and_the_admin_obey_the_length_limits_too(vet):
    """The limit is on the model (its validator), not only on the form: full_clean, which
    services and the admin run, refuses it as well."""
    biopsy = BiopsyFactory(case=_case(vet))
    with pytest.raises(ValidationError) as refused:
        cancel_biopsy(biopsy, reason=too_long(SHORT_TEXT), by=vet)
    assert "cancel_reason" in refused.value.message_dict
    exam = ExamFactory(case=_case(vet), objective=too_long(NOTE_TEXT))
    with pytest.raises(ValidationError) as refused:
        exam.full_clean()
    assert list(refused.value.message_dict) == ["objective"]
