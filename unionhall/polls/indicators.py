"""Polls' indicators. Their records are polls, rolls of those entitled, codes or selections:
never ballots."""

from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import (
    BREAKDOWN,
    COUNT,
    RATE,
    IndicatorValue,
    count_of,
    indicator,
    rate_of,
)
from unionhall.polls import rules as poll_rules
from unionhall.polls import selectors
from unionhall.polls.models import Kind, Poll, PollVoter, Selection, SelectionState, VoteCode
from unionhall.polls.workflow import State


def _published(org, period):
    """The polls held: published and valid. An invalid poll (无效: inquorate, or more ballots
    returned than issued) is no poll held, whatever its kind."""
    return Poll.objects.filter(
        org=org, state=State.PUBLISHED, held_on__range=period.as_range(), void_reason=""
    ).order_by("held_on", "id")


@indicator("polls.held", _("Polls held"), unit=_("polls"), kind=COUNT, capability="polls.view")
def held(org, period) -> IndicatorValue:
    return count_of(_published(org, period))


@indicator(
    "polls.held_by_kind",
    _("Polls held by kind"),
    unit=_("polls"),
    kind=BREAKDOWN,
    part_kind=COUNT,
    capability="polls.view",
)
def held_by_kind(org, period) -> IndicatorValue:
    rows = _published(org, period)
    parts = {}
    for kind in Kind:
        of_kind = rows.filter(kind=kind)
        if of_kind.exists():
            parts[str(kind.label)] = count_of(of_kind)
    return IndicatorValue(
        value={k: p.value for k, p in parts.items()} or None, records=rows, parts=parts
    )


@indicator(
    "polls.elections", _("Elections held"), unit=_("polls"), kind=COUNT, capability="polls.view"
)
def elections(org, period) -> IndicatorValue:
    return count_of(_published(org, period).filter(kind=Kind.ELECTION, runoff_of__isnull=True))


@indicator(
    "polls.participation",
    _("Participation in members' polls"),
    unit="%",
    kind=RATE,
    capability="polls.view",
    empty=_("no members' polls"),
)
def participation(org, period) -> IndicatorValue:
    roll = PollVoter.objects.filter(
        org=org, poll__in=_published(org, period).exclude(mode="paper")
    ).order_by("poll_id", "name", "id")
    total = roll.count()
    voted = roll.filter(voted__isnull=False).count()
    return rate_of(numerator=voted, denominator=total, records=roll)


@indicator(
    "polls.election_participation",
    _("Participation in elections (present of those entitled)"),
    unit="%",
    kind=RATE,
    capability="polls.view",
    empty=_("no elections"),
)
def election_participation(org, period) -> IndicatorValue:
    """Of the places on the rolls of the elections held (应到), how many took part (实到: recorded
    present at a paper vote, or voted online), as each poll's close counted them. The records are
    the places on the rolls."""
    from unionhall.polls.services import models_q_present

    roll = PollVoter.objects.filter(
        org=org, poll__in=_published(org, period).filter(kind=Kind.ELECTION)
    ).order_by("poll_id", "name", "id")
    return rate_of(
        numerator=roll.filter(models_q_present()).count(), denominator=roll.count(), records=roll
    )


@indicator(
    "polls.code_participation",
    _("Codes used in students' and parents' polls"),
    unit="%",
    kind=RATE,
    capability="polls.view",
    empty=_("no codes issued"),
)
def code_participation(org, period) -> IndicatorValue:
    codes = VoteCode.objects.filter(org=org, poll__in=_published(org, period)).order_by(
        "poll_id", "group", "code"
    )
    return rate_of(
        numerator=codes.filter(voted__isnull=False).count(),
        denominator=codes.count(),
        records=codes,
    )


@indicator(
    "polls.evaluations",
    _("Democratic evaluations of leaders"),
    unit=_("polls"),
    kind=COUNT,
    capability="polls.view",
)
def evaluations(org, period) -> IndicatorValue:
    rows = _published(org, period).filter(kind=Kind.EVALUATION)
    grades = {}
    for poll in rows:
        for line in selectors.scale_table(poll):
            if line.question.scale == "grade":
                for label, n, _pct in line.rows:
                    grades[str(label)] = grades.get(str(label), 0) + n
    total = sum(grades.values())
    shares = {k: poll_rules.percent(n, total) for k, n in grades.items()}
    return count_of(rows, grades=grades, shares=shares)


@indicator(
    "polls.surveys",
    _("Satisfaction surveys by students and parents"),
    unit=_("polls"),
    kind=COUNT,
    capability="polls.view",
)
def surveys(org, period) -> IndicatorValue:
    """The count of surveys; their overall rate (answers “don't know” left out) in detail."""
    rows = _published(org, period).filter(kind=Kind.SATISFACTION)
    numerator = denominator = 0
    for poll in rows:
        for line in selectors.satisfaction_table(poll):
            if line.counts:
                numerator += line.rate.numerator
                denominator += line.rate.denominator
    rate = poll_rules.percent(numerator, denominator)
    return count_of(rows, rate=f"{rate}%" if rate is not None else "—")


@indicator(
    "polls.selections",
    _("Selections decided after a public notice"),
    unit=_("selections"),
    kind=COUNT,
    capability="polls.view",
)
def selections_decided(org, period) -> IndicatorValue:
    return count_of(
        Selection.objects.filter(
            org=org, state=SelectionState.DECIDED, decided_on__range=period.as_range()
        ).order_by("decided_on", "id")
    )
