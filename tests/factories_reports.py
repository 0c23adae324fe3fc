"""Helpers for the summary tests: a year of members and ledger entries with known totals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from tests.factories import MemberFactory
from unionhall.core import indicators, summary
from unionhall.core.indicators import Indicator, IndicatorValue
from unionhall.funds.models import Category, LedgerEntry

FUNDS_INDICATORS = (
    "funds.income",
    "funds.expense",
    "funds.expense_by_category",
    "funds.closing_balance",
)


def _entries(org, period):
    return LedgerEntry.objects.filter(org=org, date__range=period.as_range()).order_by("date")


def _total(rows) -> Decimal:
    return (rows.aggregate(total=Sum("amount"))["total"] or Decimal("0")).quantize(Decimal("0.01"))


def _income(org, period):
    rows = _entries(org, period).filter(category__startswith="income_")
    return IndicatorValue(_total(rows), rows)


def _expense(org, period):
    rows = _entries(org, period).filter(category__startswith="expense_")
    return IndicatorValue(-_total(rows), rows)


def _by_category(org, period):
    rows = _entries(org, period).filter(category__startswith="expense_")
    sums = dict(rows.order_by().values_list("category").annotate(total=Sum("amount")))
    value = {str(c.label): -(sums.get(c.value) or Decimal("0")) for c in Category.expense()}
    return IndicatorValue(value, rows)


def _balance(org, period):
    rows = LedgerEntry.objects.filter(org=org, date__lte=period.end).order_by("date")
    return IndicatorValue(_total(rows), rows)


@pytest.fixture
def funds_indicators(monkeypatch):
    """The funds.* indicators: the funds app's own once it registers them, else stand-ins with
    the same meaning (positive income, expense and per-category spending; signed balance)."""
    registered = indicators.all_indicators()
    stand_ins = {
        "funds.income": _income,
        "funds.expense": _expense,
        "funds.expense_by_category": _by_category,
        "funds.closing_balance": _balance,
    }
    for name, compute in stand_ins.items():
        if name not in registered:
            monkeypatch.setitem(
                indicators._REGISTRY,
                name,
                Indicator(name, name, "yuan", compute, str, "members.view"),
            )


@pytest.fixture
def without_funds_indicators(monkeypatch):
    indicators.all_indicators()
    for name in FUNDS_INDICATORS:
        monkeypatch.delitem(indicators._REGISTRY, name, raising=False)


@pytest.fixture
def only_members_and_funds_sections(monkeypatch):
    """The summary with the sections this app's tests know about, whatever else is installed."""
    summary.all_sections()
    for key in list(summary._REGISTRY):
        if key not in {"members", "funds"}:
            monkeypatch.delitem(summary._REGISTRY, key)


def post(org, user, category: str, amount: str, date: dt.date, memo: str = "") -> LedgerEntry:
    signed = Decimal(amount) if category.startswith("income_") else -Decimal(amount)
    return LedgerEntry.objects.create(
        org=org, date=date, category=category, amount=signed, memo=memo or category, posted_by=user
    )


def school_year_2025(org, user) -> dict:
    """Members and ledger entries for school year 2025-2026 with the totals a summary must show."""
    for _ in range(5):
        MemberFactory(org=org, gender="F", joined_on=dt.date(2015, 9, 1))
    for _ in range(3):
        MemberFactory(org=org, gender="M", joined_on=dt.date(2015, 9, 1))
    MemberFactory(org=org, gender="F", joined_on=dt.date(2025, 9, 1), name="新入会")
    MemberFactory(org=org, gender="M", joined_on=dt.date(2025, 10, 8), name="又入会")
    MemberFactory(
        org=org,
        gender="M",
        joined_on=dt.date(2001, 9, 1),
        status="retired",
        retired_on=dt.date(2026, 1, 31),
        name="退休了",
    )
    post(org, user, Category.ALLOCATION, "20000.00", dt.date(2025, 9, 10), "行政拨交经费")
    post(org, user, Category.DUES, "3456.78", dt.date(2025, 12, 1), "会费留成")
    post(org, user, Category.ACTIVITIES, "5000.50", dt.date(2025, 10, 1), "教工运动会")
    post(org, user, Category.RIGHTS, "1200.00", dt.date(2026, 1, 20), "困难帮扶")
    post(org, user, Category.ACTIVITIES, "999.00", dt.date(2024, 12, 1), "上一年的活动")
    return {
        "members": 11,
        "women": 6,
        "joined": 2,
        "retired": 1,
        "income": "23,456.78",
        "expense": "6,200.50",
        "activities": "5,000.50",
        "balance": "16,257.28",
    }
