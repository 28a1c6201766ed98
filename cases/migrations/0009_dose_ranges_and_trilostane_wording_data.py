"""Issue 12's reference data: per-frequency and per-day dose ranges, cefalexin 22–30 mg/kg,
the trilostane and steroid-taper wording for owners.

Rows a clinic has edited are left alone: a value is only corrected while it still reads
as the old seeded default. The old values are written out here so this migration keeps
meaning what it meant when it ran.
"""

from decimal import Decimal

from django.db import migrations

from cases.reference_data import DRUGS, WORDING, load_treatment_reference_data

OLD_WARNING_TRILOSTANE = (
    "On trilostane: lethargy, not eating, vomiting or diarrhoea can mean the dose is too "
    "high. Stop giving trilostane and call us straight away."
)
# name: (old range, new range)
OLD_RANGES = {
    "Trilostane": (("0.5", "2.0"), ("0.5", "6.7")),
    "Cefalexin": (("15", "30"), ("22", "30")),
}
OLD_NOTE_STARTS = {
    "Trilostane": "Hyperadrenocorticism. Starting regimens in use",
    "Cefalexin": "Choose antibiotics by culture",
    "Meloxicam": "NSAID: do not give with corticosteroids.",
}


def forwards(apps, schema_editor):
    Drug = apps.get_model("cases", "Drug")
    CareWording = apps.get_model("cases", "CareWording")
    load_treatment_reference_data(
        Drug, apps.get_model("cases", "DrugStrength"), CareWording,
        apps.get_model("cases", "DoseRange"),
    )
    notes = {row[0]: row[6] for row in DRUGS}
    for name, ((old_low, old_high), (low, high)) in OLD_RANGES.items():
        Drug.objects.filter(name=name, dose_min_mg_per_kg=Decimal(old_low),
                            dose_max_mg_per_kg=Decimal(old_high)).update(
            dose_min_mg_per_kg=Decimal(low), dose_max_mg_per_kg=Decimal(high))
    for name, start in OLD_NOTE_STARTS.items():
        Drug.objects.filter(name=name, notes__startswith=start).update(notes=notes[name])
    CareWording.objects.filter(topic="warning_trilostane", text=OLD_WARNING_TRILOSTANE).update(
        text=WORDING["warning_trilostane"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_dose_ranges_steroid_history_taper")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
