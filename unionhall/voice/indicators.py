"""Indicators of the suggestion box, for the year-end summary (see core/indicators.py).

All of them count suggestions by the day they were submitted, so routed, answered and adopted are
never more than received for any period. "Routed" means passed to a leader or committee member
to handle (whatever happened next); "adopted" means answered with the adopted flag set.
Duplicates merged into another suggestion count as received (people sent them) but are never
answered or adopted themselves. Staff suggestions come through members' pages (named or
anonymous); public ones from parents and students through the public page, or from parents,
students and the public through the paper box (typed in by an officer). "Routed" counts the
suggestions passed to a school leader (a holder of the leader role), not those a committee member
handles, since the summary says they went to the school's leaders.
"""

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import (
    BREAKDOWN,
    COUNT,
    IndicatorValue,
    Period,
    count_by_org,
    count_of,
    indicator,
)
from unionhall.orgs.models import RoleAssignment
from unionhall.orgs.roles import Role
from unionhall.voice.models import Suggestion


def _received(org, period: Period):
    return (
        Suggestion.objects.filter(org=org, submitted_on__range=period.as_range())
        .select_related("category")
        .order_by("submitted_on", "id")
    )


def describe(suggestion: Suggestion) -> str:
    # Never the author: records behind a figure are read by people who may not see who wrote it.
    return f"#{suggestion.pk} {suggestion.submitted_on:%Y-%m-%d} {suggestion.title}"


def _received_by_org(orgs, period: Period) -> dict[int, int]:
    return count_by_org(
        Suggestion.objects.filter(org__in=orgs, submitted_on__range=period.as_range())
    )


@indicator(
    "voice.received",
    _("Suggestions received"),
    unit=_("suggestions"),
    describe=describe,
    capability="voice.manage",
    kind=COUNT,
    by_org=_received_by_org,
)
def received(org, period: Period) -> IndicatorValue:
    return count_of(_received(org, period))


PUBLIC_CHANNELS = [
    Suggestion.Channel.PARENT,
    Suggestion.Channel.STUDENT,
    Suggestion.Channel.PUBLIC,
]
LEADING_THEMES = 5


def _count(name: str, label, *conditions, **filters) -> None:
    """Register a count of the suggestions received in the period that match `filters`."""

    def compute(org, period: Period) -> IndicatorValue:
        return count_of(_received(org, period).filter(*conditions, **filters))

    compute.__name__ = name.replace(".", "_")
    indicator(
        name,
        label,
        unit=_("suggestions"),
        describe=describe,
        capability="voice.manage",
        kind=COUNT,
    )(compute)


_count("voice.received_staff", _("Suggestions from staff"), channel=Suggestion.Channel.MEMBER)
_count(
    "voice.received_public",
    _("Suggestions from parents, students and the public"),
    channel__in=PUBLIC_CHANNELS,
)
_count(
    "voice.routed",
    _("Suggestions routed to leaders"),
    Exists(
        RoleAssignment.objects.filter(
            org=OuterRef("org"), user=OuterRef("assignee"), role=Role.LEADER
        )
    ),
    routed_at__isnull=False,
)
_count("voice.answered", _("Suggestions answered"), state=Suggestion.State.ANSWERED)
_count("voice.themed", _("Suggestions grouped into themes"), theme__isnull=False)


@indicator(
    "voice.adopted",
    _("Suggestions adopted"),
    unit=_("suggestions"),
    describe=describe,
    capability="voice.manage",
    kind=COUNT,
)
def adopted(org, period: Period) -> IndicatorValue:
    return count_of(_received(org, period).filter(state=Suggestion.State.ANSWERED, adopted=True))


@indicator(
    "voice.by_category",
    _("Suggestions received by category"),
    unit=_("suggestions"),
    describe=describe,
    capability="voice.manage",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def by_category(org, period: Period) -> IndicatorValue:
    """Category name → suggestions received; each part's records are its category's."""
    rows = _received(org, period)
    counts = (
        rows.order_by()
        .values("category_id", "category__name", "category__sort_order")
        .annotate(n=Count("id"))
        .order_by("category__sort_order", "category__name")
    )
    value, parts = {}, {}
    for row in counts:
        value[row["category__name"]] = row["n"]
        parts[row["category__name"]] = IndicatorValue(
            value=row["n"], records=rows.filter(category_id=row["category_id"])
        )
    return IndicatorValue(
        value=value or None,
        records=rows.order_by("category__sort_order", "submitted_on", "id"),
        parts=parts,
    )


@indicator(
    "voice.leading_themes",
    _("Leading themes of the suggestions"),
    unit=_("suggestions"),
    describe=describe,
    capability="voice.manage",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def leading_themes(org, period: Period) -> IndicatorValue:
    """The themes with the most suggestions received in the period (at most LEADING_THEMES),
    theme name → suggestions; each part's records are its theme's suggestions."""
    rows = _received(org, period).filter(theme__isnull=False)
    counts = (
        rows.order_by()
        .values("theme_id", "theme__name")
        .annotate(n=Count("id"))
        .order_by("-n", "theme__name", "theme_id")[:LEADING_THEMES]
    )
    value, parts = {}, {}
    for row in counts:
        # Two themes may share a name: the second is told apart by its number.
        name = (
            row["theme__name"]
            if row["theme__name"] not in value
            else f"{row['theme__name']} #{row['theme_id']}"
        )
        value[name] = row["n"]
        parts[name] = IndicatorValue(value=row["n"], records=rows.filter(theme_id=row["theme_id"]))
    leading = [row["theme_id"] for row in counts]
    return IndicatorValue(
        value=value or None,
        records=rows.filter(theme_id__in=leading).order_by("theme__name", "submitted_on", "id"),
        parts=parts,
    )
