"""Indicators of the staff congress: for the year-end summary (over a period) and for a session's
proposal handling report (over one session). Each lists its proposals.

Every figure here is worked out over a set of received proposals: those submitted in a period
(the registered indicators, a function of (org, period) like every other) or those of one
session (`session_figures`, which the session report is built from). Both go through the same
definitions below, so a session's report and the year's summary can never count differently.
"""

from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from unionhall.congress.models import Category, Proposal, Rating, Resolution, Review, Session
from unionhall.congress.workflow import State
from unionhall.core.indicators import (
    BREAKDOWN,
    COUNT,
    RATE,
    IndicatorValue,
    Period,
    count_by_org,
    count_of,
    indicator,
    percent,
    rate_of,
)


def _describe(p: Proposal) -> str:
    return f"{p.number}. {p.title} ({p.get_state_display()})"


def _describe_rated(p: Proposal) -> str:
    return f"{_describe(p)}: {p.get_rating_display()}"


def _received(org, period: Period):
    """Proposals submitted in the period (those still collecting co-signers do not count)."""
    return (
        Proposal.objects.filter(org=org, submitted_at__date__range=period.as_range())
        .exclude(state=State.COLLECTING)
        .select_related("session__term")
        .order_by("submitted_at", "id")  # ties (same moment) in the order typed in
    )


def session_received(*, org, session: Session):
    """The proposals of one session (those still collecting co-signers do not count)."""
    return (
        Proposal.objects.filter(org=org, session=session)
        .exclude(state=State.COLLECTING)
        .select_related("session__term")
        .order_by("number")
    )


ANSWERED = Q(first_answered_at__isnull=False)
CONTENT = Q(rating__in=[Rating.SATISFIED, Rating.FAIRLY])
RATED = ~Q(rating="")

# Counts over received proposals: indicator name → which of them.
COUNTS: dict[str, Q] = {
    "congress.proposals_received": Q(),
    "congress.proposals_accepted": Q(review=Review.ACCEPTED),
    "congress.proposals_opinions": Q(review=Review.OPINION),
    "congress.proposals_merged": Q(review=Review.MERGED),
    "congress.proposals_awaiting_review": Q(state=State.SUBMITTED),
    "congress.proposals_answered": ANSWERED,
    "congress.proposals_answered_on_time": ANSWERED & Q(answered_on_time=True),
    # Due an answer (accepted, or taken up as an opinion) and not answered by the date set.
    "congress.proposals_late": Q(review__in=[Review.ACCEPTED, Review.OPINION])
    & (Q(first_answered_at__isnull=True) | Q(answered_on_time=False)),
    "congress.second_answers": Q(second_answer_requested=True),
    "congress.proposals_done": Q(state=State.DONE),
    "congress.proposals_open": Q(state__in=State.open()),
}

# Rates over received proposals: indicator name → (numerator, denominator); the numerator is
# counted among the denominator, whose proposals are the rate's records.
RATES: dict[str, tuple[Q, Q]] = {
    "congress.acceptance_rate": (Q(review=Review.ACCEPTED), Q()),
    "congress.answer_rate": (ANSWERED, Q(review__in=[Review.ACCEPTED, Review.OPINION])),
    "congress.on_time_rate": (Q(answered_on_time=True), ANSWERED),
    "congress.satisfaction_rate": (CONTENT, RATED),
    # The same figure under its first name, which custom summary templates may print.
    "congress.satisfaction": (CONTENT, RATED),
}

BREAKDOWNS = ("congress.by_category", "congress.ratings")


def _ratings(rows, counted: dict[str, int]) -> IndicatorValue:
    value, parts = {}, {}
    for rating in Rating:
        n = counted[rating.value]
        value[str(rating.label)] = n
        parts[str(rating.label)] = IndicatorValue(value=n, records=rows.filter(rating=rating))
    return IndicatorValue(
        value=value if any(value.values()) else None, records=rows.filter(RATED), parts=parts
    )


def _by_category(rows) -> IndicatorValue:
    """Category → proposals, the largest first."""
    counts = (
        rows.order_by().values_list("category").annotate(n=Count("id")).order_by("-n", "category")
    )
    value, parts = {}, {}
    for code, n in counts:
        label = str(Category(code).label)
        value[label] = n
        parts[label] = IndicatorValue(value=n, records=rows.filter(category=code))
    return IndicatorValue(
        value=value or None, records=rows.order_by("category", "number"), parts=parts
    )


def figures_over(rows, names: Iterable[str]) -> dict[str, IndicatorValue]:
    """The named figures over `rows` (received proposals): every count and rate in one query,
    and one more for the categories."""
    names = list(names)
    aggregates = {}
    for i, name in enumerate(names):
        if name in COUNTS:
            aggregates[f"n{i}"] = Count("id", filter=COUNTS[name])
        elif name in RATES:
            numerator, denominator = RATES[name]
            aggregates[f"n{i}"] = Count("id", filter=numerator & denominator)
            aggregates[f"d{i}"] = Count("id", filter=denominator)
        elif name == "congress.ratings":
            for rating in Rating:
                aggregates[rating.value] = Count("id", filter=Q(rating=rating))
    counted = rows.order_by().aggregate(**aggregates) if aggregates else {}
    figures = {}
    for i, name in enumerate(names):
        if name in COUNTS:
            n = counted[f"n{i}"]
            figures[name] = IndicatorValue(value=n or None, records=rows.filter(COUNTS[name]))
        elif name in RATES:
            figures[name] = rate_of(
                numerator=counted[f"n{i}"],
                denominator=counted[f"d{i}"],
                records=rows.filter(RATES[name][1]),
            )
        elif name == "congress.ratings":
            figures[name] = _ratings(rows, counted)
        elif name == "congress.by_category":
            figures[name] = _by_category(rows)
        else:
            raise KeyError(f"no congress figure named {name!r}")
    return figures


def session_figures(*, org, session: Session) -> dict[str, IndicatorValue]:
    """Every congress figure over one session's proposals: two queries, whatever their number."""
    return figures_over(session_received(org=org, session=session), [*COUNTS, *RATES, *BREAKDOWNS])


def _over_period(name: str):
    def compute(org, period: Period) -> IndicatorValue:
        return figures_over(_received(org, period), [name])[name]

    compute.__name__ = name.replace(".", "_")
    return compute


def _grouped(name: str):
    """The grouped form of a count or rate over the proposals received in the period: one
    GROUP BY org query for every organisation asked about."""

    def by_org(orgs, period: Period) -> dict:
        rows = Proposal.objects.filter(
            org__in=orgs, submitted_at__date__range=period.as_range()
        ).exclude(state=State.COLLECTING)
        if name in COUNTS:
            return count_by_org(rows.filter(COUNTS[name]))
        numerator, denominator = RATES[name]
        counted = (
            rows.order_by()
            .values_list("org_id")
            .annotate(
                n=Count("id", filter=numerator & denominator), d=Count("id", filter=denominator)
            )
        )
        return {org_id: percent(n, d) for org_id, n, d in counted}

    return by_org


def _register(name: str, label, unit, kind: str, describe=_describe, **extra) -> None:
    if name in COUNTS or name in RATES:
        extra.setdefault("by_org", _grouped(name))
    indicator(
        name,
        label,
        unit=unit,
        describe=describe,
        capability="congress.view",
        kind=kind,
        **extra,
    )(_over_period(name))


PROPOSALS = _("proposals")

_register("congress.proposals_received", _("Proposals received"), PROPOSALS, COUNT)
_register("congress.proposals_accepted", _("Proposals accepted"), PROPOSALS, COUNT)
_register("congress.proposals_opinions", _("Proposals answered as opinions"), PROPOSALS, COUNT)
_register("congress.proposals_merged", _("Proposals merged"), PROPOSALS, COUNT)
_register("congress.proposals_awaiting_review", _("Proposals awaiting review"), PROPOSALS, COUNT)
_register("congress.proposals_answered", _("Proposals answered"), PROPOSALS, COUNT)
_register("congress.proposals_answered_on_time", _("Proposals answered on time"), PROPOSALS, COUNT)
_register("congress.proposals_late", _("Proposals answered late or not answered"), PROPOSALS, COUNT)
_register("congress.second_answers", _("Second answers asked for"), PROPOSALS, COUNT)
_register("congress.proposals_done", _("Proposals done"), PROPOSALS, COUNT)
_register("congress.proposals_open", _("Proposals still open"), PROPOSALS, COUNT)
_register(
    "congress.acceptance_rate", _("Acceptance rate"), "%", RATE, empty=_("no proposals to review")
)
_register("congress.answer_rate", _("Answer rate"), "%", RATE, empty=_("no proposals to answer"))
_register("congress.on_time_rate", _("On-time rate"), "%", RATE, empty=_("no proposals answered"))
_register(
    "congress.satisfaction_rate",
    _("Satisfaction rate"),
    "%",
    RATE,
    describe=_describe_rated,
    empty=_("no answers rated"),
)
_register(
    "congress.satisfaction",
    _("Satisfaction with answers"),
    "%",
    RATE,
    describe=_describe_rated,
    empty=_("no answers rated"),
)
_register(
    "congress.by_category",
    _("Proposals by category"),
    PROPOSALS,
    BREAKDOWN,
    part_kind=COUNT,
)
_register(
    "congress.ratings",
    _("Answers rated, by rating"),
    PROPOSALS,
    BREAKDOWN,
    describe=_describe_rated,
    part_kind=COUNT,
)


# Resolutions ------------------------------------------------------------------------------------


def resolution_tally_text(resolution: Resolution) -> str:
    """A resolution's tally and outcome, as a summary states it."""
    if resolution.passed is None:
        return str(_("not yet voted on"))
    tally = {
        "for": resolution.votes_for,
        "against": resolution.votes_against,
        "abstain": resolution.votes_abstain,
    }
    if resolution.passed:
        return _("%(for)s for, %(against)s against, %(abstain)s abstaining: passed") % tally
    return _("%(for)s for, %(against)s against, %(abstain)s abstaining: not passed") % tally


def _describe_resolution(resolution: Resolution) -> str:
    return _("%(title)s (session of %(held_on)s): %(tally)s") % {
        "title": resolution.title,
        "held_on": resolution.session.held_on.isoformat(),
        "tally": resolution_tally_text(resolution),
    }


@indicator(
    "congress.resolutions",
    _("Resolutions put to the congress"),
    unit=_("resolutions"),
    describe=_describe_resolution,
    capability="congress.view",
    kind=COUNT,
)
def resolutions(org, period: Period) -> IndicatorValue:
    """The resolutions of the sessions held in the period, in the order they were put."""
    return count_of(
        Resolution.objects.filter(org=org, session__held_on__range=period.as_range())
        .select_related("session")
        .order_by("session__held_on", "session_id", "id")
    )
