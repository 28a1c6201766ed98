"""Back up and restore the whole clinic: the database and every stored file, with a manifest.

A backup folder holds
    manifest.json       row counts per table, sha256 and size of every file, the database dump's
                        sha256, the database vendor and when it was made
    database.sqlite3    SQLite: a page-by-page copy made with SQLite's online backup API
    database.pgdump     PostgreSQL: `pg_dump --format=custom`
    files/<name>        every file in the default storage, under its stored name

Files are read and written only through `storages["default"]`, so the same commands back up a
folder on disk or an S3-compatible bucket. The row counts are taken from the same snapshot as
the dump (the copy itself on SQLite, an exported snapshot shared with pg_dump on PostgreSQL), so
the manifest describes exactly what was saved. Restore checks the folder against its manifest
before touching anything, and the result against the manifest afterwards.
"""

import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
FILES = "files"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT = 1
CHUNK = 1024 * 1024

# A database "holds the clinic" when it has any of these; `migrate` alone fills reference
# tables (breeds, drugs, groups …) but never these, so a freshly migrated database is empty.
CLINIC_RECORD_TABLES = (
    "accounts_user", "patients_owner", "patients_dog", "cases_case", "scheduling_appointment",
)


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why, in plain words."""


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    files: int
    removed_files: list


def create_backup(directory):
    """Back up the whole clinic into `directory` (new or empty); return the manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; back up into a new folder.")
    directory.mkdir(parents=True, exist_ok=True)
    dump = directory / DUMPS[_vendor()]
    tables = _dump_sqlite(dump) if _vendor() == "sqlite" else _dump_postgresql(dump)
    files = _copy_files_out(directory / FILES)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": _vendor(),
        "database": {"file": dump.name, "sha256": _sha256_path(dump)},
        "tables": tables,
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore_backup(directory, *, force=False):
    """Replace the clinic's database and files with the backup in `directory`.

    Refuses a damaged backup, a backup from the other database vendor, and (without `force`)
    a database that already holds clinic records. Files in storage that the backup does not
    have are removed, so the clinic is exactly as it was backed up."""
    directory = Path(directory)
    manifest = verify_backup(directory)
    if manifest["vendor"] != _vendor():
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database; this clinic runs on {_vendor()}."
        )
    if not force and holds_clinic_records():
        raise BackupError(
            "This database already holds clinic records. Restoring replaces all of them: "
            "run again with --force if that is what you mean."
        )
    dump = directory / manifest["database"]["file"]
    if _vendor() == "sqlite":
        _restore_sqlite(dump)
    else:
        _restore_postgresql(dump)
    removed = _copy_files_in(directory / FILES, manifest["files"])
    _check_restored(manifest)
    return RestoreResult(
        tables=len(manifest["tables"]), rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]), removed_files=removed,
    )


def verify_backup(directory):
    """The manifest of `directory`, after checking every file of the backup against it."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} has no {MANIFEST}: it is not a CutisCase backup.") from None
    except ValueError:
        raise BackupError(f"{directory / MANIFEST} is damaged (not valid JSON).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{directory} was written by another version of the backup command.")
    dump = directory / manifest["database"]["file"]
    if not dump.is_file() or _sha256_path(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"The database dump {dump} is missing or damaged.")
    for name, expected in manifest["files"].items():
        path = _backup_path(directory / FILES, name)
        if not path.is_file() or _sha256_path(path) != expected["sha256"]:
            raise BackupError(f"The backed-up file {name} is missing or damaged.")
    return manifest


def holds_clinic_records():
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in CLINIC_RECORD_TABLES:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return True
    return False


def row_counts():
    """{table: rows} for every table of the clinic's database."""
    with connection.cursor() as cursor:
        return _count_rows(cursor, connection.introspection.table_names(cursor))


def file_checksums():
    """{stored name: {"sha256", "size"}} for every file in the default storage."""
    storage = storages["default"]
    checksums = {}
    for name in _stored_names(storage):
        with storage.open(name, "rb") as handle:
            digest, size = _sha256_stream(handle)
        checksums[name] = {"sha256": digest, "size": size}
    return checksums


# --- database ---------------------------------------------------------------------------

def _vendor():
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    return connection.vendor


def _count_rows(cursor, tables):
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _dump_sqlite(dump):
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        # The online backup API copies a consistent snapshot while the clinic keeps working.
        connection.connection.backup(target)
        cursor = target.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return _count_rows(cursor, [row[0] for row in cursor.fetchall()])
    finally:
        target.close()


def _restore_sqlite(dump):
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Restore cannot run inside a transaction.")
    source = sqlite3.connect(dump)
    try:
        # Replaces every page of the live database, schema included.
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_environment():
    settings = connection.settings_dict
    env = {**os.environ}
    for key, setting in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                         ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        if settings.get(setting):
            env[key] = str(settings[setting])
    return env


def _pg_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _run(command):
    done = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{posixpath.basename(command[0])} failed: {done.stderr.strip()}")


def _dump_postgresql(dump):
    # One read-only snapshot is exported and shared with pg_dump, so the counts in the
    # manifest are of exactly the rows in the dump, however busy the clinic is.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        tables = _count_rows(cursor, [row[0] for row in cursor.fetchall()])
        _run([_pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}",
              "--no-owner", f"--file={dump}"])
        cursor.execute("COMMIT")
    finally:
        raw.close()
    return tables


def _restore_postgresql(dump):
    # pg_restore needs the tables unlocked: no connection of ours may hold one open.
    connections.close_all()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
          "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(dump)])


# --- files ------------------------------------------------------------------------------

def _stored_names(storage, folder=""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a storage folder that nothing was ever saved into
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for sub in sorted(folders):
        yield from _stored_names(storage, posixpath.join(folder, sub))


def _backup_path(root, name):
    """Where a stored file lives in the backup; refuses names that would leave `root`."""
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BackupError(f"The backup names a file outside its folder: {name!r}.")
    return path


def _copy_files_out(root):
    storage = storages["default"]
    files = {}
    for name in _stored_names(storage):
        target = _backup_path(root, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with storage.open(name, "rb") as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        files[name] = {"sha256": digest.hexdigest(), "size": size}
    return files


def _copy_files_in(root, wanted):
    """Put every backed-up file back under its own name; remove files the backup lacks."""
    storage = storages["default"]
    present = {}
    for name in _stored_names(storage):
        with storage.open(name, "rb") as handle:
            present[name] = _sha256_stream(handle)[0]
    removed = sorted(set(present) - set(wanted))
    for name in removed:
        storage.delete(name)
    for name, expected in wanted.items():
        if present.get(name) == expected["sha256"]:
            continue
        if name in present:
            storage.delete(name)
        with _backup_path(root, name).open("rb") as handle:
            saved = storage.save(name, File(handle, name=posixpath.basename(name)))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; restore stopped.")
    return removed


def _check_restored(manifest):
    counts = row_counts()
    wrong = [t for t, rows in manifest["tables"].items() if counts.get(t) != rows]
    if wrong:
        raise BackupError(f"After the restore these tables differ from the backup: {wrong}.")
    checksums = file_checksums()
    if {n: c["sha256"] for n, c in checksums.items()} != {
        n: c["sha256"] for n, c in manifest["files"].items()
    }:
        raise BackupError("After the restore the stored files differ from the backup.")


def _sha256_stream(handle):
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _sha256_path(path):
    with Path(path).open("rb") as handle:
        return _sha256_stream(handle)[0]
