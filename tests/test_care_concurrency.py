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


def test_an_import_and_a_visit_at_the_same_moment_give_one_birthday(monkeypatch):
    """The import checks its file again with the register locked: a birthday gift recorded by
    hand while the import is between its check and its writes waits for the import, then is
    refused; the gift is given once."""
    from tests.xlsx import upload, xlsx_bytes
    from unionhall.care.importer import CareLedgerParser
    from unionhall.care.models import CareImport
    from unionhall.care.services import care_import

    school = SchoolFactory()
    load_rules(school)
    member = MemberFactory(org=school, name="刘洋")
    officer, clerk = welfare_of(school), welfare_of(school)
    header = ["日期*", "慰问类别*", "慰问对象*", "每人金额（元）*", "发放形式*"]
    batch = CareImport.objects.create(
        org=school,
        uploaded_by=clerk,
        filename="慰问登记.xlsx",
        file=upload(xlsx_bytes([["2025-05-01", "生日", "刘洋", "200", "蛋糕券"]], header=header)),
    )
    checked, done_by_hand = threading.Event(), threading.Event()
    check_row = CareLedgerParser.check_row

    def check_then_pause(parser, row):
        check_row(parser, row)
        checked.set()
        # The visit by hand goes in now, unless the register is locked: then it waits for
        # this import, and this import goes on after a moment.
        done_by_hand.wait(timeout=3)

    monkeypatch.setattr(CareLedgerParser, "check_row", check_then_pause)

    def by_import():
        try:
            care_import(org=school, actor=clerk, batch=batch)
            return "ok"
        except ValidationError:
            return "refused"
        finally:
            connections.close_all()

    def by_hand():
        checked.wait(timeout=30)
        try:
            care_visit_record(
                org=school,
                actor=officer,
                kind="birthday",
                members=[member],
                date=dt.date(2025, 5, 2),
                amount=Decimal("200.00"),
                goods="生日蛋糕券",
            )
            return "ok"
        except ValidationError:
            return "refused"
        finally:
            done_by_hand.set()
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        imported, by_hand_result = pool.submit(by_import), pool.submit(by_hand)
        results = {"import": imported.result(), "by hand": by_hand_result.result()}
    assert results == {"import": "ok", "by hand": "refused"}
    assert CareRecipient.objects.filter(member=member).count() == 1
