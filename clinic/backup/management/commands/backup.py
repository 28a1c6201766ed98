from django.core.management.base import BaseCommand, CommandError

from clinic.backup.services import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the whole clinic (database and every stored file) into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty folder to write the backup into.")

    def handle(self, *args, directory, **options):
        try:
            manifest = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{len(manifest['files'])} files into {directory}."
        ))
