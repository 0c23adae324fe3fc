"""Reads of competitions: the entries that count, the award share in force, the lists."""

from fractions import Fraction

from django.db.models import Count, Q, QuerySet

from unionhall.competitions.models import Award, Competition, CompetitionPolicy, Entry, PrizeTier
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
