"""Faults on PostgreSQL, with the app served by gunicorn as deployed:

- the server stops for a moment: pages and /healthz answer 503 with a "try again" page, and the
  app recovers by itself when the server is back (persistent connections are health-checked);
- a request is killed in the middle of a ledger posting: no partial entry, the balance intact,
  and the next posting goes through.

Restarting the server needs UNIONHALL_TEST_PG_CTL, the pg_ctl command for the test server
(.ci/run sets it: "runuser -u postgres -- …/pg_ctl -D DATA -l LOG"); without it that test is
skipped, saying so.
"""

import os
import shlex
import subprocess
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client

from tests.factories import SchoolFactory
from tests.factories_funds import post
from tests.personas import treasurer_of
from tests.served import postgres_url, served
from unionhall.funds import selectors
from unionhall.funds.models import LedgerEntry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set UNIONHALL_DATABASE_URL (CI does)")


def _session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _site(tmp_path):
    return served(
        database_url=postgres_url(connection.settings_dict), media_root=tmp_path / "media"
    )


def _post_entry(browser, school, memo: str, amount: str = "88.00"):
    return browser.post(
        f"/o/{school.code}/funds/new/",
        {"category": "income_dues", "amount": amount, "date": "2025-06-01", "memo": memo},
    )


def _pg_ctl() -> list[str]:
    command = os.environ.get("UNIONHALL_TEST_PG_CTL")
    if not command:
        pytest.skip(
            "cannot restart the PostgreSQL server: set UNIONHALL_TEST_PG_CTL to its pg_ctl "
            "command (.ci/run does)"
        )
    return shlex.split(command)


def _data_directory(pg_ctl: list[str]) -> Path:
    return Path(pg_ctl[pg_ctl.index("-D") + 1])


def _server_options(data: Path) -> str:
    """The options the server was started with (postmaster.opts), to start it the same way."""
    words = shlex.split((data / "postmaster.opts").read_text())[1:]
    options, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word == "-D":
            skip = True
        else:
            options.append(word)
    return shlex.join(options)


def _ctl(pg_ctl: list[str], *args: str) -> None:
    data = _data_directory(pg_ctl)
    subprocess.run([*pg_ctl, *args], cwd=data.parent, check=True, capture_output=True, timeout=120)


def test_the_app_answers_503_while_the_database_is_away_and_recovers_by_itself(tmp_path):
    pg_ctl = _pg_ctl()
    school = SchoolFactory()
    session = _session_of(treasurer_of(school))
    options = _server_options(_data_directory(pg_ctl))
    with _site(tmp_path) as site:
        browser = site.browser(session)
        # Both workers hold a connection open (CONN_MAX_AGE).
        for _ in range(6):
            assert browser.get(f"/o/{school.code}/funds/").status == 200
        connection.close()
        _ctl(pg_ctl, "-m", "fast", "-w", "stop")
        try:
            for _ in range(4):
                page = browser.get(f"/o/{school.code}/funds/")
                assert page.status == 503
                assert "服务繁忙" in page.body and page.headers["Retry-After"] == "30"
            health = browser.get("/healthz")
            assert health.status == 503 and '"database": "unreachable"' in health.body
        finally:
            _ctl(pg_ctl, "-w", "-t", "60", "start", "-o", options)
        # No restart of the app: every request after the server is back is answered.
        for _ in range(6):
            assert browser.get(f"/o/{school.code}/funds/").status == 200
        assert browser.get("/healthz").status == 200
        assert _post_entry(browser, school, "after the restart").status == 302
    assert LedgerEntry.objects.filter(org=school, memo="after the restart").count() == 1


def _backend_waiting_on(table: str, timeout: float = 30) -> int:
    """The pid of the server process whose statement waits for a lock on `table`."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE %s AND pid <> pg_backend_pid()",
                [f'INSERT INTO "{table}"%'],
            )
            row = cursor.fetchone()
            if row:
                return row[0]
            time.sleep(0.05)
    raise AssertionError(f"no request came to wait on {table}")


def test_a_request_killed_in_the_middle_of_a_posting_leaves_no_partial_entry(tmp_path):
    school = SchoolFactory()
    treasurer = treasurer_of(school)
    session = _session_of(treasurer)
    post(school, Decimal("500.00"), "income_dues", actor=treasurer)
    balance_before = selectors.balance(org=school)
    entries_before = LedgerEntry.objects.filter(org=school).count()

    # A second connection holds the audit table, so the posting stops after it has written the
    # ledger entry and locked the funds account, at the audit row: the middle of the posting.
    blocker = connections.create_connection("default")
    blocker.set_autocommit(False)
    with blocker.cursor() as cursor:
        cursor.execute('LOCK TABLE "core_auditentry" IN SHARE MODE')

    with _site(tmp_path) as site:
        browser = site.browser(session)
        assert browser.get(f"/o/{school.code}/funds/").status == 200
        answer = {}
        request = threading.Thread(
            target=lambda: answer.update(r=_post_entry(browser, school, "killed mid-way"))
        )
        request.start()
        try:
            pid = _backend_waiting_on("core_auditentry")
            with connection.cursor() as cursor:
                # It has written the ledger entry (inside its transaction, invisible to others).
                cursor.execute(
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE l.pid = %s AND c.relname = 'funds_ledgerentry' "
                    "AND l.mode = 'RowExclusiveLock'",
                    [pid],
                )
                assert cursor.fetchone()[0] == 1
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            blocker.rollback()
            blocker.close()
        request.join(timeout=60)
        assert answer["r"].status == 503
        assert "服务繁忙" in answer["r"].body

        assert not LedgerEntry.objects.filter(memo="killed mid-way").exists()
        assert LedgerEntry.objects.filter(org=school).count() == entries_before
        assert selectors.balance(org=school) == balance_before
        # The account's lock died with the request: the next posting goes through.
        assert _post_entry(browser, school, "the next one", amount="12.00").status == 302
    assert selectors.balance(org=school) == balance_before + Decimal("12.00")
