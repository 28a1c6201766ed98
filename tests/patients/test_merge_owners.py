"""Merging two records of one person: the administrator's admin action."""

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.patients.models import Owner
from clinic.patients.services import MERGE_RULES, MergeRefused, merge_owners, owner_relations
from clinic.portal.models import Invitation
from clinic.scheduling.models import CalendarFeedToken
from clinic.scheduling.services import rotate_feed_token
from tests.factories.accounts import OwnerUserFactory
from tests.factories.patients import DogFactory, OwnerFactory
from tests.factories.portal import (
    CareTaskTickFactory,
    DataExportFactory,
    DeletionRequestFactory,
    issue_invitation,
)
from tests.factories.scheduling import AppointmentFactory, ChangeRequestFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:patients_owner_changelist")


@pytest.fixture
def keep(db):
    owner = OwnerFactory(first_name="Helen", last_name="Carter", email="", address="")
    DogFactory(owner=owner, name="Bramble")
    return owner


@pytest.fixture
def duplicate(db, vet):
    """The same person registered again, with something behind every relation to Owner."""
    user = OwnerUserFactory(email="helen@example.org")
    owner = OwnerFactory(first_name="Helen", last_name="Carter", email=user.email, user=user,
                         address="3 Mill Road")
    dog = DogFactory(owner=owner, name="Pip")
    appointment = AppointmentFactory(dog=dog, vet=vet)
    ChangeRequestFactory(appointment=appointment, requested_by=user)
    # A request handled (and withdrawn) long ago: handling one cuts the portal off, so first.
    DeletionRequestFactory(owner=owner, handled_at=timezone.now())
    issue_invitation(owner)
    rotate_feed_token(owner)
    CareTaskTickFactory(dog=dog, owner=owner)
    DataExportFactory(owner=owner)
    return owner


@pytest.mark.parametrize("relation", owner_relations(), ids=lambda r: r.related_model._meta.label)
def test_every_relation_to_owner_has_a_merge_rule(relation):
    # A new foreign key to Owner fails here until merge_owners says how it moves.
    assert relation.related_model._meta.label in MERGE_RULES


def test_everything_pointing_at_the_merged_owner_moves_to_the_kept_one(keep, duplicate,
                                                                       administrator):
    user = duplicate.user
    merge_owners(keep, duplicate, by=administrator)
    for relation in owner_relations():
        rows = relation.related_model._base_manager.filter(**{relation.field.name: duplicate})
        assert not rows.exists(), relation.related_model._meta.label
        assert relation.related_model._base_manager.filter(
            **{relation.field.name: keep}).exists(), relation.related_model._meta.label
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert sorted(keep.dogs.values_list("name", flat=True)) == ["Bramble", "Pip"]
    assert keep.dogs.get(name="Pip").appointments.get().change_requests.exists()
    assert keep.user == user
    assert duplicate.user is None
    assert (keep.email, keep.address) == ("helen@example.org", "3 Mill Road")
    assert duplicate.is_archived
    assert duplicate.staff_notes.startswith(f"Merged into Helen Carter (#{keep.pk})")
    assert CalendarFeedToken.objects.active().get().owner == keep  # the feed URL still works


def test_the_merge_is_in_both_histories_with_who_did_it(keep, duplicate, administrator):
    merge_owners(keep, duplicate, by=administrator)
    kept, gone = keep.history.first(), duplicate.history.first()
    assert kept.history_change_reason == f"Merged Helen Carter (#{duplicate.pk}) into this owner"
    assert gone.history_change_reason == f"Merged into Helen Carter (#{keep.pk})"
    assert kept.history_user == gone.history_user == administrator
    pip = keep.dogs.get(name="Pip")
    assert pip.history.first().history_change_reason.startswith("Owner Helen Carter")
    assert pip.history.first().owner_id == keep.pk


def test_two_portal_logins_are_refused_and_nothing_moves(keep, duplicate, administrator):
    keep.user = OwnerUserFactory(email="other@example.org")
    keep.save()
    with pytest.raises(MergeRefused, match="Both Helen Carter and Helen Carter have a portal"):
        merge_owners(keep, duplicate, by=administrator)
    assert duplicate.dogs.count() == 1
    assert not Owner.objects.get(pk=duplicate.pk).is_archived


def test_an_open_deletion_request_is_handled_first(keep, duplicate, administrator):
    DeletionRequestFactory(owner=duplicate)
    with pytest.raises(MergeRefused, match="handle that request first"):
        merge_owners(keep, duplicate, by=administrator)
    assert duplicate.dogs.count() == 1  # rolled back as one transaction


def test_a_kept_login_revokes_the_merged_owners_unused_invitations(keep, administrator):
    keep.user = OwnerUserFactory(email="helen@example.org")
    keep.save()
    other = OwnerFactory(email="h.carter@example.org")
    invitation, _ = issue_invitation(other)
    merge_owners(keep, other, by=administrator)
    invitation.refresh_from_db()
    assert invitation.owner == keep
    assert invitation.revoked_at is not None


def test_only_one_active_feed_when_both_had_one(keep, duplicate, administrator):
    kept_token = rotate_feed_token(keep)
    merge_owners(keep, duplicate, by=administrator)
    assert list(CalendarFeedToken.objects.active()) == [kept_token]


def test_merging_an_owner_into_itself_is_refused(keep, administrator):
    with pytest.raises(MergeRefused):
        merge_owners(keep, keep, by=administrator)


def post_action(client, owners, **extra):
    return client.post(CHANGELIST, {"action": "merge_two_owners",
                                    "_selected_action": [o.pk for o in owners], **extra})


def test_the_admin_action_confirms_with_both_owners_then_merges(admin_client_, keep,
                                                                duplicate):
    page = post_action(admin_client_, [keep, duplicate])
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Keep #{keep.pk} Helen Carter" in text
    assert f"Keep #{duplicate.pk} Helen Carter" in text
    assert "Pip" in text
    assert "Bramble" in text
    assert keep.dogs.count() == 1  # nothing happens before the confirmation
    response = post_action(admin_client_, [keep, duplicate], keep=keep.pk)
    assert response.status_code == 302
    assert keep.dogs.count() == 2


def test_the_admin_action_needs_exactly_two_owners_and_says_so(admin_client_, keep):
    response = post_action(admin_client_, [keep], )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Select exactly two owners to merge."]


def test_a_refused_merge_is_a_message_not_a_500(admin_client_, keep, duplicate):
    keep.user = OwnerUserFactory(email="other@example.org")
    keep.save()
    response = post_action(admin_client_, [keep, duplicate], keep=keep.pk)
    assert response.status_code == 302
    assert "portal login" in str(next(iter(response.wsgi_request._messages)))


def test_a_keep_id_not_among_the_selected_is_refused(admin_client_, keep, duplicate):
    other = OwnerFactory()
    response = post_action(admin_client_, [keep, duplicate], keep=other.pk)
    assert response.status_code == 302
    assert keep.dogs.count() == 1


def test_only_the_administrator_gets_the_merge_action(client_for, keep, duplicate):
    from tests.factories.accounts import ReceptionistFactory

    reception = ReceptionistFactory(is_staff=True)
    client = client_for(reception)
    post_action(client, [keep, duplicate], keep=keep.pk)
    assert keep.dogs.count() == 1
    assert Invitation.objects.filter(owner=keep).count() == 0
    assert "merge_two_owners" not in client.get(CHANGELIST).content.decode()

