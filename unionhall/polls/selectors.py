"""Reads for polls: counts per question and option, election outcomes, evaluation and satisfaction
tables. Counts are aggregated in the database; no read lists ballots one by one."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from unionhall.members.models import Member
from unionhall.polls import rules as poll_rules
from unionhall.polls.models import (
    Answer,
    Ballot,
    Mode,
    Objection,
    Option,
    PaperCount,
    Poll,
    PollVoter,
    Question,
    Scale,
    SchoolClass,
    Scrutineer,
    Selection,
    VoteCode,
    Voted,
)
from unionhall.polls.services.paper import agreed_tally
from unionhall.polls.workflow import State


def polls_for(*, org, kind: str | None = None) -> QuerySet[Poll]:
    rows = Poll.objects.filter(org=org)
    return rows.filter(kind=kind) if kind else rows


def open_polls_for_user(*, org, user) -> QuerySet[Poll]:
    return Poll.objects.filter(
        org=org, state=State.OPEN, voters__user=user, mode=Mode.ONLINE
    ).annotate(has_voted=Count("voters__voted", filter=Q(voters__user=user)))


@dataclass
class Counts:
    """Ballots: cast, valid, invalid; per option {option id: {value: n}}; per question
    {question id: {value: n}}; per question and class {(question id, class): {value: n}}."""

    cast: int = 0
    valid: int = 0
    invalid: int = 0
    by_option: dict[int, dict[str, int]] = field(default_factory=dict)
    by_question: dict[int, dict[str, int]] = field(default_factory=dict)
    by_group: dict[tuple[int, str], dict[str, int]] = field(default_factory=dict)


def counts(poll: Poll) -> Counts:
    """What the ballots say, counted: from the agreed paper tally for a paper poll."""
    result = Counts()
    if poll.mode == Mode.PAPER:
        box = getattr(poll, "paper_count", None)
        tally = agreed_tally(poll) or {}
        if box is not None:
            result.cast, result.valid, result.invalid = box.returned, box.valid, box.invalid
        option_ids = set(Option.objects.filter(question__poll=poll).values_list("pk", flat=True))
        for key, values in tally.items():
            kind, _sep, pk = key.partition(":")
            target = result.by_option if kind == "o" else result.by_question
            if kind == "o" and int(pk) not in option_ids:
                continue
            target[int(pk)] = dict(values)
        return result
    ballots = Ballot.objects.filter(poll=poll).aggregate(
        cast=Count("pk"), valid=Count("pk", filter=Q(valid=True))
    )
    result.cast, result.valid = ballots["cast"], ballots["valid"]
    result.invalid = result.cast - result.valid
    rows = (
        Answer.objects.filter(ballot__poll=poll, ballot__valid=True)
        .exclude(value="")
        .values("question_id", "option_id", "value", "ballot__group")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        n = row["n"]
        if row["option_id"] is not None:
            per = result.by_option.setdefault(row["option_id"], defaultdict(int))
            per[row["value"]] += n
        else:
            per = result.by_question.setdefault(row["question_id"], defaultdict(int))
            per[row["value"]] += n
            key = (row["question_id"], row["ballot__group"])
            result.by_group.setdefault(key, defaultdict(int))[row["value"]] += n
    return result


def _base(poll: Poll, effective: dict, tallied: Counts) -> int:
    return poll_rules.base_count(
        effective.get("pass_base", poll_rules.ENTITLED),
        entitled=poll.entitled_count or 0,
        present=poll.present_count or 0,
        cast=tallied.cast,
        valid=tallied.valid,
    )


def election_outcomes(
    poll: Poll, tallied: Counts | None = None
) -> list[tuple[Question, poll_rules.Outcome]]:
    """Each body with candidates, and who is elected under the poll's rules."""
    tallied = tallied or counts(poll)
    result = []
    questions = poll.questions.filter(options__isnull=False).distinct().prefetch_related("options")
    for question in questions:
        effective = poll_rules.effective(poll.rules, question.rules)
        options = list(question.options.all())
        first = poll_rules.scale_values(question.scale)[0]
        votes = {o: tallied.by_option.get(o.pk, {}).get(first, 0) for o in options}
        share = effective.get("pass") or (1, 2)
        outcome = poll_rules.elect(
            votes,
            seats=question.seats or 1,
            base=_base(poll, effective, tallied),
            share=share,
            strict=effective.get("pass_strict", True),
            tie=effective.get("tie", poll_rules.RUNOFF),
            shortfall=effective.get("shortfall", poll_rules.RUNOFF),
            surplus_percent=effective.get("surplus_percent", 0) or 0,
        )
        result.append((question, outcome))
    return result


@dataclass
class CandidateLine:
    option: Option
    marks: list[int]
    elected: bool
    in_runoff: bool


@dataclass
class BodyResult:
    question: Question
    lines: list[CandidateLine]
    outcome: poll_rules.Outcome
    least: int


def election_result(poll: Poll) -> list[BodyResult]:
    tallied = counts(poll)
    bodies = []
    for question, outcome in election_outcomes(poll, tallied):
        points = poll_rules.scale_values(question.scale)
        effective = poll_rules.effective(poll.rules, question.rules)
        lines = [
            CandidateLine(
                option=o,
                marks=[tallied.by_option.get(o.pk, {}).get(p, 0) for p in points],
                elected=o in outcome.elected,
                in_runoff=o in outcome.runoff_candidates,
            )
            for o in question.options.all()
        ]
        least = poll_rules.least_to_pass(
            _base(poll, effective, tallied),
            effective.get("pass") or (1, 2),
            strict=effective.get("pass_strict", True),
        )
        bodies.append(BodyResult(question, lines, outcome, least))
    return bodies


@dataclass
class ScaleLine:
    question: Question
    rows: list[tuple[Any, int, Decimal | None]]  # (label, count, percent)
    total: int


def scale_table(poll: Poll) -> list[ScaleLine]:
    """Count and per cent per point of the scale, per question (evaluations, resolutions)."""
    tallied = counts(poll)
    lines = []
    for question in poll.questions.exclude(scale=Scale.COMMENT).filter(options__isnull=True):
        values = poll_rules.scale_values(question.scale)
        found = tallied.by_question.get(question.pk, {})
        rows = [
            (poll_rules.scale_label(question.scale, v), n, pct)
            for v, n, pct in poll_rules.distribution(found, values)
        ]
        lines.append(ScaleLine(question, rows, sum(found.get(v, 0) for v in values)))
    return lines


def comments(poll: Poll) -> list[tuple[Question, list[str]]]:
    """Anonymous comments, per question, in no order that follows casting (sorted by text)."""
    out = []
    for question in poll.questions.filter(scale=Scale.COMMENT):
        texts = sorted(
            Answer.objects.filter(question=question, ballot__valid=True)
            .exclude(text="")
            .values_list("text", flat=True)
        )
        out.append((question, texts))
    return out


def participation(poll: Poll) -> list[tuple[str, int, int]]:
    """Per class: codes used and codes issued (voided ones included: voiding the unused codes
    after the vote must not raise the share that took part). No choices."""
    rows = (
        VoteCode.objects.filter(poll=poll)
        .values("group")
        .annotate(issued=Count("pk"), used=Count("voted"))
        .order_by("group")
    )
    return [(r["group"], r["used"], r["issued"]) for r in rows]


@dataclass
class SatisfactionLine:
    question: Question
    group: str
    rate: poll_rules.Rate
    used: int
    issued: int
    counts: bool  # enough of the class took part for the result to count


def satisfaction_table(poll: Poll) -> list[SatisfactionLine]:
    """Per teacher and class: the satisfaction rate, with classes below the minimum flagged;
    sorted best first (the ranking of the most satisfied teachers)."""
    tallied = counts(poll)
    issued = {g: (used, total) for g, used, total in participation(poll)}
    rules = poll.rules
    lines = []
    for question in poll.questions.filter(scale=Scale.SATISFACTION):
        groups = [question.group] if question.group else sorted(issued)
        for group in groups:
            found = tallied.by_group.get((question.pk, group), {})
            rate = poll_rules.satisfaction_rate(
                found, satisfied=rules.get("satisfied", ()), excluded=rules.get("excluded", ())
            )
            used, total = issued.get(group, (0, 0))
            lines.append(
                SatisfactionLine(
                    question,
                    group,
                    rate,
                    used,
                    total,
                    poll_rules.participation_met(used, total, rules.get("min_participation")),
                )
            )
    lines.sort(key=lambda line: (not line.counts, -(line.rate.value or Decimal(-1))))
    return lines


@dataclass
class PaperStep:
    """One step of a paper count, in order: what to do, who does it, and what has been done."""

    text: str
    who: str
    done: bool
    notes: list[str] = field(default_factory=list)
    current: bool = False


def paper_steps(poll: Poll) -> list[PaperStep]:
    """The steps of a paper vote in the order they are done, with who has done what; the first
    one not done is the current one."""
    from django.utils.formats import date_format
    from django.utils.timezone import localtime
    from django.utils.translation import gettext as _

    from unionhall.polls.models import PaperCount
    from unionhall.polls.services.validity import tally_differences

    closed = poll.state in (State.CLOSED, State.PUBLISHED)
    voters = poll.voters.aggregate(total=Count("pk"), present=Count("pk", filter=Q(present=True)))
    scrutineers = list(poll.scrutineers.all())
    tallies = {t.scrutineer_id: t for t in poll.paper_tallies.all()}
    box = PaperCount.objects.filter(poll=poll).select_related("entered_by").first()
    chair, scrutineer_word = _("the chair"), _("the scrutineers")
    steps = [
        PaperStep(
            _("Record who is present while the poll is open."),
            chair,
            closed or voters["present"] > 0,
            [
                _("%(present)s of the %(total)s entitled recorded present.")
                % {"present": voters["present"], "total": voters["total"]}
            ],
        ),
        PaperStep(
            _("Name at least two scrutineers (never a candidate)."),
            chair,
            len(scrutineers) >= 2,
            ["、".join(s.name for s in scrutineers)] if scrutineers else [],
        ),
        PaperStep(_("Close the poll when voting has ended."), chair, closed),
        PaperStep(
            _(
                "Count the ballot box and enter the reconciliation: ballots issued, returned "
                "(valid and invalid), spoiled, not cast."
            ),
            scrutineer_word,
            box is not None,
            [
                _(
                    "Entered: %(issued)s issued, %(returned)s returned (%(valid)s valid, "
                    "%(invalid)s invalid), %(spoiled)s spoiled, %(unused)s not cast."
                )
                % {
                    "issued": box.issued,
                    "returned": box.returned,
                    "valid": box.valid,
                    "invalid": box.invalid,
                    "spoiled": box.spoiled,
                    "unused": box.unused,
                }
            ]
            if box
            else [],
        ),
    ]
    notes = []
    for s in scrutineers:
        tally = tallies.get(s.pk)
        if tally is None:
            notes.append(_("%(name)s: not yet entered.") % {"name": s.name})
        else:
            when = date_format(localtime(tally.entered_at), "Y-m-d H:i")
            notes.append(_("%(name)s: entered %(when)s.") % {"name": s.name, "when": when})
    steps.append(
        PaperStep(
            _("Each scrutineer counts the ballots on their own and enters their own count."),
            scrutineer_word,
            len(tallies) >= 2,
            notes,
        )
    )
    if len(tallies) < 2:
        compare = PaperStep(
            _("Wait for the second count: the result stands when two counts are the same."),
            scrutineer_word,
            False,
        )
    elif differences := tally_differences(poll):
        compare = PaperStep(
            _("The two counts differ: count again where they differ, and enter the counts again."),
            scrutineer_word,
            False,
            [
                _("%(line)s: %(first)s and %(second)s") % {"line": line, "first": a, "second": b}
                for line, a, b in differences
            ],
        )
    else:
        compare = PaperStep(
            _("The two counts agree."),
            scrutineer_word,
            True,
        )
    steps.append(compare)
    steps.append(
        PaperStep(_("Publish the result."), chair, poll.state == State.PUBLISHED),
    )
    for step in steps:
        if not step.done:
            step.current = True
            break
    return steps


# Selections -------------------------------------------------------------------------------------


@dataclass
class ScoreRow:
    """One nominee's scores from the judges (in the judges' order; None where a judge has not
    scored yet), the mean the selection's rules use, and the rank by it."""

    nominee: Any
    scores: list[Decimal | None]
    mean: Decimal | None
    dropped: tuple[Decimal, Decimal] | None = None  # (highest, lowest) dropped, when trimmed
    rank: int | None = None


def trimmed_or_plain_mean(values: list[Decimal], trimmed: bool) -> Decimal | None:
    """The mean to two places; with `trimmed`, without one highest and one lowest score (three
    scores at least)."""
    if not values:
        return None
    if trimmed:
        if len(values) < 3:
            return None
        values = sorted(values)[1:-1]
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def selection_scores(selection) -> list[ScoreRow]:
    """The judges' grid for the eligible nominees: two queries."""
    from unionhall.polls.models import JudgeScore

    judges = list(selection.judges.select_related("member").order_by("id"))
    nominees = list(selection.nominees.filter(eligible=True).select_related("member"))
    given: dict[tuple[int, int], Decimal] = {
        (s.judge_id, s.nominee_id): s.score
        for s in JudgeScore.objects.filter(judge__selection=selection)
    }
    rows = []
    for nominee in nominees:
        scores = [given.get((j.pk, nominee.pk)) for j in judges]
        values = [v for v in scores if v is not None]
        complete = len(values) == len(judges)
        mean = trimmed_or_plain_mean(values, selection.trimmed_mean) if complete else None
        dropped = (max(values), min(values)) if selection.trimmed_mean and mean else None
        rows.append(ScoreRow(nominee, scores, mean, dropped))
    ranked = sorted((r for r in rows if r.mean is not None), key=lambda r: -r.mean)
    for row in ranked:
        row.rank = 1 + sum(1 for other in ranked if other.mean > row.mean)
    return rows


def scores_of(*, selection, user):
    """The scores a judge (by their login) gave in a selection."""
    from unionhall.polls.models import JudgeScore

    return JudgeScore.objects.filter(judge__selection=selection, judge__user=user)


def judge_of(*, selection, pk: int):
    """One judge of `selection` with their member, or None."""
    return selection.judges.select_related("member", "user").filter(pk=pk).first()


def honours_written(selection):
    """The honours a selection wrote into the register, withdrawn ones included."""
    from django.contrib.contenttypes.models import ContentType

    from unionhall.honours.models import Honour

    return Honour.objects.filter(
        source_type=ContentType.objects.get_for_model(selection), source_id=selection.pk
    ).select_related("member")


def selection_votes(selection) -> dict[int, int]:
    """{member id: votes for} in the selection's published decision vote."""
    poll = selection.poll
    if poll is None or poll.state != State.PUBLISHED:
        return {}
    tallied = counts(poll)
    return {
        option.member_id: tallied.by_option.get(option.pk, {}).get("approve", 0)
        for option in Option.objects.filter(question__poll=poll, member__isnull=False)
    }


# The sealed box ---------------------------------------------------------------------------------


def holds_key(*, org, poll: Poll, user) -> bool:
    """Whether `user` is one of the poll's key holders (its scrutineers)."""
    return Scrutineer.objects.filter(org=org, poll=poll, user=user).exists()


def sealed_ballots(poll: Poll) -> int:
    """How many ballots wait in the poll's sealed box."""
    from unionhall.polls.models import SealedBallot

    return SealedBallot.objects.filter(poll=poll).count()


# What the pages read beside a poll --------------------------------------------------------------


@dataclass
class PollList:
    """The polls a person sees on the list, with what each means to them."""

    polls: list[Poll]
    voted: set[int]
    entitled: set[int]
    counting: set[int]


def poll_list(*, org, user, manager: bool, limit: int = 200) -> PollList:
    """Every poll for an officer; for the others the open and published ones, and the paper
    polls they count as scrutineers (closed ones included). `voted`: the polls `user` voted in;
    `entitled`: the open ones (online or by codes) on whose roll they are."""
    counting = set(
        Scrutineer.objects.filter(org=org, user=user)
        .exclude(poll__state__in=[State.DRAFT, State.PUBLISHED])
        .values_list("poll_id", flat=True)
    )
    polls = Poll.objects.filter(org=org)
    if not manager:
        polls = polls.filter(Q(state__in=[State.OPEN, State.PUBLISHED]) | Q(pk__in=counting))
    voted = set(Voted.objects.filter(org=org, voter__user=user).values_list("poll_id", flat=True))
    entitled = set(
        PollVoter.objects.filter(org=org, user=user, poll__state=State.OPEN)
        .exclude(poll__mode=Mode.PAPER)
        .values_list("poll_id", flat=True)
    )
    return PollList(
        polls=list(polls.order_by("-held_on", "-id")[:limit]),
        voted=voted,
        entitled=entitled,
        counting=counting,
    )


def has_paper_count(poll: Poll) -> bool:
    """Whether the paper poll's ballot box has been reconciled (issued, returned, valid)."""
    return PaperCount.objects.filter(poll=poll).exists()


def register_in_service(*, org) -> int:
    """Members in service: the base of an evaluation's participation."""
    return Member.objects.filter(org=org, status="active").count()


def voter_of(*, poll: Poll, user):
    """`user`'s line on the poll's roll, or None; `has_voted` set on it."""
    voter = PollVoter.objects.filter(poll=poll, user=user).first()
    if voter is not None:
        voter.has_voted = Voted.objects.filter(voter=voter).exists()
    return voter


def classes_on_list(*, org) -> QuerySet:
    """The school's classes still taught, as the class list shows them."""
    return SchoolClass.objects.filter(org=org, active=True)


# Selections -------------------------------------------------------------------------------------


def selections_for(*, org, limit: int = 200) -> list:
    return list(
        Selection.objects.filter(org=org).select_related("poll").order_by("-held_on", "-id")[:limit]
    )


def objection_of(*, org, selection, pk):
    """An objection to `selection`, or None."""
    return Objection.objects.filter(org=org, selection=selection, pk=pk).first()


def selection_judged_by(*, org, pk: int, user):
    """The selection `pk` if `user` is one of its judges, else None."""
    return Selection.objects.filter(org=org, pk=pk, judges__user=user).first()
