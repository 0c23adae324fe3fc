"""The district roll-up: the same indicators for every school of a district, side by side.

Built only from indicators (see DESIGN.md), one school at a time, so that it keeps working when
organisations live on different database shards. Figures that add up (counts and money) get a
district total; rates do not.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from unionhall.core import indicators
from unionhall.core.indicators import Indicator, Period
from unionhall.reports.build import format_value

# The figures a district compares, in the order of the union's work. Those whose app is not
# installed are left out.
COLUMNS = (
    "members.count",
    "members.joined",
    "care.visits",
    "care.amount",
    "dues.collection_rate",
    "funds.income",
    "funds.expense",
    "congress.proposals_received",
    "congress.proposals_answered",
    "voice.received",
)


@dataclass
class RollupRow:
    school: Any
    values: list[Any]

    @property
    def shown(self) -> list[str]:
        return [format_value(v) for v in self.values]


@dataclass
class Rollup:
    period: Period
    columns: list[Indicator]
    rows: list[RollupRow]
    totals: list[Any]

    @property
    def totals_shown(self) -> list[str]:
        return ["" if t is None else format_value(t) for t in self.totals]


def _adds_up(indicator: Indicator) -> bool:
    return str(indicator.unit) != "%"


def columns() -> list[Indicator]:
    registered = indicators.all_indicators()
    return [registered[name] for name in COLUMNS if name in registered]


def rollup_build(*, schools, period: Period) -> Rollup:
    """Each school's figures for `period`, and the totals over the schools given."""
    shown = columns()
    rows = [
        RollupRow(school, [indicator(school, period).value for indicator in shown])
        for school in schools
    ]
    totals: list[Any] = []
    for index, indicator in enumerate(shown):
        if not _adds_up(indicator):
            totals.append(None)
            continue
        values = [row.values[index] for row in rows if row.values[index] is not None]
        zero = Decimal("0.00") if any(isinstance(v, Decimal) for v in values) else 0
        totals.append(sum(values, zero))
    return Rollup(period=period, columns=shown, rows=rows, totals=totals)
