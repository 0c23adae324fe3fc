"""Indicators of competitions: held, entries, prizes awarded and the prize money.

A competition counts in the period its activity starts in (cancelled activities left out); its
entries with it (withdrawn entries left out). Prizes count on the day they were awarded. The
prize money is the sum over the awards, each of which posted its own ledger entry, so the
figure reconciles with the ledger rows.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.competitions.models import Award, Competition, Entry
from unionhall.core.indicators import (
    BREAKDOWN,
    COUNT,
    SUM,
    IndicatorValue,
    Period,
    count_of,
    indicator,
    sum_of,
)
from unionhall.core.money import format_money
from unionhall.core.records import RecordRow
from unionhall.honours.models import RANK_ORDER, Rank


def _competitions(org, period: Period):
    return (
        Competition.objects.filter(
            org=org,
            activity__starts_on__range=period.as_range(),
            activity__cancelled_at__isnull=True,
        )
        .select_related("activity", "org")
        .order_by("activity__starts_on", "id")
    )


def _entries(org, period: Period):
    return (
        Entry.objects.filter(
            org=org,
            withdrawn_at__isnull=True,
            competition__activity__starts_on__range=period.as_range(),
            competition__activity__cancelled_at__isnull=True,
        )
        .select_related("competition__activity", "member", "org")
        .order_by("competition__activity__starts_on", "competition_id", "id")
    )


def awards_in(org, period: Period):
    return (
        Award.objects.filter(org=org, awarded_on__range=period.as_range())
        .select_related("competition__activity", "entry__member", "org")
        .order_by("awarded_on", "competition_id", "place", "id")
    )


def _url(record, competition_id: int) -> str:
    return reverse("competitions:detail", kwargs={"org": record.org.code, "pk": competition_id})


def describe_competition(competition: Competition) -> RecordRow:
    activity = competition.activity
    return RecordRow(
        _("%(date)s %(title)s") % {"date": activity.starts_on, "title": activity.title},
        _url(competition, competition.pk),
    )


def describe_entry(entry: Entry) -> RecordRow:
    return RecordRow(
        _("%(title)s: %(entrant)s")
        % {"title": entry.competition.activity.title, "entrant": entry.entrant},
        _url(entry, entry.competition_id),
    )


def describe_award(award: Award) -> RecordRow:
    text = _("%(date)s %(title)s: %(winner)s, %(prize)s") % {
        "date": award.awarded_on,
        "title": award.competition.activity.title,
        "winner": award.entry.entrant,
        "prize": award.get_rank_display(),
    }
    if award.amount:
        text = _("%(award)s, %(amount)s yuan") % {
            "award": text,
            "amount": format_money(award.amount),
        }
    if award.gift:
        text = _("%(award)s, %(gift)s") % {"award": text, "gift": award.gift}
    return RecordRow(text, _url(award, award.competition_id))


def _held_by_org(orgs, period: Period) -> dict[int, int]:
    """Competitions held per organisation in one GROUP BY query (the district overview)."""
    rows = Competition.objects.filter(
        org__in=orgs,
        activity__starts_on__range=period.as_range(),
        activity__cancelled_at__isnull=True,
    )
    return dict(rows.order_by().values_list("org_id").annotate(n=Count("id")))


@indicator(
    "competitions.held",
    gettext_lazy("Competitions held"),
    unit=gettext_lazy("competitions"),
    describe=describe_competition,
    kind=COUNT,
    by_org=_held_by_org,
)
def competitions_held(org, period: Period) -> IndicatorValue:
    return count_of(_competitions(org, period))


@indicator(
    "competitions.entries",
    gettext_lazy("Competition entries"),
    unit=gettext_lazy("entries"),
    describe=describe_entry,
    kind=COUNT,
)
def competition_entries(org, period: Period) -> IndicatorValue:
    return count_of(_entries(org, period))


@indicator(
    "competitions.prizes",
    gettext_lazy("Competition prizes awarded"),
    unit=gettext_lazy("prizes"),
    describe=describe_award,
    kind=COUNT,
)
def competition_prizes(org, period: Period) -> IndicatorValue:
    return count_of(awards_in(org, period))


@indicator(
    "competitions.prizes_by_rank",
    gettext_lazy("Competition prizes by rank"),
    unit=gettext_lazy("prizes"),
    describe=describe_award,
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def competition_prizes_by_rank(org, period: Period) -> IndicatorValue:
    rows = awards_in(org, period)
    value, parts = {}, {}
    for rank in RANK_ORDER:
        if rank == Rank.NONE:
            continue
        part = rows.filter(rank=rank)
        count = part.count()
        if count:
            value[str(Rank(rank).label)] = count
            parts[str(Rank(rank).label)] = IndicatorValue(value=count, records=part)
    return IndicatorValue(value=value or None, records=rows, parts=parts)


@indicator(
    "competitions.prize_money",
    gettext_lazy("Competition prize money"),
    unit=gettext_lazy("yuan"),
    describe=describe_award,
    kind=SUM,
    summed="amount",
    capability="funds.view",
)
def competition_prize_money(org, period: Period) -> IndicatorValue:
    return sum_of(awards_in(org, period).filter(amount__gt=0))
