"""Named indicators (指标): the only source of figures for summaries, dashboards and roll-ups.

Each app registers its indicators in its own `indicators.py` (loaded by `autodiscover`):

    @indicator("care.visits", _("Care visits"), unit=_("visits"), kind=COUNT)
    def visits(org, period) -> IndicatorValue:
        return count_of(CareVisit.objects.filter(org=org, date__range=period.as_range()))

An indicator is a function of (organisation, period). It returns its value and the records behind
it, so every printed figure can link to the rows that make it. The registry lives here in core,
so apps never import the reports app.

Each indicator says what kind of figure it is, so that a test can reconcile every one of them
with its records (tests/test_indicator_reconciliation.py):
- COUNT: the value is the number of records;
- SUM: the value is the sum over the records of `summed` (a field name, or the amount one record
  adds);
- RATE: a percentage; `detail["numerator"]` of `detail["denominator"]`, and the records are the
  denominator's rows;
- BREAKDOWN: a mapping of part → figure; `parts` maps each part to its own value and records, each
  a COUNT or a SUM (`part_kind`). Where a part's entry is itself a mapping, `part_field` names the
  entry's field that the part's records make.
An indicator with no records says "not recorded" (None), never 0.

One rendering for every figure, on every page and in every document (`Indicator.format`, or
`format_value(value, kind=…, empty=…)`): None is said in words ("not recorded", or the
indicator's own `empty` phrase: a rate without a denominator says e.g. "no proposals to answer"),
and a rate carries its per cent sign ("83.3%"), so a sentence never appends one.

An indicator may also give a grouped form, `by_org(orgs, period) -> {org id: value}`, that works
out its value for many organisations in one query (GROUP BY org): the district overview uses
it through `compute_many`, which falls back to one call per organisation for the others.

Indicators computed together (a summary, with `computed_together()`) may share what several of
them read: `shared(key, read)` reads once within that block and hands every caller the same
result (the dues owed, for the collection rate and the amount owed). Outside such a block it
simply reads; nothing is kept past the block, so no figure outlives the page that showed it.
"""

import contextlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

from django.db.models import Count, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from unionhall.core.money import format_money, quantize

# Period lives in core.periods; indicators take one, and apps import it from here too.
from unionhall.core.periods import Period
from unionhall.core.text import join_list

T = TypeVar("T")
_SHARED: ContextVar[dict | None] = ContextVar("indicators_shared", default=None)


@contextlib.contextmanager
def computed_together() -> Iterator[None]:
    """Within the block, `shared` reads each key once (a summary's indicators computed at once)."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, once per `key` within `computed_together()`; every time outside it. The key
    names everything the result depends on (the organisation, the period, today's date)."""
    memo = _SHARED.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def shared_rows(key: Hashable, rows: QuerySet[T]) -> QuerySet[T]:
    """`rows` read once per `key` within `computed_together()`, and that same queryset handed
    to every caller: counting it (`count_of`), listing it or testing it again reads the rows it
    holds, not the database. Outside the block `rows` is handed back unread, so a page showing
    one figure still counts in the database."""
    memo = _SHARED.get()
    if memo is None:
        return rows
    if key not in memo:
        len(rows)  # reads the rows once; QuerySet.count(), exists() and iterating then use them
        memo[key] = rows
    return memo[key]


# What kind of figure an indicator is: how its value reconciles with its records.
COUNT, SUM, RATE, BREAKDOWN = "count", "sum", "rate", "breakdown"
KINDS = (COUNT, SUM, RATE, BREAKDOWN)


@dataclass
class IndicatorValue:
    """A value (number, Decimal, or a mapping of label → number for breakdowns) and its records.

    `records` is a queryset (or any iterable) of the rows behind the value; it is evaluated only
    when someone asks to see them. A breakdown also gives each part's own value and records in
    `parts` (same keys as the value).
    """

    value: int | Decimal | float | dict[str, Any] | None
    records: Any = None
    detail: dict[str, Any] = field(default_factory=dict)
    parts: dict[str, "IndicatorValue"] = field(default_factory=dict)


def count_of(rows, **detail) -> IndicatorValue:
    """A COUNT: the number of `rows` (a queryset), or None when there are none."""
    return IndicatorValue(value=rows.count() or None, records=rows, detail=detail)


def sum_of(rows, field: str = "amount", **detail) -> IndicatorValue:
    """A SUM: `field` summed over `rows` (a queryset) to the cent, or None when there are none."""
    total = rows.aggregate(total=Sum(field))["total"]
    return IndicatorValue(
        value=None if total is None else quantize(total), records=rows, detail=detail
    )


def percent(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator in per cent, one decimal place; None without a denominator."""
    return round(100 * numerator / denominator, 1) if denominator else None


def rate_of(*, numerator: int, denominator: int, records, **detail) -> IndicatorValue:
    """A RATE: `records` are the denominator's rows; the page can say "12 of 15"."""
    return IndicatorValue(
        value=percent(numerator, denominator),
        records=records,
        detail={"numerator": numerator, "denominator": denominator, **detail},
    )


def count_by_org(rows) -> dict[int, int]:
    """The grouped form of a COUNT: `rows` (a queryset over many organisations) counted per
    organisation id in one GROUP BY query; organisations without rows are left out."""
    return dict(rows.order_by().values_list("org_id").annotate(n=Count("id")))


def sum_by_org(rows, field: str = "amount") -> dict[int, Decimal]:
    """The grouped form of a SUM: `field` summed per organisation id, to the cent, in one query;
    organisations without rows are left out (not recorded)."""
    totals = rows.order_by().values_list("org_id").annotate(total=Sum(field))
    return {org_id: quantize(total) for org_id, total in totals}


# What a figure with no records says, in words: never "0", never a dash.
NOT_RECORDED = _("not recorded")
# What a rate with an empty denominator says when its indicator gives no phrase of its own.
NOTHING_TO_MEASURE = _("nothing to measure")


def format_rate(value: Any) -> str:
    """A percentage as printed everywhere: one decimal place and the per cent sign."""
    return f"{float(value):,.1f}%"


def format_value(value: Any, *, kind: str = "", empty: Promise | str = "") -> str:
    """A figure as printed on pages and in documents. None (not recorded) is said in words:
    `empty` when given, else "no … to measure" for a rate and "not recorded" for the rest."""
    if value is None:
        return str(empty or (NOTHING_TO_MEASURE if kind == RATE else NOT_RECORDED))
    if kind == RATE and not isinstance(value, dict):
        return format_rate(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, dict):
        return join_list(f"{label} {format_value(amount)}" for label, amount in value.items())
    return str(value)


Grouped = Callable[[Iterable[Any], Period], dict[int, Any]]


@dataclass(frozen=True)
class Indicator:
    # An indicator is called with (org, period); a template reading `found.label` must not call
    # it with nothing (Django would, and show every name and label empty).
    do_not_call_in_templates: ClassVar[bool] = True

    name: str
    label: Promise | str
    unit: Promise | str
    compute: Callable[[Any, Period], IndicatorValue]
    # How to show one record in a list of records behind a figure: (record) -> str
    describe: Callable[[Any], str] = str
    # The capability a user needs to see the records behind it.
    capability: str = "org.home"
    # COUNT, SUM, RATE or BREAKDOWN (see the module's docstring).
    kind: str = ""
    # A SUM (or a breakdown of sums): the record's field that is summed, or (record) -> amount.
    summed: str | Callable[[Any], Decimal] | None = None
    # A BREAKDOWN: each part is a COUNT or a SUM; `part_field` for entries that are mappings.
    part_kind: str = ""
    part_field: str = ""
    # The value for many organisations at once (one GROUP BY query), if the indicator has one.
    by_org: Grouped | None = None
    # What the figure says when nothing is recorded, e.g. _("no proposals to answer") for a rate
    # without a denominator; blank: "not recorded" ("nothing to measure" for a rate).
    empty: Promise | str = ""

    def __call__(self, org, period: Period) -> IndicatorValue:
        return self.compute(org, period)

    def __reduce__(self):
        # Kept in a cache (a built summary) by its name: the registry gives it back.
        return (get, (self.name,))

    def format(self, value: Any, *, part: bool = False) -> str:
        """`value` (the whole figure, or with `part` one entry of a breakdown) as printed."""
        return format_value(value, kind=self.part_kind if part else self.kind, empty=self.empty)

    def amount_of(self, record) -> Decimal:
        """What one record adds to a sum."""
        if callable(self.summed):
            return self.summed(record)
        return getattr(record, str(self.summed))


_REGISTRY: dict[str, Indicator] = {}


def indicator(
    name: str,
    label: Promise | str,
    *,
    unit: Promise | str = "",
    describe: Callable[[Any], str] = str,
    capability: str = "org.home",
    kind: str = "",
    summed: str | Callable[[Any], Decimal] | None = None,
    part_kind: str = "",
    part_field: str = "",
    by_org: Grouped | None = None,
    empty: Promise | str = "",
):
    if kind and kind not in KINDS:
        raise ValueError(f"indicator {name!r}: kind {kind!r} is not one of {KINDS}")
    if (kind == SUM or part_kind == SUM) and summed is None:
        raise ValueError(f"indicator {name!r}: a sum names the record field it sums")
    if kind == BREAKDOWN and part_kind not in (COUNT, SUM):
        raise ValueError(f"indicator {name!r}: a breakdown's parts are counts or sums")

    def register(func: Callable[[Any, Period], IndicatorValue]):
        if name in _REGISTRY and _REGISTRY[name].compute is not func:
            raise ValueError(f"indicator {name!r} is registered twice")
        _REGISTRY[name] = Indicator(
            name,
            label,
            unit,
            func,
            describe,
            capability,
            kind=kind,
            summed=summed,
            part_kind=part_kind,
            part_field=part_field,
            by_org=by_org,
            empty=empty,
        )
        return func

    return register


def compute_many(found: Indicator, orgs: Iterable[Any], period: Period) -> dict[int, Any]:
    """The indicator's value for each organisation, by organisation id: one grouped query when
    the indicator has a grouped form, otherwise one computation per organisation."""
    orgs = list(orgs)
    if found.by_org is not None:
        values = found.by_org(orgs, period)
        return {org.pk: values.get(org.pk) for org in orgs}
    return {org.pk: found(org, period).value for org in orgs}


_discovered = False


def autodiscover() -> None:
    """Import every app's `indicators.py`, once per process: looking for the modules again on every
    call cost several milliseconds a page (an import attempt per app)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("indicators")
        _discovered = True


def get(name: str) -> Indicator:
    autodiscover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no indicator named {name!r}") from None


def all_indicators() -> dict[str, Indicator]:
    autodiscover()
    return dict(sorted(_REGISTRY.items()))
