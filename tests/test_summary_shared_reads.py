"""A summary's indicators share what several of them read (the dues owed, the opening balance,
the register behind each activity's participation), read once per summary and never kept past
it: a record made between two summaries shows in the second, and the figures that share a read
agree with those computed alone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_care import with_dues
from tests.personas import chair_of
from unionhall.core import indicators
from unionhall.dues.services import dues_collect
from unionhall.funds.services import opening_balance_enter
from unionhall.reports import periods
from unionhall.reports.build import summary_build

TODAY = dt.date(2026, 3, 20)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(TODAY), tick=False),
]


def test_a_shared_read_is_made_once_within_the_block_and_afresh_outside_it():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    assert indicators.shared("k", read) == 1
    assert indicators.shared("k", read) == 2  # outside a summary: every time
    with indicators.computed_together():
        assert indicators.shared("k", read) == 3
        assert indicators.shared("k", read) == 3
        assert indicators.shared("other", read) == 4
    with indicators.computed_together():
        assert indicators.shared("k", read) == 5  # the next summary reads again


def _figure(summary, name: str) -> str:
    return summary.figures[name]


def _queries_on(table: str, captured) -> int:
    return sum(f'FROM "{table}"' in q["sql"] for q in captured.captured_queries)


def test_the_dues_owed_are_read_once_and_a_payment_shows_in_the_next_summary(school):
    chair = chair_of(school)
    members = [MemberFactory(org=school, joined_on=dt.date(2015, 9, 1)) for _ in range(4)]
    for member in members:
        with_dues(school, chair, member, base_pay=Decimal("5000.00"))
    period = periods.parse("2025-2026")
    dues_collect(
        org=school,
        actor=chair,
        period=dt.date(2025, 9, 1),
        date=dt.date(2025, 9, 15),
        members=members[:2],
    )
    with CaptureQueriesContext(connection) as captured:
        first = summary_build(org=school, period=period)
        rate, owed = _figure(first, "dues.collection_rate"), _figure(first, "dues.owed")
    # The rate and the amount owed are worked out from one read of the dues accounts.
    assert _queries_on("dues_duesaccount", captured) == 1
    # Alone, each says what the summary said.
    assert (
        indicators.get("dues.collection_rate").format(
            indicators.get("dues.collection_rate")(school, period).value
        )
        == rate
    )
    assert indicators.get("dues.owed").format(
        indicators.get("dues.owed")(school, period).value
    ) == (owed)
    dues_collect(
        org=school,
        actor=chair,
        period=dt.date(2025, 10, 1),
        date=dt.date(2025, 10, 15),
        members=members,
    )
    second = summary_build(org=school, period=period)
    assert _figure(second, "dues.collection_rate") != rate
    assert _figure(second, "dues.owed") == owed  # paid or not, the same months are owed


def test_the_opening_balance_is_read_once_and_shows_in_the_next_summary(school):
    chair = chair_of(school)
    period = periods.parse("2025-2026")
    with CaptureQueriesContext(connection) as captured:
        before = summary_build(org=school, period=period)
        opening, closing = (
            _figure(before, "funds.opening_balance"),
            _figure(before, "funds.closing_balance"),
        )
    assert _queries_on("funds_openingbalance", captured) == 1
    opening_balance_enter(
        org=school, actor=chair, amount=Decimal("12345.67"), date=dt.date(2025, 8, 31)
    )
    after = summary_build(org=school, period=period)
    assert _figure(after, "funds.opening_balance") != opening
    assert _figure(after, "funds.closing_balance") != closing
    assert "12,345.67" in _figure(after, "funds.closing_balance")
