"""An ACTH stimulation test is its own appointment type: at least an hour, and the owner
gives the morning trilostane dose with food and comes 4–6 hours later (Vetoryl label), not
"skip breakfast". Written out here so the migration keeps meaning what it meant."""

from django.db import migrations

NAME = "ACTH stimulation test"
MINUTES = 60
WHAT_TO_BRING = (
    "If your dog takes trilostane: give the morning dose with food as usual, then come in "
    "4–6 hours later. The test takes at least an hour (two blood samples, an hour apart). "
    "Bring the capsules or their box."
)


def add_acth_type(apps, schema_editor):
    AppointmentType = apps.get_model("scheduling", "AppointmentType")
    AppointmentType.objects.get_or_create(name=NAME, defaults={
        "default_minutes": MINUTES, "colour": "grey", "what_to_bring": WHAT_TO_BRING,
    })


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0003_no_double_booking")]

    operations = [migrations.RunPython(add_acth_type, migrations.RunPython.noop)]
