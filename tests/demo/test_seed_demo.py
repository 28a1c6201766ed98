import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from clinic.accounts.models import User
from clinic.demo.staff import DEMO_PASSWORD, login_table

pytestmark = pytest.mark.django_db


def count_everything():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.label.startswith(("sessions.", "axes.", "admin."))
    }


def test_running_it_twice_duplicates_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    first = count_everything()
    call_command("seed_demo")
    assert count_everything() == first


def test_every_demo_login_works_with_the_shared_password(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    emails = [email for email, _ in login_table()]
    for email in ["vet@example.com", "vet2@example.com", "reception@example.com",
                  "owner@example.com", "owner2@example.com"]:
        assert email in emails
    for email in emails:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)


def test_each_demo_login_lands_on_its_own_side(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    for email, role in login_table():
        client.logout()
        response = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert response.url == ("/portal/" if role == "Owner" else "/"), email


def test_demo_owners_have_dogs_with_weight_histories(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    for email in ("owner@example.com", "owner2@example.com"):
        owner = User.objects.get(email=email).owner_profile
        dogs = list(owner.dogs.all())
        assert dogs
        for dog in dogs:
            assert dog.weights.count() >= 1


def test_it_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DJANGO_DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.filter(email="vet@example.com").exists()


def test_the_demo_vet_has_an_urgent_trilostane_report_and_a_priority_review(settings):
    from cases.services.observations import reports_awaiting_vet

    settings.DEBUG = True
    call_command("seed_demo")
    vet = User.objects.get(email="vet@example.com")
    urgent, review = list(reports_awaiting_vet(vet))
    assert urgent.is_urgent
    assert urgent.stop_dose
    assert urgent.adrenal_suppressant == "Trilostane"
    assert urgent.dog.owner.email == "owner@example.com"
    assert urgent.photos.count() == 1
    assert review.triage == "priority_review"
    assert review.review_reasons() == ["lesions look worse"]


def test_the_demo_has_a_pending_invitation_for_an_owner_without_a_login(settings, client):
    from clinic.demo.portal import DEMO_INVITATION_TOKEN

    settings.DEBUG = True
    call_command("seed_demo")
    response = client.get(f"/portal/invitation/{DEMO_INVITATION_TOKEN}/")
    assert response.status_code == 200
    assert b"Welcome, Michael" in response.content
