"""`manage.py restore ARCHIVE`: restore a backup archive into an empty database and media
directory (see deploy/README.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionhall.core.backup import BackupError, backup_restore
from unionhall.core.private import private_umask


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into an empty database (no tables) "
        "and an empty media directory, after checking every checksum in its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        try:
            with private_umask():
                manifest = backup_restore(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = manifest["tables"]
        self.stdout.write(
            f"restored {archive} (written {manifest['created']}): {len(tables)} tables, "
            f"{sum(tables.values())} rows, {len(manifest['files']) - 1} media files"
        )
