"""Two officers recording care for the same member at the same moment never break a cap.

Real threads, each with its own connection, on PostgreSQL (SQLite serialises every writer).
"""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.factories import MemberFactory, SchoolFactory
from tests.factories_care import load_rules
from tests.personas import welfare_of
from unionhall.care.models import CareRecipient
from unionhall.care.services import care_visit_record

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 6


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set UNIONHALL_DATABASE_URL (CI does)")


def test_parallel_birthday_visits_give_one_birthday():
    school = SchoolFactory()
    load_rules(school)
    member = MemberFactory(org=school)
    officers = [welfare_of(school) for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def job(officer):
        try:
            start.wait()
            care_visit_record(
                org=school,
                actor=officer,
                kind="birthday",
                members=[member],
                date=dt.date(2025, 5, 1),
                amount=Decimal("200.00"),
                goods="生日蛋糕券",
            )
            return "ok"
        except ValidationError:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(job, officers))
    assert results.count("ok") == 1
    assert CareRecipient.objects.filter(member=member).count() == 1
