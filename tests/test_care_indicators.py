"""Care and dues indicators: values and the records behind them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_care import record, with_dues
from tests.personas import treasurer_of, welfare_of
from unionhall.care.services import care_visit_cancel
from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.dues.services import dues_collect

pytestmark = pytest.mark.usefixtures("english")

YEAR = timezone.localdate().year - 1
PERIOD = Period.year(YEAR)


def _visits(school):
    officer = welfare_of(school)
    group = MemberFactory.create_batch(3, org=school)
    record(
        school,
        officer,
        group,
        kind="festival",
        festival="mid_autumn",
        amount=Decimal("200"),
        date=dt.date(YEAR, 9, 20),
    )
    record(
        school,
        officer,
        kind="illness",
        illness="骨折",
        amount=Decimal("500"),
        is_cash=True,
        date=dt.date(YEAR, 3, 2),
    )
    cancelled, _w = record(school, officer, amount=Decimal("999"), date=dt.date(YEAR, 4, 1))
    care_visit_cancel(visit=cancelled, actor=officer, reason="重复")
    record(school, officer, amount=Decimal("100"), date=dt.date(YEAR + 1, 1, 2))


def test_care_indicators(school, other_school):
    _visits(school)
    _visits(other_school)
    visits = indicators.get("care.visits")(school, PERIOD)
    assert visits.value == 2
    assert visits.detail["people"] == 4
    assert len(list(visits.records)) == 2
    amount = indicators.get("care.amount")(school, PERIOD)
    assert amount.value == Decimal("1100.00")
    by_kind = indicators.get("care.by_kind")(school, PERIOD).value
    assert by_kind["festival"] == {
        "label": "Festival",
        "count": 1,
        "people": 3,
        "amount": Decimal("600.00"),
    }
    assert by_kind["illness"]["amount"] == Decimal("500.00")
    assert "other" not in by_kind


def test_dues_collection_rate(school):
    treasurer = treasurer_of(school)
    a, b = MemberFactory.create_batch(2, org=school, joined_on=dt.date(2000, 1, 1))
    with_dues(school, treasurer, a)
    with_dues(school, treasurer, b)
    for month in range(1, 13):
        dues_collect(
            org=school,
            actor=treasurer,
            period=dt.date(YEAR, month, 1),
            date=dt.date(YEAR, month, 10),
            members=[a] + ([b] if month <= 6 else []),
        )
    rate = indicators.get("dues.collection_rate")(school, PERIOD)
    assert rate.value == Decimal("75.0")
    assert rate.detail == {"paid": 18, "owed": 24, "numerator": 18, "denominator": 24}
    # the records are the member-months owed, each saying whether it was paid
    assert len(rate.records) == 24
    assert sum(obligation.paid for obligation in rate.records) == 18
    collected = indicators.get("dues.collected")(school, PERIOD)
    assert collected.value == Decimal("540.00") and collected.records.count() == 18
