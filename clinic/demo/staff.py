"""Demo logins: a stable contract that training material and outside checks rely on."""

from django.contrib.auth.models import Group

from clinic.accounts.models import User
from clinic.accounts.roles import Role

DEMO_PASSWORD = "cutiscase-demo"

DEMO_STAFF = [
    # (e-mail, name, role); the administrator is a superuser as well
    ("vet@example.com", "Dr Amelia Hart", Role.VET),
    ("vet2@example.com", "Dr Tomasz Nowak", Role.VET),
    ("reception@example.com", "Priya Shah", Role.RECEPTION),
    ("admin@example.com", "Morgan Ellis", Role.ADMINISTRATOR),
]
DEMO_OWNER_LOGINS = [
    ("owner@example.com", "Helen Carter"),
    ("owner2@example.com", "James Whitfield"),
]


def ensure_user(email, full_name, role=None, superuser=False):
    """Create or repair a demo login so that it always works with the demo password."""
    user, _ = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    user.full_name = full_name
    user.is_active = True
    user.is_superuser = superuser
    user.is_staff = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    if role is not None:
        user.groups.set([Group.objects.get(name=role.value)])
    return user


def seed(context):
    for email, name, role in DEMO_STAFF:
        context[email] = ensure_user(email, name, role, superuser=role == Role.ADMINISTRATOR)
    for email, name in DEMO_OWNER_LOGINS:
        context[email] = ensure_user(email, name, Role.OWNER)


def login_table():
    rows = [(email, role.value) for email, _, role in DEMO_STAFF]
    rows += [(email, "Owner") for email, _ in DEMO_OWNER_LOGINS]
    return rows
