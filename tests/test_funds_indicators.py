import datetime as dt
from decimal import Decimal

import pytest

from tests.factories_funds import post
from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.funds.models import Category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_funds_indicators_give_their_figures_and_the_records_behind_them(school, other_school):
    post(school, 1000, Category.ALLOCATION, date=dt.date(2024, 12, 1))
    post(school, 20000, Category.ALLOCATION, date=dt.date(2025, 3, 1))
    teachers_day = post(school, 3000, Category.ACTIVITIES, date=dt.date(2025, 9, 10))
    post(school, 500, Category.RIGHTS, date=dt.date(2025, 11, 2))
    post(other_school, 777, Category.ALLOCATION, date=dt.date(2025, 3, 1))
    year = Period.year(2025)

    income = indicators.get("funds.income")(school, year)
    assert income.value == Decimal("20000.00") and income.records.count() == 1
    expense = indicators.get("funds.expense")(school, year)
    assert expense.value == Decimal("3500.00")
    assert teachers_day in expense.records
    by_category = indicators.get("funds.expense_by_category")(school, year)
    assert by_category.value["Expense: staff activities"] == Decimal("3000.00")
    assert "Expense: capital spending" not in by_category.value  # nothing spent: not recorded
    balance = indicators.get("funds.closing_balance")(school, year)
    assert balance.value == Decimal("17500.00") and balance.records.count() == 4
    assert indicators.get("funds.closing_balance").describe(teachers_day).startswith("2025-09-10")
