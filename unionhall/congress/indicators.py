"""Indicators of the staff congress, for the year-end summary: each lists its proposals."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unionhall.congress.models import Proposal, Rating, Review
from unionhall.congress.workflow import State
from unionhall.core.indicators import IndicatorValue, Period, indicator


def _describe(p: Proposal) -> str:
    return f"{p.number}. {p.title} ({p.get_state_display()})"


def _received(org, period: Period):
    """Proposals submitted in the period (those still collecting co-signers do not count)."""
    return (
        Proposal.objects.filter(org=org, submitted_at__date__range=period.as_range())
        .exclude(state=State.COLLECTING)
        .select_related("session__term")
        .order_by("submitted_at")
    )


@indicator(
    "congress.proposals_received",
    _("Proposals received"),
    unit=_("proposals"),
    describe=_describe,
    capability="congress.view",
)
def proposals_received(org, period: Period) -> IndicatorValue:
    rows = _received(org, period)
    return IndicatorValue(value=rows.count(), records=rows)


@indicator(
    "congress.proposals_accepted",
    _("Proposals accepted"),
    unit=_("proposals"),
    describe=_describe,
    capability="congress.view",
)
def proposals_accepted(org, period: Period) -> IndicatorValue:
    rows = _received(org, period).filter(review=Review.ACCEPTED)
    return IndicatorValue(value=rows.count(), records=rows)


@indicator(
    "congress.proposals_answered",
    _("Proposals answered"),
    unit=_("proposals"),
    describe=_describe,
    capability="congress.view",
)
def proposals_answered(org, period: Period) -> IndicatorValue:
    rows = _received(org, period).filter(first_answered_at__isnull=False)
    return IndicatorValue(value=rows.count(), records=rows)


@indicator(
    "congress.proposals_answered_on_time",
    _("Proposals answered on time"),
    unit=_("proposals"),
    describe=_describe,
    capability="congress.view",
)
def proposals_answered_on_time(org, period: Period) -> IndicatorValue:
    rows = _received(org, period).filter(first_answered_at__isnull=False, answered_on_time=True)
    return IndicatorValue(value=rows.count(), records=rows)


@indicator(
    "congress.satisfaction",
    _("Satisfaction with answers"),
    unit="%",
    describe=lambda p: f"{_describe(p)}: {p.get_rating_display()}",
    capability="congress.view",
)
def satisfaction(org, period: Period) -> IndicatorValue:
    """Share of rated answers rated satisfied or fairly satisfied; records are the rated ones."""
    rated = _received(org, period).exclude(rating="")
    total = rated.count()
    content = rated.filter(Q(rating=Rating.SATISFIED) | Q(rating=Rating.FAIRLY)).count()
    value = round(100 * content / total, 1) if total else None
    return IndicatorValue(
        value=value, records=rated, detail={"rated": total, "satisfied_or_fairly": content}
    )
