"""The case records the disease (cutis, circumscripta, universalis; localised or generalised)
apart from its cause, and the type of hyperadrenocorticism; every label names the right
disease, to staff and to owners."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Case
from cases.services.care import compose_owner_text
from tests.cases.test_case_views import _open_case_data
from tests.factories.cases import CaseFactory
from tests.factories.patients import DogFactory
from tests.factories.treatment import TreatmentPlanFactory

pytestmark = pytest.mark.django_db


def open_case(client, vet, **answers):
    dog = DogFactory()
    response = client.post(reverse("cases:case_create", kwargs={"dog_id": dog.pk}),
                           _open_case_data(vet, presenting_complaint="Keep me", **answers))
    return dog, response


def test_a_circumscripta_case_is_recorded_and_named_as_such(vet_client, vet):
    dog, response = open_case(
        vet_client, vet, diagnosis="calcinosis_circumscripta", extent="localised",
        suspected_cause="idiopathic", pathogenic_form="circumscripta",
    )
    assert response.status_code == 302
    case = dog.cases.get()
    assert (case.diagnosis, case.extent) == ("calcinosis_circumscripta", "localised")
    assert str(case) == f"{dog.name}: calcinosis circumscripta (suspected)"
    page = vet_client.get(response.url).content.decode()
    assert f"{dog.name}: calcinosis circumscripta" in page
    assert "Calcinosis circumscripta, localised" in page


def test_the_subtype_of_hyperadrenocorticism_is_recorded(vet_client, vet):
    dog, response = open_case(vet_client, vet, hyperadrenocorticism_subtype="pituitary_dependent")
    assert response.status_code == 302
    assert dog.cases.get().hyperadrenocorticism_subtype == "pituitary_dependent"
    assert "(pituitary-dependent)" in vet_client.get(response.url).content.decode()


@pytest.mark.parametrize(("answers", "field", "message"), [
    ({"diagnosis": "calcinosis_cutis", "pathogenic_form": "circumscripta"}, "diagnosis",
     "record the diagnosis as calcinosis circumscripta"),
    ({"suspected_cause": "calcinosis_circumscripta"}, "diagnosis", "circumscripta"),
    ({"suspected_cause": "hyperadrenocorticism", "hyperadrenocorticism_subtype": "iatrogenic"},
     "hyperadrenocorticism_subtype", "Exogenous glucocorticoids"),
    ({"suspected_cause": "exogenous_glucocorticoids",
      "hyperadrenocorticism_subtype": "adrenal_tumour"},
     "hyperadrenocorticism_subtype", "the type is iatrogenic"),
    ({"suspected_cause": "chronic_kidney_disease", "pathogenic_form": "metastatic",
      "hyperadrenocorticism_subtype": "pituitary_dependent"},
     "hyperadrenocorticism_subtype", "Only when the cause is hyperadrenocorticism"),
    ({"diagnosis": "calcinosis_vulgaris"}, "diagnosis", "Select a valid choice"),
    ({"extent": "everywhere"}, "extent", "Select a valid choice"),
])
def test_a_diagnosis_at_odds_with_its_cause_is_refused_on_the_field(vet_client, vet, answers,
                                                                     field, message):
    dog, response = open_case(vet_client, vet, **answers)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Keep me" in response.content.decode()
    assert not dog.cases.exists()


@pytest.mark.parametrize(("diagnosis", "named", "never"), [
    ("calcinosis_circumscripta", "calcinosis circumscripta", "calcinosis cutis"),
    ("calcinosis_cutis", "calcinosis cutis (calcium deposits in the skin)", "circumscripta"),
    ("calcinosis_universalis", "calcinosis universalis", "calcinosis cutis"),
])
def test_the_owners_instructions_name_the_cases_disease(diagnosis, named, never):
    form = {"calcinosis_circumscripta": "circumscripta"}.get(diagnosis, "undetermined")
    case = CaseFactory(diagnosis=diagnosis, pathogenic_form=form)
    instructions, _warnings = compose_owner_text(TreatmentPlanFactory(case=case))
    assert named in instructions
    assert never not in instructions


def unsaved_case(**fields):
    return Case(presenting_complaint="Plaques", **fields)


@pytest.mark.parametrize("fields", [
    {"suspected_cause": "exogenous_glucocorticoids", "hyperadrenocorticism_subtype": "iatrogenic"},
    {"suspected_cause": "hyperadrenocorticism"},  # the type is blank until known
    {"suspected_cause": "hyperadrenocorticism", "hyperadrenocorticism_subtype": "adrenal_tumour"},
])
def test_the_model_accepts_a_consistent_story(fields):
    unsaved_case(**fields).full_clean(exclude=["dog", "attending_vet"])


def test_the_model_refuses_what_the_form_refuses():
    case = unsaved_case(suspected_cause="idiopathic", hyperadrenocorticism_subtype="adrenal_tumour")
    with pytest.raises(ValidationError, match="Only when the cause"):
        case.full_clean(exclude=["dog", "attending_vet"])


def test_a_circumscripta_biopsy_is_named_circumscripta_on_staff_pages(vet_client):
    from tests.factories.diagnostics import reported_biopsy

    case = CaseFactory(diagnosis="calcinosis_circumscripta", pathogenic_form="circumscripta")
    biopsy = reported_biopsy(case)
    for url in (reverse("cases:biopsy_detail", args=[case.pk, biopsy.pk]),
                reverse("cases:biopsy_list", args=[case.pk]),
                reverse("cases:case_detail", args=[case.pk])):  # the case timeline
        page = vet_client.get(url).content.decode()
        assert "Consistent with calcinosis circumscripta" in page
        assert "Consistent with calcinosis cutis</" not in page
