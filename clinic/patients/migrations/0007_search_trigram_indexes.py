"""Search by name prefix, phone fragment and microchip fragment from an index.

The patient search asks `UPPER(col) LIKE UPPER('%smi%')` (icontains) and `phone LIKE
'%900123%'` (contains): a B-tree cannot answer either, so at 100,000 dogs every search read
all owners and dogs. pg_trgm GIN indexes answer both (docs/benchmarks.md). PostgreSQL
only: on SQLite the same queries run unindexed and return the same rows.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("patients_owner", "owner_first_name_trgm", "UPPER(first_name)"),
    ("patients_owner", "owner_last_name_trgm", "UPPER(last_name)"),
    ("patients_owner", "owner_email_trgm", "UPPER(email)"),
    ("patients_owner", "owner_phone_trgm", "phone"),
    ("patients_dog", "dog_name_trgm", "UPPER(name)"),
    ("patients_dog", "dog_microchip_trgm", "microchip"),
]


def on_postgresql(make_sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table, name, expression in INDEXES:
                schema_editor.execute(make_sql(table, name, expression))

    return run


create = on_postgresql(
    lambda table, name, expression:
    f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops)"
)
drop = on_postgresql(lambda table, name, expression: f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('patients', '0006_owner_notes_length_limits')]

    operations = [
        # TrigramExtension does nothing on other databases.
        TrigramExtension(),
        migrations.RunPython(create, drop),
    ]
