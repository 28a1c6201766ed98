from django.core.management.base import BaseCommand, CommandError

from clinic.backup.services import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the whole clinic from a backup folder, then check every table's row count "
        "and every file's checksum against the backup's manifest. Stop the web server and the "
        "task worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true",
            help="Replace a database that already holds clinic records.",
        )

    def handle(self, *args, directory, force, **options):
        try:
            result = restore_backup(directory, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if result.removed_files:
            self.stdout.write(
                f"Removed {len(result.removed_files)} files that the backup does not have."
            )
        self.stdout.write(self.style.SUCCESS(
            f"Restored {result.tables} tables ({result.rows} rows) and {result.files} files; "
            "every count and checksum matches the backup."
        ))
