"""Inviting an owner to the portal and accepting the invitation."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clinic.accounts.models import User
from clinic.accounts.roles import Role
from clinic.lib.mail import send_mail_on_commit
from clinic.portal.models import Invitation, hash_invitation_token
from clinic.sites.models import Clinic


@transaction.atomic
def invite_owner(owner, invited_by, build_absolute_uri, token=None):
    """Withdraw the owner's earlier unused links, create a new one and e-mail it on commit.

    `build_absolute_uri` is request.build_absolute_uri; returns the Invitation."""
    if not owner.email:
        raise ValidationError("Add the owner's e-mail address before inviting them.")
    owner.invitations.pending().update(revoked_at=timezone.now())
    invitation, token = Invitation.issue(owner, invited_by, token=token)
    link = build_absolute_uri(reverse("portal:invitation_accept", kwargs={"token": token}))
    main_site = Clinic.objects.main()
    context = {
        "owner": owner,
        "link": link,
        "days": settings.CLINIC_INVITATION_DAYS,
        # The portal is the group's: its main site invites.
        "clinic_name": main_site.name,
        "clinic_phone": main_site.phone,
    }
    # Sent by the task worker once this transaction commits: nothing if it rolls back.
    send_mail_on_commit(
        render_to_string("portal/email/invitation_subject.txt", context).strip(),
        render_to_string("portal/email/invitation_body.txt", context),
        [owner.email],
    )
    return invitation


def find_invitation(token):
    """The invitation a link's token belongs to, or None."""
    return Invitation.objects.select_related("owner", "owner__user").filter(
        token_hash=hash_invitation_token(token)
    ).first()


def user_for_invitation(invitation):
    """The User that accepting `invitation` will set a password on (unsaved if new).

    Raises ValidationError when the address belongs to a staff account or to another
    owner's login: those must be sorted out by the clinic, never merged silently."""
    owner = invitation.owner
    if owner.user_id:
        return owner.user
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        return User(email=invitation.email.lower(), full_name=owner.full_name)
    if user.is_clinic_staff or hasattr(user, "owner_profile"):
        raise ValidationError(
            "This e-mail address already belongs to another account. Please call the "
            "clinic so that we can sort it out."
        )
    return user


def accept_invitation(invitation, user, password):
    """Use the invitation once: set the password, give the Owner role, link the owner.

    Raises ValidationError if the link was used, withdrawn or expired meanwhile."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable:
            raise ValidationError("This invitation link no longer works.")
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=Role.OWNER.value))
        owner = locked.owner
        if owner.user_id != user.pk:
            owner.user = user
            owner.save(update_fields=["user"])
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
    return user
