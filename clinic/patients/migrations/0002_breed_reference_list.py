"""The starting breed reference list (clinic.patients.reference_data)."""

from django.db import migrations

from clinic.patients.reference_data import BREEDS, load_breeds


def add_breeds(apps, schema_editor):
    load_breeds(apps.get_model("patients", "Breed"))


def remove_breeds(apps, schema_editor):
    names = [name for names in BREEDS.values() for name in names]
    apps.get_model("patients", "Breed").objects.filter(name__in=names, dogs=None).delete()


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(add_breeds, remove_breeds)]
