import datetime as dt
from decimal import Decimal

import pytest

from unionhall.core.indicators import Period
from unionhall.demo.funds import seed_funds_demo
from unionhall.funds import selectors
from unionhall.funds.models import BudgetFlag, BudgetLine, LedgerEntry

pytestmark = pytest.mark.django_db


def test_the_demo_year_is_believable(school):
    posted = seed_funds_demo(school, 2025)
    entries = LedgerEntry.objects.filter(org=school)
    assert posted == entries.count() > 30
    assert entries.filter(memo__contains="工资总额2%").count() == 4
    assert entries.filter(memo__contains="三八节").exists()
    assert entries.filter(memo__contains="教师节").exists()
    assert entries.filter(memo__contains="羽毛球").exists()
    assert entries.filter(reverses__isnull=False).count() == 1
    assert entries.filter(budget_flag=BudgetFlag.OVER_BUDGET).count() == 1
    assert BudgetLine.objects.filter(org=school, year=2025).count() == 5
    report = selectors.disclosure(org=school, period=Period.year(2025))
    assert Decimal("80000") < report.income_total < Decimal("150000")
    assert Decimal("40000") < report.expense_total < report.income_total
    assert seed_funds_demo(school, 2025) == 0  # a second run adds nothing
    opening = selectors.opening_balance_current(org=school)
    assert opening.date == dt.date(2025, 1, 1) and opening.amount > 0
    assert report.opening == opening.amount
    before = selectors.disclosure(org=school, period=Period.year(2024))
    assert before.opening is None and before.closing is None
