"""`manage.py backup` then `manage.py restore` into another, empty database gives back every row,
every organisation's ledger balance and every media file; restore refuses a database that is not
empty; old archives are pruned to the newest of each of the last N days and M months.

The round trip runs on SQLite here and on PostgreSQL in CI's second pass (pg_dump/pg_restore).
"""

import datetime as dt
import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import MemberFactory, SchoolFactory
from tests.factories_funds import post
from tests.served import postgres_url
from unionhall.core.backup import backups_prune, table_row_counts
from unionhall.funds import selectors
from unionhall.funds.models import Category
from unionhall.orgs.models import Organisation

BASE_DIR = Path(__file__).resolve().parent.parent

# What the restored site reports about itself, printed as JSON by a fresh process.
REPORT = """
import django, hashlib, json
from pathlib import Path
django.setup()
from django.conf import settings
from unionhall.core.backup import table_row_counts
from unionhall.funds import selectors
from unionhall.orgs.models import Organisation
root = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "tables": table_row_counts(),
    "balances": {o.code: str(selectors.balance(org=o)) for o in Organisation.objects.all()},
    "media": {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    },
}))
"""


@pytest.fixture(autouse=True)
def _umask_kept():
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def _seed():
    schools = [SchoolFactory(), SchoolFactory()]
    for n, school in enumerate(schools):
        for _ in range(3):
            MemberFactory(org=school)
        post(school, Decimal("1200.00") * (n + 1), Category.DUES, date=dt.date(2025, 3, 1))
        post(school, Decimal("345.67"), Category.ACTIVITIES, date=dt.date(2025, 4, 2))
    default_storage.save("receipts/2025/发票-001.pdf", ContentFile(b"%PDF-1.4 receipt one"))
    default_storage.save("photos/member-1.jpg", ContentFile(bytes(range(256)) * 40))


def _here(media_root: Path) -> dict:
    return {
        "tables": table_row_counts(),
        "balances": {o.code: str(selectors.balance(org=o)) for o in Organisation.objects.all()},
        "media": {
            p.relative_to(media_root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(media_root.rglob("*"))
            if p.is_file()
        },
    }


def _elsewhere(database_url: str, media_root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UNIONHALL_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="unionhall.settings",
        UNIONHALL_DATABASE_URL=database_url,
        UNIONHALL_MEDIA_ROOT=str(media_root),
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _round_trip(settings, tmp_path, database_url: str):
    os.umask(0o022)  # as a shell leaves it (the fixture below puts the suite's back)
    _seed()
    before = _here(Path(settings.MEDIA_ROOT))
    assert len(before["balances"]) >= 2 and len(before["media"]) == 2
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=open(os.devnull, "w"))
    [archive] = (tmp_path / "backups").glob("unionhall-*.tar")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"] == connection.vendor
    assert manifest["tables"] == before["tables"]

    restored_media = tmp_path / "restored-media"
    restore = _elsewhere(database_url, restored_media, "manage.py", "restore", str(archive))
    assert restore.returncode == 0, restore.stderr
    assert "restored" in restore.stdout
    report = _elsewhere(database_url, restored_media, "-c", REPORT)
    assert report.returncode == 0, report.stderr
    after = json.loads(report.stdout)
    assert after == before
    # What was restored is the app's only, though the restore ran under umask 022.
    for path in restored_media.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    if database_url.startswith("sqlite:///"):
        restored_database = Path(database_url.removeprefix("sqlite:///"))
        assert stat.S_IMODE(restored_database.stat().st_mode) == 0o600

    # A second restore into the same, now full, database is refused and changes nothing.
    again = _elsewhere(database_url, tmp_path / "other-media", "manage.py", "restore", str(archive))
    assert again.returncode != 0
    assert "is not empty" in again.stderr and "restore only into an empty database" in again.stderr
    assert json.loads(_elsewhere(database_url, restored_media, "-c", REPORT).stdout) == after


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_elsewhere_with_every_row_balance_and_file(settings, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip; the PostgreSQL one is below")
    _round_trip(settings, tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgres_backup_restores_elsewhere_with_every_row_balance_and_file(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set UNIONHALL_DATABASE_URL (CI does)")
    name = f"unionhall_restore_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        _round_trip(settings, tmp_path, postgres_url(connection.settings_dict, name))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.django_db(transaction=True)
def test_an_archive_that_was_altered_is_refused(settings, tmp_path):
    _seed()
    call_command("backup", "--dir", str(tmp_path), stdout=open(os.devnull, "w"))
    [archive] = tmp_path.glob("unionhall-*.tar")
    tampered = tmp_path / "tampered" / "unionhall-20250101-000000.tar"
    tampered.parent.mkdir()
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/photos/member-1.jpg":
                data = b"not the photo"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    result = _elsewhere(
        f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "m", "manage.py", "restore", str(tampered)
    )
    assert result.returncode != 0
    assert "media/photos/member-1.jpg" in result.stderr and "checksum" in result.stderr


def test_restore_refuses_a_database_that_is_not_empty(db, tmp_path):
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(tmp_path / "whatever.tar"))


def _touch(directory: Path, when: dt.datetime) -> Path:
    path = directory / f"unionhall-{when:%Y%m%d-%H%M%S}.tar"
    path.write_bytes(b"")
    return path


def test_old_archives_are_pruned_to_the_newest_of_recent_days_and_months(tmp_path):
    start = dt.datetime(2025, 1, 1, 2, 30)
    # Two archives a day for 100 days, and one file that is not an archive.
    made = [_touch(tmp_path, start + dt.timedelta(hours=12 * n)) for n in range(200)]
    (tmp_path / "notes.txt").write_text("kept")
    removed = backups_prune(directory=tmp_path, keep_daily=7, keep_monthly=3)
    kept = sorted(p.name for p in tmp_path.glob("unionhall-*.tar"))
    assert len(removed) == len(made) - len(kept)
    # The last 7 days' evening archives, and the last archive of February and January (April's
    # and March's newest are among the dailies or counted as months too).
    assert kept == sorted(
        [f"unionhall-202504{day:02d}-143000.tar" for day in range(4, 11)]
        + ["unionhall-20250331-143000.tar", "unionhall-20250228-143000.tar"]
    )
    assert (tmp_path / "notes.txt").exists()


@pytest.mark.django_db(transaction=True)  # SQLite's backup waits for the test's transaction
def test_an_archive_is_the_apps_only_in_a_directory_an_older_guide_made_0755(tmp_path):
    """The nightly backup, run by hand from a shell (umask 022) into /var/backups/unionhall as
    the old guide's `mkdir -p` left it: any local account could read every ID number."""
    default_storage.save("receipts/2025/发票-001.pdf", ContentFile(b"%PDF-1.4 receipt one"))
    backups = tmp_path / "backups"
    backups.mkdir()
    os.chmod(backups, 0o755)
    os.umask(0o022)
    call_command("backup", "--dir", str(backups), stdout=io.StringIO())
    [archive] = backups.glob("unionhall-*.tar")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    assert list(backups.iterdir()) == [archive]  # no partial file left
    assert os.umask(0o022) == 0o022  # the command put the process's umask back
    # A directory that does not exist yet is made the owner's only too.
    call_command("backup", "--dir", str(tmp_path / "new" / "backups"), stdout=io.StringIO())
    assert stat.S_IMODE((tmp_path / "new" / "backups").stat().st_mode) == 0o700
