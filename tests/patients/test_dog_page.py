import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.patients import sections
from clinic.patients.models import Breed
from tests.factories.patients import DogFactory, WeightRecordFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def dog_url(dog):
    return reverse("patients:dog", kwargs={"dog_id": dog.pk})


@pytest.fixture
def bramble(db):
    dog = DogFactory(name="Bramble", breed=Breed.objects.get(name="Labrador Retriever"),
                     alerts="long-term corticosteroids, bites", microchip="826098100000101")
    for days, kg in [(120, "33.8"), (60, "34.6"), (0, "35.2")]:
        WeightRecordFactory(dog=dog, weight_kg=Decimal(kg), recorded_on=TODAY - timedelta(days))
    return dog


def test_it_shows_signalment_alerts_and_owner_contacts(vet_client, bramble):
    response = vet_client.get(dog_url(bramble))
    text = response.text
    assert "Labrador Retriever" in text
    assert "size class: Large (25–45 kg)" in text
    assert 'class="badge text-bg-danger me-1">long-term corticosteroids<' in text
    assert 'class="badge text-bg-danger me-1">bites<' in text
    assert f'href="tel:{bramble.owner.phone}"' in text
    assert bramble.age_display in text
    assert "predispos" not in text.lower()


def test_the_weight_chart_gets_every_weight_oldest_first(vet_client, bramble):
    response = vet_client.get(dog_url(bramble))
    spec = response.context["weight_chart"]
    assert [p["y"] for p in spec["datasets"][0]["data"]] == [33.8, 34.6, 35.2]
    first_day = (TODAY - timedelta(120)).isoformat()
    assert spec["datasets"][0]["data"][0]["x"] == first_day
    assert 'data-chart="weight-chart"' in response.text
    assert json.dumps(first_day) in response.text
    assert "chart.umd.min.js" in response.text
    assert "js/charts.js" in response.text
    assert 'id="latest-weight">35.2 kg<' in response.text


def test_recording_a_weight_answers_htmx_with_the_updated_panel(reception_client, reception,
                                                                 bramble):
    response = reception_client.post(
        reverse("patients:weight_add", kwargs={"dog_id": bramble.pk}),
        {"recorded_on": TODAY.isoformat(), "weight_kg": "35.9"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="latest-weight">35.9 kg<' in response.text
    assert "<html" not in response.text
    latest = bramble.latest_weight()
    assert latest.weight_kg == Decimal("35.9")
    assert latest.recorded_by == reception


def test_without_htmx_a_weight_redirects_back_to_the_dog(reception_client, bramble):
    response = reception_client.post(
        reverse("patients:weight_add", kwargs={"dog_id": bramble.pk}),
        {"recorded_on": TODAY.isoformat(), "weight_kg": "36.0"},
    )
    assert response.status_code == 302
    assert response.url == dog_url(bramble)


def test_sections_other_apps_register_appear_in_order_with_their_context(
    vet_client, bramble, monkeypatch, tmp_path, settings
):
    monkeypatch.setattr(sections, "_sections", {})
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "cases_section.html").write_text(
        "<p>{{ count }} cases of {{ dog.name }}</p>"
    )
    (tmp_path / "tpl" / "appts_section.html").write_text("<p>next: {{ when }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [
        *settings.TEMPLATES[0]["DIRS"], tmp_path / "tpl"]}]
    sections.register_dog_section("appointments", "Appointments", "appts_section.html",
                                  lambda dog, user: {"when": "Tuesday"}, order=20)
    sections.register_dog_section("cases", "Cases", "cases_section.html",
                                  lambda dog, user: {"count": 2}, order=10)
    sections.register_dog_section("hidden", "Hidden", "cases_section.html",
                                  lambda dog, user: None)
    text = vet_client.get(dog_url(bramble)).text
    assert "<p>2 cases of Bramble</p>" in text
    assert "<p>next: Tuesday</p>" in text
    assert text.index("Cases") < text.index("Appointments")
    assert "Hidden" not in text


def test_the_dog_header_include_works_on_any_page_that_has_the_dog(rf, bramble):
    from django.template.loader import render_to_string

    html = render_to_string("patients/includes/dog_header.html", {"dog": bramble})
    assert "Bramble" in html
    assert "text-bg-danger" in html
    assert "bites" in html


def test_the_dog_page_costs_the_same_queries_with_more_weights(vet_client, bramble):
    vet_client.get(dog_url(bramble))
    with CaptureQueriesContext(connection) as few:
        vet_client.get(dog_url(bramble))
    for days in range(200, 260):
        WeightRecordFactory(dog=bramble, recorded_on=TODAY - timedelta(days))
    with CaptureQueriesContext(connection) as many:
        vet_client.get(dog_url(bramble))
    assert len(many) == len(few)


def test_the_owner_page_lists_contacts_consent_and_dogs(reception_client, bramble):
    owner = bramble.owner
    owner.reminder_consent_changed_on = TODAY - timedelta(days=3)
    owner.staff_notes = "Prefers afternoon appointments"
    owner.save()
    response = reception_client.get(reverse("patients:owner", kwargs={"owner_id": owner.pk}))
    assert "Prefers afternoon appointments" in response.text
    assert (TODAY - timedelta(days=3)).strftime("%-d %b %Y") in response.text
    assert dog_url(bramble) in response.text


def test_changing_consent_sets_its_date(reception_client, bramble):
    owner = bramble.owner
    owner.reminder_consent = True
    owner.reminder_consent_changed_on = TODAY - timedelta(days=300)
    owner.save()
    data = {"first_name": owner.first_name, "last_name": owner.last_name,
            "phone": owner.phone, "email": owner.email, "preferred_contact": "phone"}
    reception_client.post(reverse("patients:owner_edit", kwargs={"owner_id": owner.pk}), data)
    owner.refresh_from_db()
    assert not owner.reminder_consent
    assert owner.reminder_consent_changed_on == TODAY
    # Saving again without changing the answer keeps the date.
    owner.reminder_consent_changed_on = TODAY - timedelta(days=1)
    owner.save()
    reception_client.post(reverse("patients:owner_edit", kwargs={"owner_id": owner.pk}), data)
    owner.refresh_from_db()
    assert owner.reminder_consent_changed_on == TODAY - timedelta(days=1)


def test_reception_adds_a_further_dog_to_an_owner(reception_client, bramble):
    response = reception_client.post(
        reverse("patients:dog_add", kwargs={"owner_id": bramble.owner_id}),
        {"name": "Pip", "sex": "male", "breed_other": "Lurcher", "age_years": "2"},
    )
    pip = bramble.owner.dogs.get(name="Pip")
    assert response.url == dog_url(pip)
    assert pip.breed_display == "Lurcher"
    assert pip.date_of_birth_estimated


def test_editing_an_estimated_age_keeps_it_an_estimate(reception_client, bramble):
    bramble.date_of_birth_estimated = True
    bramble.save()
    page = reception_client.get(reverse("patients:dog_edit", kwargs={"dog_id": bramble.pk}))
    assert page.context["form"]["date_of_birth_estimated"].value() is True


def test_date_fields_render_iso_dates_the_browser_date_picker_accepts(reception_client, bramble):
    page = reception_client.get(dog_url(bramble))
    assert f'type="date" name="recorded_on" value="{TODAY.isoformat()}"' in page.text
