"""Many people writing at once on SQLite wait for the lock instead of getting "database is
locked" 500s: gunicorn with four workers, each with its own persistent connection, and
concurrent logins (session and last-login writes) and ledger postings on one database file."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from tests.factories import SchoolFactory
from tests.personas import treasurer_of
from tests.served import served
from unionhall.funds import selectors
from unionhall.funds.models import LedgerEntry

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 12
POSTS_EACH = 4


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer; PostgreSQL has its own concurrency tests")


def _to_file(path) -> str:
    """The test database, copied to a file that gunicorn's workers can open."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def test_concurrent_logins_and_postings_all_succeed(tmp_path):
    school = SchoolFactory()
    treasurers = [treasurer_of(school) for _ in range(CLIENTS)]
    for user in treasurers:
        user.set_password("concurrent-pass-1")
        user.save()
    sessions = []
    for user in treasurers:
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    url = _to_file(tmp_path / "site.sqlite3")

    with served(database_url=url, media_root=tmp_path / "media", workers=4) as server:

        def log_in(n):
            browser = server.browser()
            return [
                browser.post(
                    "/login/",
                    {"username": treasurers[n].username, "password": "concurrent-pass-1"},
                ).status
                for _ in range(POSTS_EACH)
            ]

        def post_entries(n):
            browser = server.browser(sessions[n])
            return [
                browser.post(
                    f"/o/{school.code}/funds/new/",
                    {
                        "category": "income_dues",
                        "amount": f"{n + 1}.{i:02d}",
                        "date": "2025-06-01",
                        "memo": f"concurrent {n}-{i}",
                    },
                ).status
                for i in range(POSTS_EACH)
            ]

        with ThreadPoolExecutor(max_workers=CLIENTS * 2) as pool:
            logins = pool.map(log_in, range(CLIENTS))
            postings = pool.map(post_entries, range(CLIENTS))
            login_statuses = [s for statuses in logins for s in statuses]
            posting_statuses = [s for statuses in postings for s in statuses]
        log = server.log_text()

    assert "database is locked" not in log
    assert login_statuses == [302] * CLIENTS * POSTS_EACH, log[-3000:]
    assert posting_statuses == [302] * CLIENTS * POSTS_EACH, log[-3000:]

    # What the workers wrote, read back from the file.
    written = sqlite3.connect(tmp_path / "site.sqlite3")
    rows = written.execute(
        "SELECT COUNT(*), SUM(amount) FROM funds_ledgerentry WHERE memo LIKE 'concurrent %'"
    ).fetchone()
    written.close()
    expected = sum(Decimal(f"{n + 1}.{i:02d}") for n in range(CLIENTS) for i in range(POSTS_EACH))
    assert rows[0] == CLIENTS * POSTS_EACH
    assert Decimal(str(rows[1])).quantize(Decimal("0.01")) == expected
    # The test's own database is untouched (the server wrote to the copy).
    assert not LedgerEntry.objects.filter(memo__startswith="concurrent").exists()
    assert selectors.balance(org=school) == 0
