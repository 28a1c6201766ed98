import factory
from django.contrib.auth.models import Group

from clinic.accounts.models import User
from clinic.accounts.roles import Role

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    role = factory.PostGeneration(lambda user, create, extracted, **kw: _join(user, extracted))


def _join(user, role):
    if role:
        user.groups.add(Group.objects.get(name=Role(role).value))
    user.save()


def _with_role(default):
    return factory.PostGeneration(
        lambda user, create, extracted, **kw: _join(user, extracted or default)
    )


def _works_at(user, create, extracted, **kwargs):
    """Staff work at the main site unless given `sites=[...]` (an empty list: none)."""
    from tests.factories.sites import join, main_site

    for site in [main_site()] if extracted is None else extracted:
        join(user, site)


class VetFactory(UserFactory):
    full_name = factory.Sequence(lambda n: f"Dr Vet {n}")
    role = _with_role(Role.VET)
    sites = factory.PostGeneration(_works_at)


class ReceptionistFactory(UserFactory):
    role = _with_role(Role.RECEPTION)
    sites = factory.PostGeneration(_works_at)


class OwnerUserFactory(UserFactory):
    role = _with_role(Role.OWNER)


class AdministratorFactory(UserFactory):
    is_staff = True
    is_superuser = True
    role = _with_role(Role.ADMINISTRATOR)
