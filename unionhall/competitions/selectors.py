"""Reads of competitions: the entries that count, the award share in force, the lists."""

from fractions import Fraction

from django.db.models import Count, Q, QuerySet

from unionhall.competitions.models import (
    Award,
    Competition,
    CompetitionPolicy,
    Entry,
    PrizeTier,
    Score,
)
from unionhall.competitions.rules import DEFAULT_AWARD_SHARE


def award_share(org) -> Fraction:
    """The organisation's award share (its setting, else the default from the facts)."""
    policy = CompetitionPolicy.objects.filter(org=org).first()
    if policy is None:
        return DEFAULT_AWARD_SHARE
    return Fraction(policy.award_share_numerator, policy.award_share_denominator)


def active_entries(competition: Competition) -> QuerySet[Entry]:
    """The entries that take part (not withdrawn)."""
    return Entry.objects.filter(competition=competition, withdrawn_at__isnull=True)


def prize_tiers_by_id(competition: Competition) -> dict[str, PrizeTier]:
    """The competition's prize tiers by id as a form posts it (a string)."""
    return {str(t.pk): t for t in PrizeTier.objects.filter(competition=competition)}


def competition_list(org) -> QuerySet[Competition]:
    return (
        Competition.objects.filter(org=org)
        .select_related("activity", "activity__kind")
        .annotate(
            entry_count=Count("entries", filter=Q(entries__withdrawn_at__isnull=True)),
        )
        .order_by("-activity__starts_on", "-id")
    )


def competition_get(org, pk: int) -> Competition:
    return Competition.objects.select_related(
        "activity", "activity__kind", "overridden_by", "published_by"
    ).get(org=org, pk=pk)


def ranked_entries(competition: Competition) -> list[Entry]:
    """The entries with their scores, in place order (unplaced last)."""
    entries = list(
        active_entries(competition)
        .select_related("member__department", "tier")
        .prefetch_related("scores", "team_members")
        .order_by("id")
    )
    return sorted(entries, key=lambda e: (e.place is None, e.place or 0, e.id))


def awards_of(competition: Competition) -> QuerySet[Award]:
    return (
        Award.objects.filter(competition=competition)
        .select_related("entry__member", "tier", "ledger_entry")
        .prefetch_related("entry__team_members")
        .order_by("place", "id")
    )


def grid_entries(competition: Competition, *, judge: str) -> list[Entry]:
    """The entries of a judge's score grid, in entry order, each with `grid_score`: this
    judge's score (or, with results entered directly, the entry's result), "" if none yet."""
    entries = list(active_entries(competition).select_related("member").order_by("id"))
    if competition.scoring == "direct":
        for entry in entries:
            entry.grid_score = "" if entry.score is None else str(entry.score)
        return entries
    given = (
        dict(
            Score.objects.filter(entry__competition=competition, judge=judge).values_list(
                "entry_id", "score"
            )
        )
        if judge
        else {}
    )
    for entry in entries:
        entry.grid_score = str(given[entry.pk]) if entry.pk in given else ""
    return entries


def judges_of(competition: Competition) -> list[str]:
    """The judges who have scored this competition, by name."""
    return list(
        Score.objects.filter(entry__competition=competition)
        .order_by("judge")
        .values_list("judge", flat=True)
        .distinct()
    )
