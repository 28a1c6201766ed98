"""The first site, from the environment settings: used by migration 0002 and by
clinic.reference_data (a database emptied after migrating gets it again)."""

from django.conf import settings


def first_site(Clinic):
    """The group's first site; made from CLINIC_NAME … when there is none. `Clinic` is the
    model class (the migration passes its historical one)."""
    site = Clinic.objects.order_by("pk").first()
    if site is None:
        site = Clinic.objects.create(
            name=settings.CLINIC_NAME, phone=settings.CLINIC_PHONE,
            email=settings.CLINIC_EMAIL, address=settings.CLINIC_ADDRESS,
        )
    return site
