"""`manage.py backup`: write one dated archive (database, media files, manifest of checksums)
and prune the old ones. Run it from cron: see deploy/README.md."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from unionhall.core.backup import BackupError, backup_create, backups_prune
from unionhall.core.private import private_umask


class Command(BaseCommand):
    help = (
        "Write a backup archive of the database and the media files, then keep the newest "
        "archive of each of the last N days and M months and delete the others."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="where archives go (default: UNIONHALL_BACKUP_DIR, var/backups)",
        )
        parser.add_argument(
            "--keep-daily",
            type=int,
            default=None,
            help="days whose newest archive is kept (default: UNIONHALL_BACKUP_KEEP_DAILY, 7)",
        )
        parser.add_argument(
            "--keep-monthly",
            type=int,
            default=None,
            help="months whose newest archive is kept (default: UNIONHALL_BACKUP_KEEP_MONTHLY, 12)",
        )
        parser.add_argument(
            "--no-prune", action="store_true", help="write the archive, delete nothing"
        )

    def handle(self, *args, dir, keep_daily, keep_monthly, no_prune, **options):
        directory = dir or Path(settings.UNIONHALL_BACKUP_DIR)
        daily = settings.UNIONHALL_BACKUP_KEEP_DAILY if keep_daily is None else keep_daily
        monthly = settings.UNIONHALL_BACKUP_KEEP_MONTHLY if keep_monthly is None else keep_monthly
        if daily < 1 or monthly < 0:
            raise CommandError("keep at least 1 daily archive and 0 or more monthly ones")
        try:
            with private_umask():
                archive = backup_create(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"wrote {archive} ({archive.stat().st_size} bytes)")
        if no_prune:
            return
        for removed in backups_prune(directory=directory, keep_daily=daily, keep_monthly=monthly):
            self.stdout.write(f"pruned {removed}")
