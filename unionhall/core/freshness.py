"""Keep a costly result while the database has not changed, and never a moment longer.

`data_state()` is a token that differs whenever any row of the database may have changed since
it was last read: written by this process (committed or not) or committed by any other.

- SQLite: the connection's `total_changes` (every row this connection inserted, updated or
  deleted, rolled back or not) with `PRAGMA data_version` (which moves whenever another
  connection commits), and which connection this is.
- PostgreSQL: the write-ahead log's insert position, which moves with every change to any row,
  by any connection, as it is made.
- Any other database: None, and nothing is kept.

The token may move when nothing relevant changed (a write to another table, a vacuum): the result
is then built again. It never stays still across a change, so a kept result is never stale: a
summary kept here says what a freshly built one would.

`KeptUntilDataChanges` keeps the last few results per key, in this process only (each gunicorn
worker keeps its own), each with the state read before it was built.
"""

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")

_SERIALS = itertools.count(1)
_UNREAD = object()  # `get` reads the state itself


def _sqlite_state(connection) -> Hashable:
    connection.ensure_connection()
    raw = connection.connection
    # Which connection: total_changes and data_version count from its opening. The wrapper keeps
    # a reference to the connection it numbered, so a new one can never take its id.
    if getattr(connection, "_unionhall_counted", None) is not raw:
        connection._unionhall_counted = raw
        connection._unionhall_serial = next(_SERIALS)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        (version,) = cursor.fetchone()
    return ("sqlite", connection._unionhall_serial, raw.total_changes, version)


def _postgresql_state(connection) -> Hashable:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        (position,) = cursor.fetchone()
    return ("postgresql", position)


def data_state(using: str = DEFAULT_DB_ALIAS) -> Hashable | None:
    """A token that differs whenever the database may have changed; None where it cannot tell."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        return _sqlite_state(connection)
    if connection.vendor == "postgresql":
        return _postgresql_state(connection)
    return None


class KeptUntilDataChanges:
    """A small process-local cache whose entries hold while `data_state()` stays the same."""

    def __init__(self, size: int = 8, using: str = DEFAULT_DB_ALIAS):
        self.size = size
        self.using = using
        self._kept: OrderedDict[Hashable, tuple[Hashable, object]] = OrderedDict()
        self._lock = threading.Lock()

    def state(self) -> Hashable | None:
        """The state of this cache's database now: read it once and pass it to `get` of every
        cache on the same database that one request consults, instead of each reading it."""
        return data_state(self.using)

    def get(self, key: Hashable, build: Callable[[], T], *, state: object = _UNREAD) -> T:
        """The result kept for `key` if the database has not changed since it was built, else
        `build()`, kept for next time. The state is read before building (or given, as read
        by `state()` before building), so a change made while building moves it and the next
        call builds again."""
        if state is _UNREAD:
            state = self.state()
        if state is None:
            return build()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] == state:
                self._kept.move_to_end(key)
                return kept[1]  # type: ignore[return-value]
        value = build()
        with self._lock:
            self._kept[key] = (state, value)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
