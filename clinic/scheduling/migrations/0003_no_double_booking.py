"""No double booking, as a PostgreSQL exclusion constraint: one vet's active appointments
never overlap, even when two requests book at the same instant.

PostgreSQL only: SQLite has no exclusion constraints (there the booking service checks
and inserts under the write lock). The constraint therefore lives here, not in Meta.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CREATE = """
ALTER TABLE scheduling_appointment
ADD CONSTRAINT appointment_no_double_booking
EXCLUDE USING gist (vet_id WITH =, tstzrange(start, "end", '[)') WITH &&)
WHERE (status NOT IN ('cancelled', 'no_show'))
"""
DROP = "ALTER TABLE scheduling_appointment DROP CONSTRAINT IF EXISTS appointment_no_double_booking"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0002_appointment_types_and_hours")]

    operations = [
        # BtreeGistExtension does nothing on other databases.
        BtreeGistExtension(),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
