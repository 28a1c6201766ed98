"""The environment's CLINIC_NAME, CLINIC_PHONE, CLINIC_EMAIL and CLINIC_ADDRESS become the
first site, and everyone already on the staff works there. After this the settings seed
nothing more; sites are edited in the admin."""

from django.db import migrations

from clinic.sites.seed import first_site

STAFF_ROLES = ("Vet", "Reception")


def seed(apps, schema_editor):
    site = first_site(apps.get_model("clinic_sites", "Clinic"))
    User = apps.get_model("accounts", "User")
    SiteMembership = apps.get_model("clinic_sites", "SiteMembership")
    staff = User.objects.filter(groups__name__in=STAFF_ROLES).distinct()
    SiteMembership.objects.bulk_create(
        [SiteMembership(site=site, user=user) for user in staff], ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_sites", "0001_sites"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
