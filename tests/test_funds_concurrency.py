"""Two treasurers posting at the same moment never break the balance or the budget.

Real threads, each with its own database connection, on PostgreSQL (SQLite serialises every
writer anyway). CI runs the suite a second time on PostgreSQL, where these tests run.
"""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.factories import SchoolFactory
from tests.factories_funds import budget, refuse_outside_budget
from tests.personas import treasurer_of
from unionhall.funds import selectors
from unionhall.funds.models import Category, LedgerEntry
from unionhall.funds.services import ledger_post, ledger_reverse

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set UNIONHALL_DATABASE_URL (CI does)")


def _in_parallel(jobs):
    """Run each job in its own thread and connection, all released at the same moment."""
    start = threading.Barrier(len(jobs))

    def run(job):
        try:
            start.wait()
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def test_parallel_postings_lose_nothing():
    school = SchoolFactory()
    treasurers = [treasurer_of(school) for _ in range(THREADS)]
    per_thread = 15

    def job(n):
        def post_many():
            for i in range(per_thread):
                ledger_post(
                    org=school,
                    actor=treasurers[n],
                    category=Category.DUES if i % 2 else Category.OPERATIONS,
                    amount=Decimal(f"{n + 1}.{i:02d}"),
                    date=dt.date(2025, 6, 1),
                    memo=f"treasurer {n} posting {i}",
                )

        return post_many

    _in_parallel([job(n) for n in range(THREADS)])
    expected = sum(
        (
            Decimal(f"{n + 1}.{i:02d}") * (1 if i % 2 else -1)
            for n in range(THREADS)
            for i in range(per_thread)
        ),
        Decimal("0"),
    )
    assert LedgerEntry.objects.filter(org=school).count() == THREADS * per_thread
    assert selectors.balance(org=school) == expected


def test_parallel_expenses_never_overrun_a_refusing_budget():
    school = SchoolFactory()
    refuse_outside_budget(school)
    budget(school, 2025, Category.ACTIVITIES, 500)
    treasurers = [treasurer_of(school) for _ in range(THREADS)]

    def job(n):
        def spend():
            accepted = refused = 0
            for _ in range(10):
                try:
                    ledger_post(
                        org=school,
                        actor=treasurers[n],
                        category=Category.ACTIVITIES,
                        amount=Decimal("10.00"),
                        date=dt.date(2025, 5, 1),
                        memo="羽毛球比赛",
                    )
                    accepted += 1
                except ValidationError:
                    refused += 1
            return accepted, refused

        return spend

    results = _in_parallel([job(n) for n in range(THREADS)])
    assert sum(a for a, _ in results) == 50
    assert sum(r for _, r in results) == THREADS * 10 - 50
    assert selectors.balance(org=school) == Decimal("-500.00")


def test_parallel_reversals_of_one_entry_reverse_it_once():
    school = SchoolFactory()
    treasurers = [treasurer_of(school) for _ in range(THREADS)]
    entry = ledger_post(
        org=school,
        actor=treasurers[0],
        category=Category.ACTIVITIES,
        amount=Decimal("300.00"),
        date=dt.date(2025, 5, 1),
        memo="三八节活动",
    )

    def job(n):
        def reverse():
            try:
                ledger_reverse(
                    entry=entry, actor=treasurers[n], date=dt.date(2025, 5, 2), reason="错账"
                )
                return True
            except ValidationError:
                return False

        return reverse

    assert sum(_in_parallel([job(n) for n in range(THREADS)])) == 1
    assert selectors.balance(org=school) == Decimal("0")
