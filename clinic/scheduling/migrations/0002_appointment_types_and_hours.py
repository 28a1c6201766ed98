"""The usual appointment types and opening hours, for a clinic to adjust in the admin.

The lists are written out here (not imported) so this migration keeps meaning what it
meant when it ran.
"""

import datetime

from django.db import migrations

TYPES = [
    # name, minutes, colour, what to bring
    ("Consult", 20, "teal", "Any medicines your dog is taking, and notes of what you have seen."),
    ("Recheck", 20, "blue", "Any medicines your dog is taking, and your home observation notes."),
    ("Biopsy", 45, "purple", "No food from midnight before; water is fine. Allow the day."),
    ("X-ray", 40, "orange", "No food from midnight before, unless the vet said otherwise."),
    ("Bandage change", 15, "green", "Keep the bandage dry on the way in."),
    ("Surgery", 90, "red", "No food from midnight before; water is fine. Drop-off in the morning."),
    ("Blood test", 15, "grey", "Your vet will say whether your dog should skip breakfast."),
]

HOURS = [
    # weekday (Monday 0), opens, closes (None: closed)
    (0, "08:30", "18:00"), (1, "08:30", "18:00"), (2, "08:30", "18:00"),
    (3, "08:30", "18:00"), (4, "08:30", "18:00"), (5, "09:00", "12:30"), (6, None, None),
]


def add_defaults(apps, schema_editor):
    AppointmentType = apps.get_model("scheduling", "AppointmentType")
    ClinicHours = apps.get_model("scheduling", "ClinicHours")
    for name, minutes, colour, bring in TYPES:
        AppointmentType.objects.get_or_create(
            name=name,
            defaults={"default_minutes": minutes, "colour": colour, "what_to_bring": bring},
        )
    for weekday, opens, closes in HOURS:
        ClinicHours.objects.get_or_create(
            weekday=weekday,
            defaults={
                "is_closed": opens is None,
                "opens_at": datetime.time.fromisoformat(opens) if opens else None,
                "closes_at": datetime.time.fromisoformat(closes) if closes else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_appointments")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
