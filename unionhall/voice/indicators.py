"""Indicators of the suggestion box, for the year-end summary (see core/indicators.py).

All three count suggestions by the day they were submitted, so adopted ≤ received for any period.
"Adopted" means answered with the adopted flag set. Duplicates merged into another suggestion
count as received (people sent them) but are never adopted themselves.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import (
    BREAKDOWN,
    COUNT,
    IndicatorValue,
    Period,
    count_of,
    indicator,
)
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


@indicator(
    "voice.received",
    _("Suggestions received"),
    unit=_("suggestions"),
    describe=describe,
    capability="voice.manage",
    kind=COUNT,
)
def received(org, period: Period) -> IndicatorValue:
    return count_of(_received(org, period))


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
