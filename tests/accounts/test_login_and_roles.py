import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from clinic.accounts.models import User
from clinic.accounts.roles import ROLE_PERMISSIONS, Role
from tests.factories.accounts import TEST_PASSWORD, OwnerUserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password=TEST_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def test_the_roles_exist_with_exactly_their_listed_permissions():
    for role, wanted in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == wanted, f"{role}: listed permissions that do not exist"


def test_every_listed_permission_exists():
    for wanted in ROLE_PERMISSIONS.values():
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            assert Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).exists(), dotted


def test_email_is_the_login_and_is_case_insensitive(client, vet):
    response = login(client, "VET.A@Example.ORG")
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_the_user_model_has_no_username():
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User, "username")


@pytest.mark.parametrize(
    ("persona", "landing"),
    [("vet", "/"), ("reception", "/"), ("administrator", "/"), ("owner_a", "/portal/")],
)
def test_each_role_lands_on_its_own_side(client, request, persona, landing):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    response = login(client, user.email)
    assert response.status_code == 302
    assert response.url == landing
    assert client.get(response.url).status_code == 200


def test_an_owner_sent_to_a_staff_page_lands_on_the_portal_instead(client, owner_a):
    response = client.post(
        reverse("login") + "?next=/",
        {"username": owner_a.user.email, "password": TEST_PASSWORD, "next": "/"},
    )
    assert response.url == "/portal/"


def test_a_next_page_on_the_users_own_side_is_honoured(client, vet):
    response = client.post(
        reverse("login"),
        {"username": vet.email, "password": TEST_PASSWORD, "next": "/accounts/password/change/"},
    )
    assert response.url == "/accounts/password/change/"


def test_an_off_site_next_is_ignored(client, vet):
    response = client.post(
        reverse("login"),
        {"username": vet.email, "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    assert response.url == "/"


@pytest.mark.parametrize(
    ("persona", "staff_status", "portal_status", "admin_status"),
    [
        ("vet", 200, 403, 302),
        ("reception", 200, 403, 302),
        ("administrator", 200, 403, 200),
        ("owner_a", 302, 200, 302),
    ],
)
def test_each_side_refuses_the_other_role(
    client_for, request, persona, staff_status, portal_status, admin_status
):
    user = request.getfixturevalue(persona)
    client = client_for(getattr(user, "user", user))
    assert client.get("/").status_code == staff_status
    assert client.get("/portal/").status_code == portal_status
    assert client.get("/admin/").status_code == admin_status


def test_an_owner_who_opens_the_root_goes_to_the_portal(client_for, owner_a):
    response = client_for(owner_a.user).get("/")
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    # ...while staff pages stay closed to them.
    assert client_for(owner_a.user).get(reverse("patients:index")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in ("/", "/portal/", "/accounts/password/change/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=")


def test_the_login_page_reset_pages_and_healthz_are_public(client):
    for url in ("/accounts/login/", "/accounts/password/reset/", "/healthz"):
        assert client.get(url).status_code == 200


def test_an_owner_is_never_admin_staff_even_if_flagged():
    user = OwnerUserFactory(is_staff=False)
    assert user.is_portal_owner
    assert not user.is_clinic_staff


def test_a_staff_member_with_an_owner_group_is_not_a_portal_owner(vet):
    vet.groups.add(Group.objects.get(name=Role.OWNER.value))
    vet = User.objects.get(pk=vet.pk)
    assert vet.is_clinic_staff
    assert not vet.is_portal_owner


def test_a_wrong_password_says_so_on_the_form(client, vet):
    response = login(client, vet.email, password="nope")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_an_address_is_locked_out_after_repeated_failures(client, vet, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, vet.email, password="wrong", REMOTE_ADDR="203.0.113.7")
    response = login(client, vet.email, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    # The same person from another address (another clinic PC) is not locked out.
    response = login(client, vet.email, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302


def test_a_successful_login_before_the_limit_resets_the_count(client, vet, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, vet.email, password="wrong", REMOTE_ADDR="203.0.113.8")
    assert login(client, vet.email, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_password_reset_sends_a_working_one_time_link(client, vet, mailoutbox, settings):
    client.post(reverse("password_reset"), {"email": vet.email})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split(settings.CLINIC_SITE_URL, 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "a brand new long password"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert User.objects.get(pk=vet.pk).check_password(new)
    # The link works once.
    assert "no longer works" in client.get(path, follow=True).content.decode()


def test_friendly_404_page(client, vet_client):
    response = vet_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "could not find that page" in response.content.decode()


def test_the_500_page_renders_without_a_request_context(rf):
    from clinic.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Nothing you saved before this page is lost" in response.content.decode()
