"""Indicators of the funds ledger, for summaries, dashboards and the district roll-up."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import IndicatorValue, Period, indicator
from unionhall.core.money import format_money, quantize
from unionhall.funds.models import Category, LedgerEntry

ZERO = Decimal("0.00")


def _describe(entry: LedgerEntry) -> str:
    amount = format_money(entry.amount)
    return f"{entry.date:%Y-%m-%d} {entry.get_category_display()} {amount} {entry.memo}"


def _in_period(org, period: Period):
    return LedgerEntry.objects.filter(org=org, date__range=period.as_range()).order_by("date", "id")


@indicator(
    "funds.income",
    _("Income of the union funds"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
)
def income(org, period: Period) -> IndicatorValue:
    rows = _in_period(org, period).filter(category__startswith="income_")
    total = quantize(rows.aggregate(total=Sum("amount"))["total"])
    return IndicatorValue(value=total, records=rows)


@indicator(
    "funds.expense",
    _("Spending of the union funds"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
)
def expense(org, period: Period) -> IndicatorValue:
    rows = _in_period(org, period).filter(category__startswith="expense_")
    total = quantize(rows.aggregate(total=Sum("amount"))["total"])
    return IndicatorValue(value=-total, records=rows)


@indicator(
    "funds.expense_by_category",
    _("Spending by category"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
)
def expense_by_category(org, period: Period) -> IndicatorValue:
    """Category label → amount spent (every expense category, zero included), in the
    national scheme's order; `detail["codes"]` maps each label to its category code."""
    rows = _in_period(org, period).filter(category__startswith="expense_")
    sums = dict(rows.order_by().values_list("category").annotate(total=Sum("amount")))
    value = {str(c.label): -quantize(sums.get(c.value)) for c in Category.expense()}
    codes = {str(c.label): c.value for c in Category.expense()}
    return IndicatorValue(value=value, records=rows, detail={"codes": codes})


@indicator(
    "funds.balance",
    _("Balance of the union funds at the end of the period"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
)
def balance(org, period: Period) -> IndicatorValue:
    rows = LedgerEntry.objects.filter(org=org, date__lte=period.end).order_by("date", "id")
    total = quantize(rows.aggregate(total=Sum("amount"))["total"])
    return IndicatorValue(value=total, records=rows)
