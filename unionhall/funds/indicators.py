"""Indicators of the funds ledger, for summaries, dashboards and the district roll-up."""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import (
    BREAKDOWN,
    SUM,
    IndicatorValue,
    Period,
    indicator,
    shared,
    sum_by_org,
    sum_of,
)
from unionhall.core.money import format_money, quantize
from unionhall.funds.models import Category, LedgerEntry, OpeningBalance
from unionhall.funds.selectors import counted_entries, opening_balance_current

ZERO = Decimal("0.00")


def _describe(entry: LedgerEntry | OpeningBalance) -> str:
    amount = format_money(entry.amount)
    if isinstance(entry, OpeningBalance):
        return gettext("%(date)s opening balance %(amount)s") % {
            "date": f"{entry.date:%Y-%m-%d}",
            "amount": amount,
        }
    return f"{entry.date:%Y-%m-%d} {entry.get_category_display()} {amount} {entry.memo}"


class OpeningAndEntries(Sequence):
    """The records of a balance: the opening balance, then the entries after it. Read a page at
    a time, like a queryset: the entries are counted and sliced in the database."""

    def __init__(self, opening: OpeningBalance, entries: QuerySet[LedgerEntry]):
        self.opening = opening
        self.entries = entries

    def __len__(self) -> int:
        return 1 + self.entries.count()

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            head = [self.opening] if start == 0 and stop > 0 else []
            tail = list(self.entries[max(start - 1, 0) : max(stop - 1, 0)])
            return head + tail
        if index < 0:
            index += len(self)
        if index == 0:
            return self.opening
        return self.entries[index - 1]

    def __iter__(self):
        yield self.opening
        yield from self.entries


def _opening(org) -> OpeningBalance | None:
    """The opening balance in force, read once for the opening and closing balances of a
    summary (`shared`)."""
    return shared(
        ("funds.opening_balance_current", org.pk), lambda: opening_balance_current(org=org)
    )


def _balance(org, *, before=None, through=None) -> IndicatorValue:
    """The balance at the start of the day `before`, or at the end of the day `through`: the
    opening balance and the entries from its date on. Not recorded (None) without an opening
    balance dated on or before that day."""
    opening = _opening(org)
    day = before if before is not None else through
    if opening is None or day < opening.date:
        return IndicatorValue(value=None, records=[], detail={"opening": opening})
    rows = counted_entries(org=org, opening=opening).order_by("date", "id")
    rows = rows.filter(date__lt=before) if before is not None else rows.filter(date__lte=through)
    total = opening.amount + quantize(rows.aggregate(total=Sum("amount"))["total"])
    return IndicatorValue(
        value=total, records=OpeningAndEntries(opening, rows), detail={"opening": opening}
    )


def _in_period(org, period: Period):
    return LedgerEntry.objects.filter(org=org, date__range=period.as_range()).order_by("date", "id")


def _of_orgs(orgs, period: Period, prefix: str):
    return LedgerEntry.objects.filter(
        org__in=orgs, date__range=period.as_range(), category__startswith=prefix
    )


def _income_by_org(orgs, period: Period):
    return sum_by_org(_of_orgs(orgs, period, "income_"))


def _expense_by_org(orgs, period: Period):
    return {org: -total for org, total in sum_by_org(_of_orgs(orgs, period, "expense_")).items()}


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
    by_org=_income_by_org,
)
def income(org, period: Period) -> IndicatorValue:
    rows = _in_period(org, period).filter(category__startswith="income_")
    return sum_of(rows)


@indicator(
    "funds.expense",
    _("Spending of the union funds"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
    kind=SUM,
    summed=spent,
    by_org=_expense_by_org,
)
def expense(org, period: Period) -> IndicatorValue:
    rows = _in_period(org, period).filter(category__startswith="expense_")
    total = sum_of(rows).value
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
    """Category label → amount spent, for each expense category with entries in the period (a
    category with none is not recorded, not 0), in the national scheme's order;
    `detail["codes"]` maps each label to its category code, and each part's records are the
    entries of its category."""
    rows = _in_period(org, period).filter(category__startswith="expense_")
    sums = dict(rows.order_by().values_list("category").annotate(total=Sum("amount")))
    if not sums:
        return IndicatorValue(value=None, records=rows)
    spent_on = [c for c in Category.expense() if c.value in sums]
    value = {str(c.label): -quantize(sums[c.value]) for c in spent_on}
    codes = {str(c.label): c.value for c in spent_on}
    parts = {
        str(c.label): IndicatorValue(value=value[str(c.label)], records=rows.filter(category=c))
        for c in spent_on
    }
    return IndicatorValue(value=value, records=rows, detail={"codes": codes}, parts=parts)


@indicator(
    "funds.opening_balance",
    _("Balance of the union funds at the start of the period"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
    kind=SUM,
    summed="amount",
    empty=_("opening balance not recorded"),
)
def opening_balance(org, period: Period) -> IndicatorValue:
    """The opening balance (期初余额) and the entries from its date to the day before the
    period; not recorded when the period starts before the opening balance's date."""
    return _balance(org, before=period.start)


@indicator(
    "funds.closing_balance",
    _("Balance of the union funds at the end of the period"),
    unit=_("yuan"),
    describe=_describe,
    capability="funds.view",
    kind=SUM,
    summed="amount",
)
def closing_balance(org, period: Period) -> IndicatorValue:
    """The opening balance and the entries from its date to the end of the period. Without an
    opening balance recorded, the sum of the entries up to the end of the period (the ledger
    taken to start from nothing); not recorded when the period ends before the opening balance,
    or before any entry."""
    if _opening(org) is None:
        rows = LedgerEntry.objects.filter(org=org, date__lte=period.end).order_by("date", "id")
        return sum_of(rows)
    return _balance(org, through=period.end)
