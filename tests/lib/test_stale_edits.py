"""No lost updates: two people open the same edit form; the first saves a change to one field,
the second saves the untouched form with a change to another field. The second save is
refused with who changed it and when, both values of the field the first person changed, and
what the second person typed; saving again after merging keeps both changes."""

from datetime import timedelta

import pytest
from django import forms
from django.urls import reverse

from cases.models import Drug
from cases.services.treatment import save_item
from clinic.scheduling.services import change_status, move_appointment
from tests.factories.cases import CaseFactory, ExamFactory, LesionFactory
from tests.factories.diagnostics import BiopsyFactory, ImagingStudyFactory, LabPanelFactory
from tests.factories.patients import DogFactory, OwnerFactory
from tests.factories.scheduling import AppointmentFactory, at, ensure_opening_hours, next_weekday
from tests.factories.treatment import PlanItemFactory, TreatmentPlanFactory

pytestmark = pytest.mark.django_db


def form_data(form):
    """What a browser posts for `form` as the page shows it (bound or not)."""
    data = {}
    for bf in form:
        widget = bf.field.widget
        value = bf.value()
        if isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bf.html_name] = "on"
        elif isinstance(widget, forms.SelectMultiple | forms.CheckboxSelectMultiple):
            data[bf.html_name] = [str(v) for v in value or []]
        else:
            shown = widget.format_value(value)
            data[bf.html_name] = "" if shown is None else shown
    return data


def formset_data(formset):
    data = form_data(formset.management_form)
    for form in formset.forms:
        data.update(form_data(form))
    return data


def page_data(response):
    """Every field of the edit page, from the forms the view rendered."""
    context = response.context
    if "adminform" in context:
        data = form_data(context["adminform"].form)
        for inline in context["inline_admin_formsets"]:
            data.update(formset_data(inline.formset))
        return data
    data = form_data(context["form"])
    if context.get("values") is not None:  # the lab panel's results table
        data.update(formset_data(context["values"]))
    return data


def appointment_for(vet):
    ensure_opening_hours()
    return AppointmentFactory(vet=vet, start=at(next_weekday(0), 10))


def _second_vet():
    from clinic.accounts.models import User

    return User.objects.get(email="vet.b@example.org")


# name: (make the record for the attending vet, its edit URL,
#        (first person's field, typed value, stored value),
#        (second person's field, typed value, stored value))
EDITS = {
    "owner": (
        lambda vet: OwnerFactory(), lambda r: reverse("patients:owner_edit", args=[r.pk]),
        ("address", "1 New Street", "1 New Street"),
        ("staff_notes", "Prefers mornings", "Prefers mornings"),
    ),
    "dog": (
        lambda vet: DogFactory(), lambda r: reverse("patients:dog_edit", args=[r.pk]),
        ("colour", "Brindle", "Brindle"), ("alerts", "Nervous at the scales", None),
    ),
    "case": (
        lambda vet: CaseFactory(attending_vet=vet),
        lambda r: reverse("cases:case_edit", args=[r.pk]),
        ("presenting_complaint", "Plaques on the neck and flank", None),
        ("cause_note", "Long-term prednisolone for atopy", None),
    ),
    "exam": (
        lambda vet: ExamFactory(case=CaseFactory(attending_vet=vet)),
        lambda r: reverse("cases:exam_edit", args=[r.pk]),
        ("assessment", "Lesions smaller.", None), ("plan", "Recheck in 3 weeks.", None),
    ),
    "lesion": (
        lambda vet: LesionFactory(exam=ExamFactory(case=CaseFactory(attending_vet=vet))),
        lambda r: reverse("cases:lesion_edit", args=[r.pk]),
        ("lesion_count", "5", 5), ("notes", "Crusted at the edge", None),
    ),
    "plan": (
        lambda vet: TreatmentPlanFactory(case=CaseFactory(attending_vet=vet), version=1),
        lambda r: reverse("cases:plan_edit", args=[r.pk]),
        ("goals", "Cortisol controlled within 30 days.", None),
        ("owner_warning_signs", "Call us if she stops eating.", None),
    ),
    "plan item": (
        lambda vet: PlanItemFactory(plan=TreatmentPlanFactory(
            case=CaseFactory(attending_vet=vet), version=1)),
        lambda r: reverse("cases:plan_item_edit", args=[r.plan_id, r.pk]),
        ("description", "Wash bedding at 60 °C", None),
        ("instructions", "Use a non-bio powder.", None),
    ),
    "lab panel": (
        lambda vet: LabPanelFactory(case=CaseFactory(attending_vet=vet)),
        lambda r: reverse("cases:lab_panel_edit", args=[r.case_id, r.pk]),
        ("laboratory", "IDEXX", None), ("notes", "Haemolysed sample", None),
    ),
    "biopsy": (
        lambda vet: BiopsyFactory(case=CaseFactory(attending_vet=vet)),
        lambda r: reverse("cases:biopsy_edit", args=[r.case_id, r.pk]),
        ("laboratory", "Finn Pathologists", None), ("site_detail", "left of midline", None),
    ),
    "imaging study": (
        lambda vet: ImagingStudyFactory(case=CaseFactory(attending_vet=vet)),
        lambda r: reverse("cases:study_edit", args=[r.case_id, r.pk]),
        ("clinical_question", "Mineralised organs?", None),
        ("impression", "Dystrophic mineralisation only.", None),
    ),
    "appointment": (
        appointment_for, lambda r: reverse("scheduling:move", args=[r.pk]),
        ("start", lambda r: f"{r.start.astimezone() + timedelta(hours=1):%Y-%m-%dT%H:%M}",
         lambda r: r.start + timedelta(hours=1)),
        ("vet", lambda r: str(_second_vet().pk), lambda r: _second_vet()),
    ),
}


def _typed(value, record):
    return value(record) if callable(value) else value


def _stored(expected, typed, record):
    if callable(expected):
        return expected(record)
    return typed if expected is None else expected


@pytest.mark.parametrize("kind", EDITS)
def test_a_stale_save_is_refused_and_a_merged_resave_keeps_both_changes(
    kind, client_for, vet, vet2,
):
    make, url_of, (field_a, typed_a, stored_a), (field_b, typed_b, stored_b) = EDITS[kind]
    record = make(vet)
    url = url_of(record)
    ada, ben = client_for(vet), client_for(vet2)
    ada_page, ben_page = ada.get(url), ben.get(url)
    assert 'name="lock_version"' in ben_page.content.decode()  # the page carries its version
    ada_data, ben_data = page_data(ada_page), page_data(ben_page)
    original = record.__class__.objects.get(pk=record.pk)
    old_b = getattr(original, field_b)

    value_a = _typed(typed_a, original)
    ada_data[field_a] = value_a
    assert ada.post(url, ada_data).status_code == 302
    after_ada = record.__class__.objects.get(pk=record.pk)
    assert getattr(after_ada, field_a) == _stored(stored_a, value_a, original)

    value_b = _typed(typed_b, original)
    ben_data[field_b] = value_b
    refused = ben.post(url, ben_data)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "since you opened it" in page
    assert "changed by Dr Ada Vet at" in page
    form = refused.context["form"]
    assert "Now:" in " ".join(form.errors[field_a]), form.errors
    assert str(form[field_b].value()) == value_b  # what Ben typed is kept
    kept = record.__class__.objects.get(pk=record.pk)
    assert getattr(kept, field_a) == getattr(after_ada, field_a)  # Ada's change is not lost
    assert getattr(kept, field_b) == old_b

    merged = page_data(refused)
    merged[field_a] = value_a  # Ben takes Ada's value and keeps his own
    assert ben.post(url, merged).status_code == 302
    final = record.__class__.objects.get(pk=record.pk)
    assert getattr(final, field_a) == getattr(after_ada, field_a)
    assert getattr(final, field_b) == _stored(stored_b, value_b, original)


def test_a_change_by_a_service_in_between_makes_the_plan_form_stale(client_for, vet, vet2):
    plan = TreatmentPlanFactory(case=CaseFactory(attending_vet=vet), version=1,
                                calcium_check_days=None)
    url = reverse("cases:plan_edit", args=[plan.pk])
    data = page_data(client_for(vet).get(url))
    # Dr Ben adds topical DMSO: the service fills the plan's calcium check interval.
    dmso = Drug.objects.get(name__startswith="Dimethyl sulfoxide")
    save_item(PlanItemFactory.build(plan=plan, kind="topical", description="", drug=dmso,
                                    route="topical", frequency="sid", body_site="dorsal_neck"),
              None)
    data["goals"] = "Lesions resolved in 3 months."
    refused = client_for(vet).post(url, data)
    assert refused.status_code == 200
    assert "since you opened it" in refused.content.decode()
    hint = " ".join(refused.context["form"].errors["calcium_check_days"])
    assert "Now: 14 — yours: (empty)" in hint
    plan.refresh_from_db()
    assert (plan.calcium_check_days, plan.goals) == (14, TreatmentPlanFactory.goals)


def test_a_move_by_reception_in_between_makes_the_move_form_stale(client_for, vet, reception):
    appointment = appointment_for(vet)
    url = reverse("scheduling:move", args=[appointment.pk])
    data = page_data(client_for(vet).get(url))
    move_appointment(appointment, start=at(next_weekday(0), 14))
    data["start"] = f"{at(next_weekday(0), 15):%Y-%m-%dT%H:%M}"
    refused = client_for(vet).post(url, data)
    assert "since you opened it" in refused.content.decode()
    appointment.refresh_from_db()
    assert appointment.start == at(next_weekday(0), 14)


def test_a_change_to_what_the_form_does_not_show_does_not_block_it(client_for, vet):
    appointment = appointment_for(vet)
    url = reverse("scheduling:move", args=[appointment.pk])
    data = page_data(client_for(vet).get(url))
    change_status(appointment, appointment.Status.CONFIRMED, user=vet)  # the owner confirmed
    data["start"] = f"{at(next_weekday(0), 11):%Y-%m-%dT%H:%M}"
    assert client_for(vet).post(url, data).status_code == 302
    appointment.refresh_from_db()
    assert (appointment.start, appointment.status) == (at(next_weekday(0), 11), "confirmed")


def test_the_admin_refuses_a_stale_save_too(client_for, vet, administrator):
    case = CaseFactory(attending_vet=vet)
    admin_url = reverse("admin:cases_case_change", args=[case.pk])
    boss = client_for(administrator)
    opened = boss.get(admin_url)
    assert 'name="lock_version"' in opened.content.decode()
    data = page_data(opened)
    vet_data = page_data(client_for(vet).get(reverse("cases:case_edit", args=[case.pk])))
    vet_data["presenting_complaint"] = "Plaques on the flank"
    assert client_for(vet).post(reverse("cases:case_edit", args=[case.pk]),
                                vet_data).status_code == 302
    data["cause_note"] = "Checked with the referring vet"
    refused = boss.post(admin_url, data)
    assert refused.status_code == 200
    assert "changed by Dr Ada Vet at" in refused.content.decode()
    case.refresh_from_db()
    assert (case.presenting_complaint, case.cause_note) == ("Plaques on the flank", "")
    merged = page_data(refused)
    merged["presenting_complaint"] = "Plaques on the flank"
    assert boss.post(admin_url, merged).status_code == 302
    case.refresh_from_db()
    assert (case.presenting_complaint, case.cause_note) == (
        "Plaques on the flank", "Checked with the referring vet")


def test_a_tampered_version_is_a_form_error_not_a_500(client_for, vet):
    owner = OwnerFactory()
    url = reverse("patients:owner_edit", args=[owner.pk])
    data = page_data(client_for(vet).get(url))
    data["lock_version"] = "yesterday"
    response = client_for(vet).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["lock_version"]
