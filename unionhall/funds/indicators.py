"""Indicators of the funds ledger, for summaries, dashboards and the district roll-up."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import BREAKDOWN, SUM, IndicatorValue, Period, indicator
from unionhall.core.money import format_money, quantize
from unionhall.funds.models import Category, LedgerEntry

ZERO = Decimal("0.00")


def _describe(entry: LedgerEntry) -> str:
    amount = format_money(entry.amount)
    return f"{entry.date:%Y-%m-%d} {entry.get_category_display()} {amount} {entry.memo}"


def _in_period(org, period: Period):
    return LedgerEntry.objects.filter(org=org, date__range=period.as_range()).order_by("date", "id")


def _total(rows) -> Decimal | None:
    """The sum of the entries' amounts, or None (not recorded) when there are no entries."""
    totals = rows.aggregate(total=Sum("amount"), n=Count("id"))
    return quantize(totals["total"]) if totals["n"] else None


def spent(entry: LedgerEntry) -> Decimal:
    """What an expense entry adds to the spending: expenses are negative in the ledger."""
    return -entry.amount


@indicator(
    "funds.income",
    _("Income of the union funds"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
    kind=SUM,
    summed="amount",
)
def income(org, period: Period) -> IndicatorValue:
    rows = _in_period(org, period).filter(category__startswith="income_")
    return IndicatorValue(value=_total(rows), records=rows)


@indicator(
    "funds.expense",
    _("Spending of the union funds"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
    kind=SUM,
    summed=spent,
)
def expense(org, period: Period) -> IndicatorValue:
    rows = _in_period(org, period).filter(category__startswith="expense_")
    total = _total(rows)
    return IndicatorValue(value=None if total is None else -total, records=rows)


@indicator(
    "funds.expense_by_category",
    _("Spending by category"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
    kind=BREAKDOWN,
    part_kind=SUM,
    summed=spent,
)
def expense_by_category(org, period: Period) -> IndicatorValue:
    """Category label → amount spent (every expense category, zero included, once anything was
    spent), in the national scheme's order; `detail["codes"]` maps each label to its category
    code, and each part's records are the entries of its category."""
    rows = _in_period(org, period).filter(category__startswith="expense_")
    sums = dict(rows.order_by().values_list("category").annotate(total=Sum("amount")))
    if not sums:
        return IndicatorValue(value=None, records=rows)
    value = {str(c.label): -quantize(sums.get(c.value)) for c in Category.expense()}
    codes = {str(c.label): c.value for c in Category.expense()}
    parts = {
        str(c.label): IndicatorValue(value=value[str(c.label)], records=rows.filter(category=c))
        for c in Category.expense()
    }
    return IndicatorValue(value=value, records=rows, detail={"codes": codes}, parts=parts)


@indicator(
    "funds.balance",
    _("Balance of the union funds at the end of the period"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
    kind=SUM,
    summed="amount",
)
def balance(org, period: Period) -> IndicatorValue:
    rows = LedgerEntry.objects.filter(org=org, date__lte=period.end).order_by("date", "id")
    return IndicatorValue(value=_total(rows), records=rows)
