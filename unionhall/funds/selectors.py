"""Reads of the funds ledger, always scoped to one organisation. Totals come from aggregates,
so a page costs the same few queries however many entries the ledger holds."""

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.shortcuts import get_object_or_404

from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.core.money import quantize
from unionhall.funds.models import (
    BudgetLine,
    BudgetPolicy,
    Category,
    FundsAccount,
    LedgerEntry,
    OpeningBalance,
    Receipt,
)

ZERO = Decimal("0.00")


def opening_balance_current(*, org) -> OpeningBalance | None:
    """The opening balance in force (the last correction of the one entered), or None."""
    return (
        OpeningBalance.objects.filter(org=org, replaced_by__isnull=True)
        .select_related("entered_by")
        .first()
    )


def opening_balance_history(*, org) -> QuerySet[OpeningBalance]:
    """Every opening balance entered, the one in force first, each with what it replaced."""
    return OpeningBalance.objects.filter(org=org).select_related("entered_by").order_by("-id")


def counted_entries(*, org, opening: OpeningBalance | None) -> QuerySet[LedgerEntry]:
    """The entries a balance is made of: from the opening balance's date on (earlier ones are
    inside the opening balance), or every entry when no opening balance is recorded."""
    rows = LedgerEntry.objects.filter(org=org)
    return rows.filter(date__gte=opening.date) if opening is not None else rows


def _sum(rows) -> Decimal:
    return quantize(rows.aggregate(total=Sum("amount"))["total"])


def brought_forward(
    *, org, start: dt.date, opening: OpeningBalance | None = None
) -> Decimal | None:
    """The balance at the start of the day `start`: the opening balance and the entries from
    its date up to the day before; None (not recorded) without an opening balance on or before
    `start`. Pass `opening` when it has been read already."""
    if opening is None or start < opening.date:
        return None
    return opening.amount + _sum(counted_entries(org=org, opening=opening).filter(date__lt=start))


_UNREAD = object()


def balance(*, org, on: dt.date | None = None, opening=_UNREAD) -> Decimal:
    """The balance at the end of `on` (default: every entry): the opening balance, when one is
    recorded, and the sum of the entries from its date on; without one, the sum of every entry.
    Pass `opening` (the one in force, or None) when it has been read already."""
    if opening is _UNREAD:
        opening = opening_balance_current(org=org)
    rows = counted_entries(org=org, opening=opening)
    if on is not None:
        if opening is not None and on < opening.date:
            return ZERO
        rows = rows.filter(date__lte=on)
    return (opening.amount if opening is not None else ZERO) + _sum(rows)


def budget_policy(*, org) -> str:
    account = FundsAccount.objects.filter(org=org).only("budget_policy").first()
    return account.budget_policy if account else BudgetPolicy.FLAG


@dataclass(frozen=True)
class EntryFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    category: str = ""
    flagged: bool = False


def _filtered(org, filters: EntryFilter) -> QuerySet[LedgerEntry]:
    rows = LedgerEntry.objects.filter(org=org)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.flagged:
        rows = rows.exclude(budget_flag="")
    return rows


def entry_list(
    *, org, filters: EntryFilter, opening: OpeningBalance | None
) -> tuple[QuerySet[LedgerEntry], Decimal, OpeningBalance | None]:
    """Entries newest first, each with `running` (the balance after it, in date order, of the
    entries the filter keeps), the balance brought forward before the period, and the opening
    balance the running balance starts from (`opening`, the one in force; None when the filter
    keeps only some categories, or when none is recorded).

    With an opening balance, entries dated before it add nothing to the running balance (they
    are inside it): the view shows no balance for them."""
    rows = _filtered(org, filters)
    start_from = None if (filters.category or filters.flagged) else opening
    counted = F("amount")
    if start_from is not None:
        counted = Case(When(date__gte=start_from.date, then=F("amount")), default=Value(ZERO))
    opening = start_from.amount if start_from is not None else ZERO
    if filters.start:
        before = rows.filter(date__lt=filters.start)
        if start_from is not None:
            before = before.filter(date__gte=start_from.date)
        opening += _sum(before)
        rows = rows.filter(date__gte=filters.start)
    if filters.end:
        rows = rows.filter(date__lte=filters.end)
    live_receipts = (
        Receipt.objects.filter(entry=OuterRef("pk"), deleted_at__isnull=True)
        .values("entry")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = (
        rows.select_related("posted_by", "reversed_by")
        .annotate(
            running=Window(Sum(counted), order_by=[F("date").asc(), F("id").asc()]),
            receipt_count=Coalesce(Subquery(live_receipts), Value(0)),
        )
        .order_by("-date", "-id")
    )
    return rows, opening, start_from


def entry_get(*, org, pk: int) -> LedgerEntry:
    return get_object_or_404(
        LedgerEntry.objects.select_related("posted_by", "reverses", "reversed_by__posted_by"),
        org=org,
        pk=pk,
    )


def source_of(*, entry: LedgerEntry):
    """What caused the entry (a care visit, a dues collection …), if it is still there."""
    if entry.source_type_id is None:
        return None
    model = entry.source_type.model_class()
    if model is None:
        return None
    found = model._default_manager.filter(pk=entry.source_id)
    if any(f.name == "org" for f in model._meta.get_fields()):
        found = found.filter(org=entry.org)
    return found.first()


def receipts_of(*, entry: LedgerEntry) -> QuerySet[Receipt]:
    return Receipt.objects.filter(org=entry.org, entry=entry).select_related(
        "uploaded_by", "deleted_by"
    )


def receipt_get(*, org, pk: int) -> Receipt:
    return get_object_or_404(Receipt.objects.select_related("entry"), org=org, pk=pk)


@dataclass
class BudgetRow:
    category: str
    label: str
    budget: Decimal | None
    spent: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent

    @property
    def over(self) -> bool:
        return (self.budget is None and self.spent > 0) or (
            self.budget is not None and self.spent > self.budget
        )

    @property
    def used_percent(self) -> int:
        if not self.budget:
            return 100 if self.spent > 0 else 0
        return int(min(self.spent / self.budget * 100, 999))


def budget_vs_actual(*, org, year: int, spent: dict[str, Decimal] | None = None) -> list[BudgetRow]:
    """Each expense category's budget line (or None) and what was spent; `spent` (category →
    signed sum) saves a query when the caller has already summed the year."""
    budgets = {line.category: line.amount for line in BudgetLine.objects.filter(org=org, year=year)}
    if spent is None:
        spent = dict(
            LedgerEntry.objects.filter(
                org=org,
                date__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
                category__startswith="expense_",
            )
            .values_list("category")
            .annotate(total=Sum("amount"))
            .order_by()
        )
    return [
        BudgetRow(
            category=c.value,
            label=str(c.label),
            budget=budgets.get(c.value),
            spent=-quantize(spent.get(c.value)),
        )
        for c in Category.expense()
    ]


@dataclass
class Bar:
    label: str
    amount: Decimal
    percent: int = 0  # of the largest bar, for the chart width
    count: int | None = None


@dataclass
class MonthBar:
    month: dt.date
    income: Decimal
    expense: Decimal
    income_percent: int = 0
    expense_percent: int = 0


@dataclass
class Disclosure:
    period: Period
    # None: no opening balance is recorded on or before the start of the period.
    opening: Decimal | None
    income: list[Bar]
    expenses: list[Bar]
    months: list[MonthBar]
    budget: list[BudgetRow] = field(default_factory=list)
    care: list[Bar] = field(default_factory=list)
    care_available: bool = False

    @property
    def income_total(self) -> Decimal:
        return sum((b.amount for b in self.income), ZERO)

    @property
    def expense_total(self) -> Decimal:
        return sum((b.amount for b in self.expenses), ZERO)

    @property
    def closing(self) -> Decimal | None:
        """None when the opening balance is not recorded: never a balance made up from zero."""
        if self.opening is None:
            return None
        return self.opening + self.income_total - self.expense_total

    @property
    def care_count(self) -> int:
        return sum(b.count or 0 for b in self.care)

    @property
    def care_amount(self) -> Decimal:
        return sum((Decimal(b.amount) for b in self.care), ZERO)


def _percentages(bars, attr: str, target: str, largest=None) -> None:
    largest = largest or max((getattr(b, attr) for b in bars), default=ZERO)
    for bar in bars:
        value = getattr(bar, attr)
        setattr(bar, target, int(value / largest * 100) if largest > 0 and value > 0 else 0)


def _month_of_date():
    """The month of an entry's date, computed by the database itself. SQLite keeps dates as
    ISO text, so its first seven characters are native work, where TruncMonth would call
    Python once per row; elsewhere DATE_TRUNC is native."""
    if connection.vendor == "sqlite":
        return Substr("date", 1, 7)
    return TruncMonth("date")


def _first_of_month(value) -> dt.date:
    if isinstance(value, str):  # "2025-03" from SQLite
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.replace(day=1)


@functools.cache
def care_indicator():
    """The care app's `care.by_kind`, or None without the care app. Looked up once: finding
    it runs the indicator autodiscovery, which costs a little on every page otherwise."""
    try:
        return indicators.get("care.by_kind")
    except KeyError:
        return None


def care_totals(*, org, period: Period) -> tuple[bool, list[Bar]]:
    """Care visits by kind, from the care app's `care.by_kind` indicator when it is installed:
    {kind: {"label", "count", "people", "amount"}}.

    Only counts and amounts by kind are read, never the records: a disclosure names nobody.
    """
    indicator = care_indicator()
    if indicator is None:
        return False, []
    value = indicator(org, period).value or {}
    bars = [
        Bar(label=figure["label"], amount=figure["amount"], count=figure["count"])
        for figure in value.values()
    ]
    _percentages(bars, "amount", "percent")
    return True, bars


def disclosure(*, org, period: Period, with_care: bool = True) -> Disclosure:
    """Income, expenses by category, the balance, monthly bars and care totals for a period:
    three aggregate queries (plus the care indicator's own), whatever the ledger's size."""
    opening = brought_forward(org=org, start=period.start, opening=opening_balance_current(org=org))
    sums = (
        LedgerEntry.objects.filter(org=org, date__range=period.as_range())
        .annotate(month=_month_of_date())
        .values_list("category", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    by_category: dict[str, Decimal] = {}
    by_month: dict[dt.date, list[Decimal]] = {m: [ZERO, ZERO] for m in period.months()}
    for category, month, total in sums:
        total = quantize(total)
        month = _first_of_month(month)
        by_category[category] = by_category.get(category, ZERO) + total
        income = category.startswith("income_")
        slot = by_month.setdefault(month, [ZERO, ZERO])
        slot[0 if income else 1] += total if income else -total
    income = [
        Bar(label=str(c.label), amount=by_category.get(c.value, ZERO)) for c in Category.income()
    ]
    expenses = [
        Bar(label=str(c.label), amount=-by_category.get(c.value, ZERO)) for c in Category.expense()
    ]
    _percentages(income + expenses, "amount", "percent")
    months = [MonthBar(m, inc, exp) for m, (inc, exp) in sorted(by_month.items())]
    largest = max([m.income for m in months] + [m.expense for m in months], default=ZERO)
    _percentages(months, "income", "income_percent", largest)
    _percentages(months, "expense", "expense_percent", largest)
    result = Disclosure(
        period=period, opening=opening, income=income, expenses=expenses, months=months
    )
    if period.start.year == period.end.year and (period.start.month, period.end.month) == (1, 12):
        result.budget = budget_vs_actual(org=org, year=period.start.year, spent=by_category)
    if with_care:
        result.care_available, result.care = care_totals(org=org, period=period)
    return result
