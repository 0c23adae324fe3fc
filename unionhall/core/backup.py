"""Backups: one dated archive holding the database, the media files and a manifest of checksums;
the restore of such an archive into an empty database; and the pruning of old archives.

The archive is `unionhall-YYYYMMDD-HHMMSS.tar` with:
- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs) or
  `database.pgdump` (pg_dump's custom format, for pg_restore);
- `media/…`, every file under MEDIA_ROOT;
- `manifest.json`: when, which database, the row count of every table, and the SHA-256 and size
  of every other member, checked before anything is restored.

Archives are 0600 in a 0700 directory, and restored files 0600: they hold every ID number.
Used by `manage.py backup` and `manage.py restore`; see deploy/README.md.
"""

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from unionhall.core import versions
from unionhall.core.private import PRIVATE_DIRECTORY, PRIVATE_FILE, make_private

ARCHIVE_PATTERN = re.compile(r"^unionhall-(\d{8})-(\d{6})\.tar$")
MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """Something the person running the command must fix; the message says what."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_environment(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore, the password in the environment."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} was not found: install PostgreSQL's client programs "
            "(Debian: postgresql-client, the same major version as the server)"
        ) from None
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def table_row_counts() -> dict[str, int]:
    """Every table of the database and its number of rows."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _dump_database(into: Path) -> str:
    """Write the database to a file in `into`; return the file's name."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = into / "database.sqlite3"
        destination = sqlite3.connect(target)
        try:
            # The online backup API: a consistent copy, page by page, while others write.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target.name
    if connection.vendor == "postgresql":
        target = into / "database.pgdump"
        args, env = _pg_environment(connection.settings_dict)
        name = connection.settings_dict["NAME"]
        options = ["--format=custom", "--no-owner", "--no-privileges"]
        _run(["pg_dump", *options, *args, "--file", str(target), name], env)
        return target.name
    raise BackupError(f"backups of a {connection.vendor} database are not supported")


def backup_create(*, directory: Path, now: dt.datetime | None = None) -> Path:
    """Write one archive into `directory` and return its path (written under a temporary name
    and renamed, so a half-written archive never looks like a backup)."""
    now = timezone.localtime(now or timezone.now())
    directory.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    # Every ID number is in here: the directory (made by an older guide's `mkdir -p`, 0755)
    # and the archive are the owner's only.
    os.chmod(directory, PRIVATE_DIRECTORY)
    name = f"unionhall-{now:%Y%m%d-%H%M%S}.tar"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="unionhall-backup-") as work:
        work_dir = Path(work)
        database_file = _dump_database(work_dir)
        members = {database_file: work_dir / database_file}
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.name.startswith(".healthz-"):
                    members[f"media/{path.relative_to(media_root).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "created": now.isoformat(),
            "database": connection.vendor,
            "database_file": database_file,
            "tables": table_row_counts(),
            "files": {
                member: {"sha256": _sha256(path), "size": path.stat().st_size}
                for member, path in members.items()
            },
        }
        partial = directory / f".{name}.partial"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        try:
            with (
                os.fdopen(descriptor, "wb") as stream,
                tarfile.open(fileobj=stream, mode="w") as archive,
            ):
                encoded = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(encoded)
                info.mtime = int(now.timestamp())
                archive.addfile(info, io.BytesIO(encoded))
                for member, path in members.items():
                    archive.add(path, arcname=member, recursive=False)
        except BaseException:
            partial.unlink(missing_ok=True)  # a full disk leaves no half archive behind
            raise
        os.chmod(partial, PRIVATE_FILE)  # one an earlier, failed run left with another mode
        final = directory / name
        partial.rename(final)
    return final


@dataclass(frozen=True)
class Unpacked:
    manifest: dict
    root: Path


def _unpack(archive_path: Path, into: Path) -> Unpacked:
    """Extract the archive (nothing outside `into`, no links) and check every checksum."""
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} is not a file")
    try:
        with tarfile.open(archive_path, "r") as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive_path} is not a readable backup archive: {error}") from None
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{archive_path} has no readable {MANIFEST}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} is in a format this version does not know")
    for member, expected in manifest["files"].items():
        path = into / member
        if not path.is_file():
            raise BackupError(f"{archive_path} lacks {member}, which its manifest lists")
        if _sha256(path) != expected["sha256"]:
            raise BackupError(f"{member} in {archive_path} does not match its checksum")
    return Unpacked(manifest=manifest, root=into)


def _tables_present() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def backup_restore(*, archive_path: Path) -> dict:
    """Restore the archive into this site's database, which must be empty (no tables), and its
    media directory, which must be empty or missing. Returns the archive's manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    tables = _tables_present()
    if tables:
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables): restore only into an empty database. Create a new one, point "
            "UNIONHALL_DATABASE_URL at it, and run restore again."
        )
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(
            f"the media directory {media_root} is not empty: restore only into an empty one "
            "(set UNIONHALL_MEDIA_ROOT to a new directory, or move the old files away)."
        )
    with tempfile.TemporaryDirectory(prefix="unionhall-restore-") as work:
        unpacked = _unpack(archive_path, Path(work))
        manifest = unpacked.manifest
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"{archive_path} holds a {manifest['database']} database, and this site uses "
                f"{connection.vendor}: restore it into a {manifest['database']} database."
            )
        database_file = unpacked.root / manifest["database_file"]
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(database_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()
            args, env = _pg_environment(connection.settings_dict)
            name = connection.settings_dict["NAME"]
            options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
            _run(["pg_restore", *options, *args, "--dbname", name, str(database_file)], env)
        media_source = unpacked.root / "media"
        if media_source.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media_source, media_root, dirs_exist_ok=True)
            make_private(media_root)  # an archive from before files were kept 0600
    counts = table_row_counts()
    if counts != manifest["tables"]:
        differing = sorted(
            table
            for table in set(counts) | set(manifest["tables"])
            if counts.get(table) != manifest["tables"].get(table)
        )
        raise BackupError(f"the restored tables differ from the archive's: {', '.join(differing)}")
    versions.forget_all()  # what was kept for the database before it is not this one's
    return manifest


def archive_date(path: Path) -> dt.datetime | None:
    match = ARCHIVE_PATTERN.match(path.name)
    if not match:
        return None
    return dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")


def backups_prune(*, directory: Path, keep_daily: int, keep_monthly: int) -> list[Path]:
    """Delete the archives no rule keeps; return them. Kept: the newest archive of each of the
    `keep_daily` most recent days that have one, and of each of the `keep_monthly` most recent
    months. Files not named like an archive are never touched."""
    archives = directory.glob("unionhall-*.tar")
    dated = sorted(
        ((when, path) for path in archives if (when := archive_date(path))), reverse=True
    )
    keep: set[Path] = set()
    days: list[dt.date] = []
    months: list[tuple[int, int]] = []
    for when, path in dated:  # newest first: the first of each day or month is its newest
        if when.date() not in days and len(days) < keep_daily:
            days.append(when.date())
            keep.add(path)
        if (when.year, when.month) not in months and len(months) < keep_monthly:
            months.append((when.year, when.month))
            keep.add(path)
    removed = [path for _when, path in dated if path not in keep]
    for path in removed:
        path.unlink()
    return removed
