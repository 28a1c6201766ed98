import factory

from clinic.sites.models import Clinic, SiteMembership
from clinic.sites.seed import first_site


def main_site():
    """The first site, as clinic.sites migration 0002 makes it."""
    return first_site(Clinic)


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Northgate Site {n}")
    address = "1 Test Road, Leeds LS1 1AA"
    phone = factory.Sequence(lambda n: f"+44 113 496 {n:04d}")
    email = "desk@northgate.example.org"


def join(user, site):
    SiteMembership.objects.get_or_create(user=user, site=site)
    return user


def on_site(user, site=None):
    """`with on_site(user, site):` puts `user` at `site` (the main site by default) with its
    site scope, as the middleware does for a request: direct calls of visible_to() need it."""
    from clinic.sites.current import working_at

    return working_at(user, site or main_site())
