"""Reads of the honours register. Withdrawn honours are left out unless asked for.

Hard conditions of later selections ("has this person won X in the last N years?") ask
`has_honour`; a member's page lists `honours_of`.
"""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from unionhall.core.periods import Period
from unionhall.honours.models import RANK_ORDER, Honour, Level, Rank
from unionhall.members.models import Member


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` years earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def honours_of(
    member: Member,
    *,
    title_contains: str | None = None,
    min_level: int | None = None,
    within_years: int | None = None,
    on: dt.date | None = None,
    include_withdrawn: bool = False,
) -> QuerySet[Honour]:
    """The honours `member` holds: their own, and those of teams they were a member of.

    `title_contains`: the title contains these words. `min_level`: at this level or above
    (`Level.COUNTY` = district or county level and higher). `within_years` with `on` (today
    when not given): awarded in the `within_years` years up to and including `on`, i.e. on or
    after the same day `within_years` years before; honours dated after `on` are left out
    whenever `on` is given."""
    found = Honour.objects.filter(org_id=member.org_id).filter(
        Q(member=member) | Q(team_members=member)
    )
    if not include_withdrawn:
        found = found.filter(withdrawn_at__isnull=True)
    if title_contains:
        found = found.filter(title__icontains=title_contains.strip())
    if min_level is not None:
        found = found.filter(level__gte=int(min_level))
    if within_years is not None or on is not None:
        day = on or timezone.localdate()
        found = found.filter(awarded_on__lte=day)
        if within_years is not None:
            found = found.filter(awarded_on__gte=years_before(day, within_years))
    return found.distinct().order_by("-awarded_on", "-id")


def has_honour(
    member: Member,
    *,
    title_contains: str | None = None,
    min_level: int | None = None,
    within_years: int | None = None,
    on: dt.date | None = None,
) -> bool:
    """Whether `member` holds an honour matching the conditions (see `honours_of`), e.g.
    `has_honour(m, title_contains="优秀教师", min_level=Level.CITY, within_years=3)`."""
    return honours_of(
        member,
        title_contains=title_contains,
        min_level=min_level,
        within_years=within_years,
        on=on,
    ).exists()


def register(
    org,
    *,
    period: Period | None = None,
    level: int | None = None,
    rank: str | None = None,
    holder: str = "",
    include_withdrawn: bool = False,
) -> QuerySet[Honour]:
    """The register, newest first, filtered by the period awarded, level, rank (""
    = no rank) and the holder's name (a member, department or team)."""
    found = Honour.objects.filter(org=org).select_related("member", "department")
    if not include_withdrawn:
        found = found.filter(withdrawn_at__isnull=True)
    if period is not None:
        found = found.filter(awarded_on__range=period.as_range())
    if level is not None:
        found = found.filter(level=level)
    if rank is not None:
        found = found.filter(rank=rank)
    holder = holder.strip()
    if holder:
        found = found.filter(
            Q(member__name__icontains=holder)
            | Q(department__name__icontains=holder)
            | Q(team_name__icontains=holder)
            | Q(team_members__name__icontains=holder)
        ).distinct()
    return found.order_by("-awarded_on", "-id")


def counts_by_level_and_rank(org, period: Period) -> dict:
    """The year's table: a row per level (highest first) with its count per rank and total,
    and the totals per rank. Only levels with honours have rows."""
    found = (
        register(org, period=period)
        .order_by()
        .values("level", "rank")
        .annotate(n=Count("id", distinct=True))
    )
    cells: dict[tuple[int, str], int] = {(row["level"], row["rank"]): row["n"] for row in found}
    rows = []
    for level in sorted({lv for lv, _r in cells}, reverse=True):
        counts = [cells.get((level, rank), 0) for rank in RANK_ORDER]
        rows.append({"level": Level(level), "counts": counts, "honours": sum(counts)})
    totals = [sum(cells.get((lv, rank), 0) for lv, _ in Level.choices) for rank in RANK_ORDER]
    return {
        "ranks": [Rank(rank) for rank in RANK_ORDER],
        "rows": rows,
        "totals": totals,
        "honours": sum(totals),
    }
