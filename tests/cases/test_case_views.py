from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.contributions import dog_cases_section
from cases.models import Case
from tests.factories.cases import CaseFactory, ExamFactory, LesionFactory
from tests.factories.patients import DogFactory
from tests.factories.sites import ClinicFactory, join, main_site

pytestmark = pytest.mark.django_db


def _open_case_data(vet, **overrides):
    return {
        "opened_on": timezone.localdate().isoformat(),
        "attending_vet": vet.pk,
        "attending_site": main_site().pk,
        "presenting_complaint": "Gritty white plaques along the dorsal midline",
        "diagnosis": "calcinosis_cutis",
        "suspected_cause": "hyperadrenocorticism",
        "pathogenic_form": "dystrophic_glucocorticoid",
        "diagnosis_basis": "clinical",
        **overrides,
    }


def test_it_opens_a_case_for_a_dog(vet_client, vet):
    dog = DogFactory()
    response = vet_client.post(reverse("cases:case_create", kwargs={"dog_id": dog.pk}),
                               _open_case_data(vet))
    case = dog.cases.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert case.status == "suspected"
    assert case.history.first().history_user == vet


def test_a_second_open_case_gets_a_clear_form_error(vet_client, vet):
    existing = CaseFactory()
    response = vet_client.post(
        reverse("cases:case_create", kwargs={"dog_id": existing.dog_id}), _open_case_data(vet)
    )
    assert response.status_code == 200
    assert "already has an open case" in response.content.decode()
    assert existing.dog.cases.count() == 1


def test_it_refuses_a_case_opened_in_the_future(vet_client, vet):
    dog = DogFactory()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = vet_client.post(reverse("cases:case_create", kwargs={"dog_id": dog.pk}),
                               _open_case_data(vet, opened_on=tomorrow))
    assert "cannot be opened in the future" in response.content.decode()
    assert not dog.cases.exists()


def test_it_changes_the_status_from_the_case_page(vet_client):
    case = CaseFactory()
    url = reverse("cases:case_status", kwargs={"case_id": case.pk})
    vet_client.post(url, {"status": "confirmed", "note": "biopsy"})
    case.refresh_from_db()
    assert case.status == "confirmed"
    response = vet_client.post(url, {"status": "suspected"}, follow=True)
    assert "Choose one of the statuses" in response.content.decode()


def test_the_dog_page_section_lists_cases_and_offers_to_open_one(vet, reception):
    dog = DogFactory()
    assert dog_cases_section(dog, vet)["can_open"] is True
    case = CaseFactory(dog=dog)
    context = dog_cases_section(dog, vet)
    assert context["cases"] == [case]
    assert context["can_open"] is False  # one open case per dog
    assert context["clinical"] is True
    as_reception = dog_cases_section(dog, reception)
    assert as_reception["cases"] == [case]
    assert as_reception["clinical"] is False
    assert as_reception["can_open"] is False


def test_the_dog_page_section_is_not_for_owners(owner_a):
    dog = owner_a.dogs.get()
    CaseFactory(dog=dog)
    assert dog_cases_section(dog, owner_a.user) is None


def test_reception_sees_the_case_list_and_status_but_no_clinical_notes(reception_client):
    case = CaseFactory(presenting_complaint="Secret clinical complaint")
    ExamFactory(case=case, assessment="Secret assessment")
    listing = reception_client.get(reverse("cases:case_list")).content.decode()
    assert case.dog.name in listing
    assert "Suspected" in listing
    page = reception_client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Suspected" in body
    assert "Secret" not in body


def test_the_case_list_filters_by_status_vet_and_cause(vet_client, vet, vet2):
    wanted = CaseFactory(attending_vet=vet, status="managing", suspected_cause="idiopathic")
    CaseFactory(attending_vet=vet2, status="managing", suspected_cause="idiopathic")
    CaseFactory(attending_vet=vet, status="suspected", suspected_cause="idiopathic")
    CaseFactory(attending_vet=vet, status="managing", suspected_cause="other_unknown")
    response = vet_client.get(reverse("cases:case_list"), {
        "status": "managing", "attending_vet": vet.pk, "suspected_cause": "idiopathic",
    })
    assert list(response.context["page"]) == [wanted]


def test_the_case_list_is_paginated_with_constant_queries(
    vet_client, django_assert_max_num_queries
):
    CaseFactory.create_batch(3)
    with django_assert_max_num_queries(12) as few:
        vet_client.get(reverse("cases:case_list"))
    CaseFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = vet_client.get(reverse("cases:case_list"))
    assert len(response.context["page"]) == 25
    second = vet_client.get(reverse("cases:case_list") + "?" + response.context["page"].next_params)
    assert len(second.context["page"]) == 8


def _case_with_exams(count):
    case = CaseFactory()
    for days_ago in range(count):
        exam = ExamFactory(case=case, examined_on=timezone.localdate() - timedelta(days=days_ago))
        LesionFactory(exam=exam)
        LesionFactory(exam=exam, site="inguinal")
    return case


def test_the_case_page_queries_do_not_grow_with_the_number_of_exams(
    vet_client, django_assert_max_num_queries
):
    one = _case_with_exams(1)
    with django_assert_max_num_queries(20) as baseline:
        vet_client.get(reverse("cases:case_detail", kwargs={"case_id": one.pk}))
    ten = _case_with_exams(10)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = vet_client.get(reverse("cases:case_detail", kwargs={"case_id": ten.pk}))
    assert len(response.context["entries"]) == 10


def test_the_timeline_filters_by_kind_with_htmx(vet_client):
    case = _case_with_exams(2)
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    partial = vet_client.get(url, {"kind": "exam"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert partial.content.decode().count('data-kind="exam"') == 2
    assert len(vet_client.get(url, {"kind": "no-such-kind"}).context["entries"]) == 0


def test_the_timeline_is_newest_first(vet_client):
    case = _case_with_exams(3)
    entries = vet_client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).context[
        "entries"
    ]
    dates = [entry.when for entry in entries]
    assert dates == sorted(dates, reverse=True)


def test_owners_get_403_on_the_case_list(owner_a_client):
    assert owner_a_client.get(reverse("cases:case_list")).status_code == 403


def test_the_staff_nav_shows_cases(vet_client, reception_client):
    assert 'href="/cases/"' in vet_client.get(reverse("dashboard")).content.decode()
    assert 'href="/cases/"' in reception_client.get(reverse("dashboard")).content.decode()


def test_editing_the_case_keeps_the_dog_and_status(vet_client, vet):
    case = CaseFactory(status="managing")
    vet_client.post(reverse("cases:case_edit", kwargs={"case_id": case.pk}),
                    _open_case_data(vet, opened_on=case.opened_on.isoformat(),
                                    cause_note="on prednisolone for 2 years"))
    case.refresh_from_db()
    assert case.cause_note == "on prednisolone for 2 years"
    assert case.status == Case.Status.MANAGING


def test_the_dog_page_section_shows_reception_the_status_without_links(reception, vet):
    from django.template.loader import render_to_string

    case = CaseFactory()
    for user, linked in ((reception, False), (vet, True)):
        html = render_to_string("cases/contributions/dog_cases.html",
                                dog_cases_section(case.dog, user))
        assert "Suspected" in html
        assert (reverse("cases:case_detail", kwargs={"case_id": case.pk}) in html) is linked


def test_the_opening_date_cannot_move_after_the_closing_date_or_the_first_exam(vet_client, vet):
    case = CaseFactory(status="resolved", closed_on=timezone.localdate() - timedelta(days=5))
    url = reverse("cases:case_edit", kwargs={"case_id": case.pk})
    later = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = vet_client.post(url, _open_case_data(vet, opened_on=later))
    assert "cannot have opened after that" in " ".join(response.context["form"].errors["opened_on"])
    open_case_ = CaseFactory()
    ExamFactory(case=open_case_, examined_on=open_case_.opened_on + timedelta(days=1))
    response = vet_client.post(
        reverse("cases:case_edit", kwargs={"case_id": open_case_.pk}),
        _open_case_data(vet, opened_on=(open_case_.opened_on + timedelta(days=3)).isoformat()),
    )
    assert "first exam was on" in " ".join(response.context["form"].errors["opened_on"])


def test_the_case_page_leads_a_vet_to_its_plans_and_diagnostics(vet_client):
    case = CaseFactory()
    page = vet_client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    body = page.content.decode()
    assert reverse("cases:plan_list", kwargs={"case_id": case.pk}) in body
    assert reverse("cases:diagnostics", kwargs={"case_id": case.pk}) in body


def test_the_timeline_counts_each_exams_addenda(vet_client, case, vet):
    from tests.factories.cases import AddendumFactory, ExamFactory, sign

    signed = sign(ExamFactory(case=case, vet=vet))
    AddendumFactory(exam=signed)
    AddendumFactory(exam=signed)
    ExamFactory(case=case, vet=vet)  # a draft: no addenda, no badge
    page = vet_client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    text = page.content.decode()
    assert text.count("addend") == 1
    assert ">2 addenda<" in text


def test_a_new_case_is_followed_up_at_the_vets_current_site_unless_they_name_another(
    vet_client, vet
):
    northgate = ClinicFactory(name="Northgate")
    join(vet, northgate)
    dog = DogFactory()
    url = reverse("cases:case_create", kwargs={"dog_id": dog.pk})
    page = vet_client.get(url, {"clinic_site": northgate.pk})
    assert page.context["form"]["attending_site"].value() == northgate.pk
    assert [label for _, label in page.context["form"].fields["attending_site"].choices] == [
        str(main_site()), "Northgate"]  # the group's sites, no empty choice
    vet_client.post(f"{url}?clinic_site={northgate.pk}", _open_case_data(vet))
    assert dog.cases.get().attending_site == main_site()  # the vet named the main site


def test_moving_a_case_to_another_site_keeps_the_old_site_in_its_history(vet_client, vet):
    northgate = ClinicFactory(name="Northgate")
    case = CaseFactory(attending_vet=vet)
    response = vet_client.post(reverse("cases:case_edit", kwargs={"case_id": case.pk}),
                               _open_case_data(vet, opened_on=case.opened_on.isoformat(),
                                               attending_site=northgate.pk))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.attending_site == northgate
    newest, before = case.history.all()[:2]
    assert (newest.attending_site_id, before.attending_site_id) == (northgate.pk, main_site().pk)
    assert newest.history_user == vet


@pytest.mark.parametrize("site", ["999999", "northgate", ""])
def test_a_site_that_is_not_one_of_the_groups_is_a_field_error(vet_client, vet, site):
    dog = DogFactory()
    response = vet_client.post(reverse("cases:case_create", kwargs={"dog_id": dog.pk}),
                               _open_case_data(vet, attending_site=site))
    assert response.status_code == 200
    assert response.context["form"].errors["attending_site"]
    assert not dog.cases.exists()
