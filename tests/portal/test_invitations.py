"""Staff invite an owner; the one-time link lets the owner set a password and log in."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clinic.accounts.models import User
from clinic.portal.models import Invitation, hash_invitation_token
from tests.factories.accounts import OwnerUserFactory, VetFactory
from tests.factories.patients import DogFactory, OwnerFactory
from tests.factories.portal import issue_invitation

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "mossy-harbour-lantern-42"


@pytest.fixture
def new_owner(db):
    owner = OwnerFactory(first_name="Nina", last_name="Newcome", email="nina@example.org")
    DogFactory(owner=owner, name="Biscuit")
    return owner


def invite_url(owner):
    return reverse("portal_staff:invite_owner", kwargs={"owner_id": owner.pk})


def accept_url(token):
    return reverse("portal:invitation_accept", kwargs={"token": token})


def link_from(message):
    return next(line for line in message.body.splitlines() if "/portal/invitation/" in line)


@pytest.mark.parametrize("staff_client", ["vet_client", "reception_client"])
def test_staff_invite_an_owner_by_e_mail(
    request, staff_client, new_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = request.getfixturevalue(staff_client).post(invite_url(new_owner))
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina@example.org"]
    token = link_from(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(owner=new_owner)
    assert invitation.token_hash == hash_invitation_token(token)
    assert token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_the_expiry_follows_the_setting(settings, vet_client, new_owner):
    settings.CLINIC_INVITATION_DAYS = 2
    vet_client.post(invite_url(new_owner))
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=2)


def test_a_new_invitation_withdraws_the_earlier_link(vet_client, client, new_owner):
    _, old_token = issue_invitation(new_owner)
    vet_client.post(invite_url(new_owner))
    response = client.get(accept_url(old_token))
    assert response.status_code == 410
    assert b"expired" in response.content


def test_an_owner_without_e_mail_cannot_be_invited(vet_client, new_owner):
    new_owner.email = ""
    new_owner.save()
    response = vet_client.post(invite_url(new_owner), follow=True)
    assert b"e-mail address before inviting" in response.content
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_owners_cannot_invite_anyone(owner_a_client, new_owner):
    assert owner_a_client.post(invite_url(new_owner)).status_code == 403


def test_the_invite_goes_back_only_to_a_page_of_this_site(vet_client, new_owner):
    response = vet_client.post(invite_url(new_owner), {"next": "https://evil.example/"})
    assert response.url == reverse("dashboard")
    response = vet_client.post(invite_url(new_owner), {"next": "/somewhere/"})
    assert response.url == "/somewhere/"


def test_accepting_sets_the_password_and_logs_the_owner_in(client, new_owner):
    _, token = issue_invitation(new_owner)
    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert b"nina@example.org" in page.content
    response = client.post(accept_url(token), {
        "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD,
    })
    assert response.url == reverse("portal:home")
    new_owner.refresh_from_db()
    user = new_owner.user
    assert user.email == "nina@example.org"
    assert user.check_password(GOOD_PASSWORD)
    assert user.is_portal_owner
    assert b"Biscuit" in client.get(reverse("portal:home")).content


def test_a_weak_password_is_refused_next_to_the_field(client, new_owner):
    _, token = issue_invitation(new_owner)
    response = client.post(accept_url(token), {
        "new_password1": "password", "new_password2": "password",
    })
    assert response.status_code == 200
    assert b"too common" in response.content or b"too short" in response.content
    assert not User.objects.filter(email="nina@example.org").exists()
    assert Invitation.objects.get().used_at is None


def test_mismatched_passwords_are_refused(client, new_owner):
    _, token = issue_invitation(new_owner)
    response = client.post(accept_url(token), {
        "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD + "x",
    })
    assert response.status_code == 200
    assert b"didn" in response.content  # "The two password fields didn't match."


def test_a_used_link_does_not_work_twice(client, new_owner):
    _, token = issue_invitation(new_owner)
    data = {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    client.post(accept_url(token), data)
    client.logout()
    again = {**data, "new_password1": "x" + GOOD_PASSWORD}
    for response in (client.get(accept_url(token)), client.post(accept_url(token), again)):
        assert response.status_code == 410
        assert b"already been used" in response.content
    new_owner.refresh_from_db()
    assert new_owner.user.check_password(GOOD_PASSWORD)


def test_an_expired_link_gets_a_kind_page(client, new_owner):
    _, token = issue_invitation(new_owner, expires_at=timezone.now() - timedelta(minutes=1))
    for response in (client.get(accept_url(token)),
                     client.post(accept_url(token), {"new_password1": GOOD_PASSWORD,
                                                     "new_password2": GOOD_PASSWORD})):
        assert response.status_code == 410
        assert b"This link has expired" in response.content
        assert b"tel:" in response.content
    assert not User.objects.filter(email="nina@example.org").exists()


def test_an_unknown_link_gets_a_kind_page(client):
    response = client.get(accept_url("not-a-real-token"))
    assert response.status_code == 404
    assert b"We do not recognise this link" in response.content


def test_an_invitation_cannot_take_over_a_staff_account(client):
    VetFactory(email="clash@example.org")
    owner = OwnerFactory(email="clash@example.org")
    _, token = issue_invitation(owner)
    response = client.get(accept_url(token))
    assert response.status_code == 409
    response = client.post(accept_url(token), {"new_password1": GOOD_PASSWORD,
                                               "new_password2": GOOD_PASSWORD})
    assert response.status_code == 409
    owner.refresh_from_db()
    assert owner.user is None


def test_an_owner_who_already_has_a_login_can_reset_it_through_a_new_invitation(client):
    user = OwnerUserFactory(email="again@example.org")
    owner = OwnerFactory(email="again@example.org", user=user)
    _, token = issue_invitation(owner)
    client.post(accept_url(token), {"new_password1": GOOD_PASSWORD,
                                    "new_password2": GOOD_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    assert User.objects.filter(email="again@example.org").count() == 1


def test_the_owner_page_offers_the_invitation(vet_client, new_owner):
    page = vet_client.get(reverse("patients:owner", kwargs={"owner_id": new_owner.pk}))
    assert b"Invite to the portal" in page.content
    assert invite_url(new_owner).encode() in page.content


def test_an_invitation_whose_request_rolls_back_sends_nothing(
    vet, new_owner, django_capture_on_commit_callbacks
):
    """The e-mail is queued on commit: a fault after "sending" leaves no link in anyone's inbox."""
    from contextlib import suppress

    from django.db import transaction

    from clinic.portal.invitations import invite_owner

    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            suppress(RuntimeError), transaction.atomic():
        invite_owner(new_owner, vet, lambda path: f"https://clinic.example{path}")
        raise RuntimeError("database fault later in the request")
    assert callbacks == []
    assert not Invitation.objects.exists()
    assert mail.outbox == []
