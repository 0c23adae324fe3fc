"""Files that hold members' data (backups, the SQLite database, uploads) are readable by the
app's own account only: 0600, in 0700 directories, whatever umask the process was started with.
The systemd units set UMask=0077 too (deploy/); these make a command run by hand as safe."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700


@contextmanager
def private_umask() -> Iterator[None]:
    """Files and directories created inside are the owner's only (umask 077)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def make_private(path: Path) -> None:
    """Take group and other access away from `path` (and, for a directory, what it holds)."""
    if path.is_dir() and not path.is_symlink():
        os.chmod(path, PRIVATE_DIRECTORY)
        for folder, directories, files in os.walk(path):
            for name in directories:
                os.chmod(os.path.join(folder, name), PRIVATE_DIRECTORY)
            for name in files:
                os.chmod(os.path.join(folder, name), PRIVATE_FILE)
    elif path.is_file():
        os.chmod(path, PRIVATE_FILE)


def sqlite_database_private(sender, connection, **kwargs) -> None:
    """connection_created: a SQLite database file (and its WAL, shared-memory and journal files)
    that others could read is made the owner's only. SQLite gives the WAL and shared-memory
    files the database file's mode, so this holds for those it creates later."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            if os.stat(name + suffix).st_mode & 0o077:
                os.chmod(name + suffix, PRIVATE_FILE)
        except (FileNotFoundError, PermissionError):
            continue
