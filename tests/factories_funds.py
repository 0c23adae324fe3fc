"""Ledger test data: entries go through the real service, so budget rules and audit apply."""

import datetime as dt
from decimal import Decimal

from tests.personas import treasurer_of
from unionhall.funds import services
from unionhall.funds.models import BudgetLine, BudgetPolicy, Category, FundsAccount


def post(org, amount, category=Category.ACTIVITIES, *, date=None, memo="教师节活动", actor=None):
    return services.ledger_post(
        org=org,
        actor=actor or treasurer_of(org),
        category=category,
        amount=Decimal(str(amount)),
        date=date or dt.date(2025, 9, 10),
        memo=memo,
    )


def budget(org, year, category, amount):
    return BudgetLine.objects.create(
        org=org, year=year, category=category, amount=Decimal(str(amount))
    )


def refuse_outside_budget(org):
    FundsAccount.objects.update_or_create(org=org, defaults={"budget_policy": BudgetPolicy.REFUSE})


def opening(org, amount, *, date, actor=None):
    """The opening balance (期初余额), entered through the service."""
    return services.opening_balance_enter(
        org=org, actor=actor or treasurer_of(org), amount=Decimal(str(amount)), date=date
    )
