"""Reads for the district: its schools side by side, the returns, the calls and the ranking.

Every figure about many schools is an indicator's grouped form (`by_org`: one GROUP BY org query
per indicator), or a GROUP BY over the district's own rows; nothing here loops over schools
issuing queries.
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from unionhall.core import indicators
from unionhall.core.indicators import COUNT, RATE, SUM, Indicator, Period
from unionhall.district.models import (
    RETURN_AMOUNTS,
    RETURN_COUNTS,
    RETURN_FLAGS,
    AnnualReturn,
    Assessment,
    AssessmentRound,
    CongressReport,
    DataCall,
    DataCallReply,
    ItemScore,
    ReturnRound,
    Rubric,
)
from unionhall.district.snapshots import grouped_values
from unionhall.orgs.models import Organisation

# The indicators the comparison page offers first.
DEFAULT_COMPARED = (
    "members.active",
    "members.women",
    "care.person_visits",
    "care.amount",
    "dues.collected",
    "congress.proposals_received",
    "congress.answer_rate",
)


def schools_of(district: Organisation) -> list[Organisation]:
    return list(Organisation.objects.filter(parent=district).order_by("code"))


def school_count(*, district: Organisation) -> int:
    return Organisation.objects.filter(parent=district).count()


def return_rounds(*, district: Organisation | int) -> QuerySet[ReturnRound]:
    """The district's rounds of annual returns (a school passes its parent's id)."""
    return ReturnRound.objects.filter(org=district)


def assessment_rounds(*, district: Organisation | int) -> QuerySet[AssessmentRound]:
    """The district's yearly assessments (a school passes its parent's id)."""
    return AssessmentRound.objects.filter(org=district)


def rubrics(*, district: Organisation) -> QuerySet[Rubric]:
    return Rubric.objects.filter(org=district)


def assessment_scores(*, assessment: Assessment) -> list[ItemScore]:
    """One school's scores, item by item in the rubric's order."""
    return list(
        ItemScore.objects.filter(assessment=assessment)
        .select_related("item")
        .order_by("item__order")
    )


def comparable() -> list[Indicator]:
    """The indicators a district can compare its schools by: those with a grouped form whose
    value is one number."""
    return [
        found
        for found in indicators.all_indicators().values()
        if found.by_org is not None and found.kind in (COUNT, SUM, RATE)
    ]


@dataclass
class Column:
    found: Indicator
    total: Any  # the district's total (counts and sums); None for rates or when not recorded
    median: Any

    @property
    def adds_up(self) -> bool:
        return self.found.kind in (COUNT, SUM)


class SchoolRef(NamedTuple):
    """A school as the comparison shows it: a thousand of these cost far less than models."""

    pk: int
    code: str
    name: str


@dataclass
class CompareRow:
    school: SchoolRef
    values: list[Any]


@dataclass
class Comparison:
    period: Period
    columns: list[Column]
    rows: list[CompareRow]
    sort: str = ""
    descending: bool = True
    names: list[str] = field(default_factory=list)
    # When the figures shown were worked out (the oldest of them), for a snapshot.
    as_of: dt.datetime | None = None


def _median(values: list) -> Any:
    present = [v for v in values if v is not None]
    if not present:
        return None
    middle = statistics.median(present)
    if isinstance(middle, Decimal):
        return middle.quantize(Decimal("0.01"))
    if isinstance(middle, float) and not all(isinstance(v, float) for v in present):
        return round(middle, 1)
    return middle


def _total(found: Indicator, values: list) -> Any:
    if found.kind not in (COUNT, SUM):
        return None
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def comparison(
    *,
    district: Organisation,
    names: list[str],
    period: Period,
    sort: str = "",
    descending: bool = True,
    snapshot: bool = False,
) -> Comparison:
    """Every school of the district, one column per named indicator, with the district's total
    (of counts and sums) and median; sorted by `sort` (an indicator name, else by code).
    One query for the schools and one per indicator, whatever the number of schools; with
    `snapshot`, one query for all the indicators' kept values while they are fresh (see
    district/snapshots.py, the only place that writes them)."""
    offered = {found.name: found for found in comparable()}
    chosen = list({offered[name].name: offered[name] for name in names if name in offered}.values())
    schools = [
        SchoolRef(*row)
        for row in Organisation.objects.filter(parent=district)
        .order_by("code")
        .values_list("pk", "code", "name")
    ]
    as_of = None
    if snapshot:
        grouped, as_of = grouped_values(
            district=district,
            chosen=chosen,
            year=period.start.year,
            school_ids=[school.pk for school in schools],
        )
    else:
        grouped = [indicators.compute_many(found, schools, period) for found in chosen]
    rows = [CompareRow(school, [values.get(school.pk) for values in grouped]) for school in schools]
    columns = []
    for index, found in enumerate(chosen):
        values = [row.values[index] for row in rows]
        columns.append(Column(found, _total(found, values), _median(values)))
    if sort in [c.found.name for c in columns]:
        index = [c.found.name for c in columns].index(sort)
        present = [row for row in rows if row.values[index] is not None]
        missing = [row for row in rows if row.values[index] is None]
        present.sort(key=lambda row: row.values[index], reverse=descending)
        rows = present + missing  # "not recorded" last, whichever way
    names = [c.found.name for c in columns]
    return Comparison(period, columns, rows, sort, descending, names, as_of)


# Annual returns ---------------------------------------------------------------------------------


@dataclass
class ReturnStatus:
    school: Organisation
    annual_return: AnnualReturn | None
    late: bool


def return_statuses(*, round: ReturnRound, today: dt.date) -> list[ReturnStatus]:
    """Each school of the district with its return for the round (or none yet): two queries."""
    returns = {
        r.org_id: r
        for r in AnnualReturn.objects.filter(round=round).select_related("round", "submitted_by")
    }
    statuses = []
    for school in schools_of(round.org):
        found = returns.get(school.pk)
        if found is not None and found.is_submitted:
            late = not found.on_time
        else:
            late = today > round.due_on
        statuses.append(ReturnStatus(school, found, late))
    return statuses


RETURN_SUMMED = [name for name, _label in RETURN_COUNTS + RETURN_AMOUNTS]
RETURN_FLAG_NAMES = [name for name, _label in RETURN_FLAGS]


def return_totals(*, round: ReturnRound) -> dict[str, Any]:
    """The district's totals over the submitted returns of the round, in one query: each count
    and amount summed, each yes/no counted (how many schools have it), and the join rate."""
    submitted = AnnualReturn.objects.filter(round=round, state=AnnualReturn.State.SUBMITTED)
    aggregates = {name: Sum(name) for name in RETURN_SUMMED}
    aggregates |= {name: Count("id", filter=Q(**{name: True})) for name in RETURN_FLAG_NAMES}
    aggregates["schools"] = Count("id")
    totals = submitted.aggregate(**aggregates)
    for name in RETURN_SUMMED:
        if totals[name] is None:
            totals[name] = 0
    totals["join_rate"] = indicators.percent(totals["members"], totals["staff"])
    return totals


# Data calls -------------------------------------------------------------------------------------


@dataclass
class CallStatus:
    school: Organisation
    reply: DataCallReply | None
    late: bool


def call_statuses(*, call: DataCall, today: dt.date) -> list[CallStatus]:
    """Each school with its latest reply to the call (or none): two queries."""
    latest = {}
    for reply in DataCallReply.objects.filter(call=call).order_by("org_id", "-uploaded_at", "-id"):
        latest.setdefault(reply.org_id, reply)
    statuses = []
    for school in schools_of(call.org):
        reply = latest.get(school.pk)
        if reply is None:
            late = today > call.due_on
        else:
            late = timezone.localdate(reply.uploaded_at) > call.due_on
        statuses.append(CallStatus(school, reply, late))
    return statuses


def calls_with_counts(*, district: Organisation):
    """The district's calls, each with how many schools replied: one query."""
    return DataCall.objects.filter(org=district).annotate(
        replied=Count("replies__org", distinct=True), last_reply=Max("replies__uploaded_at")
    )


def open_calls_for(*, school: Organisation):
    """The calls of the school's district, each with the school's latest upload time."""
    return (
        DataCall.objects.filter(org=school.parent)
        .annotate(my_last=Max("replies__uploaded_at", filter=Q(replies__org=school)))
        .order_by("-due_on", "-id")
    )


# Congress reports -------------------------------------------------------------------------------


def congress_reports(*, district: Organisation, year: int | None = None):
    rows = CongressReport.objects.filter(district=district).select_related("org", "session__term")
    if year is not None:
        rows = rows.filter(held_on__year=year)
    return rows.order_by("-held_on", "org__code")


# Assessment -------------------------------------------------------------------------------------


def ranking(*, round) -> list[Assessment]:
    """The round's schools, highest total first: one query."""
    return list(
        Assessment.objects.filter(round=round).select_related("org").order_by("-total", "org__code")
    )
