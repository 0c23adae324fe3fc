"""Settings from environment variables, with demo defaults, that fail loudly on a bad value."""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Read sqlite:///path or postgres://user:pass@host:port/name?host=/socket/dir."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path.startswith("//"):
            path = path[1:]
        elif path.startswith("/"):
            path = path[1:]
        if not path:
            raise ImproperlyConfigured(f"database URL {url!r} names no file")
        # A writer waits for the lock (timeout, in seconds) instead of failing with "database
        # is locked": atomic blocks take the write lock when they begin (IMMEDIATE), so a
        # transaction never has to upgrade a read lock, which SQLite refuses without waiting.
        # The pragmas run once per connection, and connections persist (CONN_MAX_AGE).
        # secure_delete: a deleted row's bytes are overwritten with zeros, so that the sealed
        # ballots deleted when a box is opened (and anything else deleted) do not stay readable
        # in free pages of the file.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
                ),
            },
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        query = parse_qs(parsed.query)
        host = query.get("host", [parsed.hostname or ""])[0]
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"database URL {url!r} names no database")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": host,
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 600,
            # A connection the server dropped (PostgreSQL restarted) is noticed at the start of
            # the next request and replaced, so the app recovers by itself.
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"database URL {url!r} has an unknown scheme: use sqlite:///path or postgres://…"
    )
