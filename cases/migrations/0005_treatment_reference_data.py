"""Seed the drug reference list and the owners' care wording (cases.reference_data)."""

from django.db import migrations

from cases.reference_data import load_treatment_reference_data


def seed(apps, schema_editor):
    load_treatment_reference_data(
        apps.get_model("cases", "Drug"), apps.get_model("cases", "DrugStrength"),
        apps.get_model("cases", "CareWording"),
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_treatment")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
