"""The whole clinic survives a backup and a restore: every row of every table, every file.

Runs on whichever database the suite runs on (CI runs it on SQLite and on PostgreSQL)."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from clinic.backup.services import create_backup, file_checksums, restore_backup
from clinic.patients.models import Dog, WeightRecord
from clinic.scheduling.models import Appointment
from tests.factories.cases import LesionPhotoFactory


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker, tmp_path):
    """Autocommit access to the test database: a restore replaces the whole database, which
    a test's wrapping transaction forbids. A transactional test would empty every table at
    the end, taking the reference data migrations load (groups, breeds …) from the tests
    after it; instead the database is backed up first and restored afterwards."""
    with django_db_blocker.unblock():
        pristine = tmp_path / "pristine"
        create_backup(pristine)
        try:
            yield
        finally:
            restore_backup(pristine, force=True)


def every_row():
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        contents = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            contents[table] = sorted(repr(row) for row in cursor.fetchall())
    return contents


@pytest.fixture
def demo_clinic(committed_db, settings):
    settings.DEBUG = True  # seed_demo refuses to run in production
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert file_checksums(), "the demo should have stored files to back up"


@pytest.fixture
def small_clinic(committed_db):
    """One dog with one lesion photo: enough for the refusals, quicker than the demo."""
    return LesionPhotoFactory()


def damage(storage):
    WeightRecord.objects.filter(exam__isnull=True).delete()
    Appointment.objects.filter(status="completed").delete()
    Dog.objects.update(name="Renamed")
    names = sorted(file_checksums())
    with storage.open(names[0], "wb") as handle:
        handle.write(b"not the photo any more")
    storage.delete(names[1])
    storage.save("cases/stray-after-backup.jpg", ContentFile(b"uploaded after the backup"))


def test_a_damaged_clinic_is_restored_row_for_row_and_file_for_file(demo_clinic, tmp_path):
    storage = storages["default"]
    rows_before, files_before = every_row(), file_checksums()
    call_command("backup", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"]["patients_dog"] == Dog.objects.count()
    assert set(manifest["files"]) == set(files_before)

    damage(storage)
    assert every_row() != rows_before
    assert file_checksums() != files_before

    call_command("restore", str(tmp_path / "backup"), force=True,
                 stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert every_row() == rows_before
    assert file_checksums() == files_before


def test_restore_refuses_a_database_that_holds_the_clinic_without_force(small_clinic, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    Dog.objects.update(name="Changed since")
    with pytest.raises(CommandError, match="already holds clinic records"):
        call_command("restore", str(tmp_path / "backup"))
    assert set(Dog.objects.values_list("name", flat=True)) == {"Changed since"}


def test_a_damaged_backup_is_refused_before_anything_is_touched(small_clinic, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    damaged = tmp_path / "backup" / "files" / sorted(manifest["files"])[0]
    damaged.write_bytes(b"bit rot")
    Dog.objects.update(name="Kept")
    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("restore", str(tmp_path / "backup"), force=True)
    assert set(Dog.objects.values_list("name", flat=True)) == {"Kept"}


def test_backup_will_not_write_into_a_folder_that_holds_something(db, tmp_path):
    (tmp_path / "old.txt").write_text("last week's backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))
