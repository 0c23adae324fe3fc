"""Reads for the results pages of an evaluation (民主测评: per person rated) and of a satisfaction
survey (学生评教: per teacher, per class, the comments), and their winners. Built on
`selectors.counts` and `selectors.participation`: a fixed number of queries, whatever the size of
the poll."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from unionhall.polls import rules as poll_rules
from unionhall.polls import selectors
from unionhall.polls.models import Answer, Kind, Poll, Question, Scale


def _questions(poll: Poll) -> list[Question]:
    return list(poll.questions.select_related("subject_member"))


# Evaluations ------------------------------------------------------------------------------------


@dataclass
class ItemLine:
    """One item about a person: count and per cent per point of its scale, and its rate."""

    question: Question
    rows: list[tuple[Any, int, Decimal | None]]
    answered: int  # how many answered the item (a count of people, not money)
    rate: poll_rules.Rate


@dataclass
class PersonResult:
    subject: str
    items: list[ItemLine] = field(default_factory=list)
    # The person's rate: of the overall grade (综合评价) when there is one, else of every item.
    rate: poll_rules.Rate | None = None


def _item(poll: Poll, question: Question, found: dict[str, int]) -> ItemLine:
    values = poll_rules.scale_values(question.scale)
    rows = [
        (poll_rules.scale_label(question.scale, v), n, pct)
        for v, n, pct in poll_rules.distribution(found, values)
    ]
    rate = poll_rules.satisfaction_rate(
        found,
        satisfied=poll_rules.approving(poll.rules, question.scale),
        excluded=poll_rules.NOT_KNOWN,
    )
    return ItemLine(question, rows, sum(found.get(v, 0) for v in values), rate)


def evaluation_results(poll: Poll, tallied: selectors.Counts | None = None) -> list[PersonResult]:
    """Per person rated, in the order of their first question: each item with its distribution
    and rate, and the person's rate."""
    tallied = tallied or selectors.counts(poll)
    people: dict[str, PersonResult] = {}
    for question in _questions(poll):
        if question.scale == Scale.COMMENT:
            continue
        person = people.setdefault(question.subject, PersonResult(question.subject))
        person.items.append(_item(poll, question, tallied.by_question.get(question.pk, {})))
    for person in people.values():
        overall = [i for i in person.items if i.question.scale == Scale.GRADE]
        chosen = overall or person.items
        person.rate = poll_rules.Rate(
            sum(i.rate.numerator for i in chosen),
            sum(i.rate.denominator for i in chosen),
            sum(i.rate.excluded for i in chosen),
        )
    return list(people.values())


def approving_labels(poll: Poll, people: list[PersonResult]) -> list[tuple[Any, list[Any]]]:
    """The rule of the rate, as shown: each scale used and the points that count as approving."""
    scales: list[str] = []
    for person in people:
        for item in person.items:
            if item.question.scale not in scales:
                scales.append(item.question.scale)
    return [
        (
            Scale(scale).label,
            [poll_rules.scale_label(scale, v) for v in poll_rules.approving(poll.rules, scale)],
        )
        for scale in scales
    ]


# Satisfaction surveys ---------------------------------------------------------------------------


@dataclass
class ClassLine:
    """One class a teacher teaches: the rate, or why it does not count."""

    question: Question
    group: str
    rate: poll_rules.Rate
    used: int
    issued: int
    counts: bool


@dataclass
class TeacherResult:
    subject: str
    member: Any
    classes: list[ClassLine] = field(default_factory=list)
    # Of the classes that count, pooled (answers, not classes, weigh the same).
    rate: poll_rules.Rate = field(default_factory=lambda: poll_rules.Rate(0, 0, 0))
    winner: bool = False


@dataclass
class ClassParticipation:
    group: str
    used: int
    issued: int
    counts: bool
    share: Decimal | None


@dataclass
class SurveyResults:
    teachers: list[TeacherResult]
    classes: list[ClassParticipation]
    min_participation: Any
    winners_places: int
    cast: int


def survey_results(poll: Poll) -> SurveyResults:
    tallied = selectors.counts(poll)
    issued = {g: (used, total) for g, used, total in selectors.participation(poll)}
    rules = poll.rules
    least = rules.get("min_participation")
    satisfied = rules.get("satisfied", poll_rules.DEFAULTS["satisfaction"]["satisfied"])
    excluded = rules.get("excluded", poll_rules.NOT_KNOWN)
    teachers: dict[str, TeacherResult] = {}
    for question in _questions(poll):
        if question.scale != Scale.SATISFACTION:
            continue
        subject = question.subject or question.text
        teacher = teachers.setdefault(subject, TeacherResult(subject, question.subject_member))
        teacher.member = teacher.member or question.subject_member
        groups = [question.group] if question.group else sorted(issued)
        for group in groups:
            found = tallied.by_group.get((question.pk, group), {})
            used, total = issued.get(group, (0, 0))
            teacher.classes.append(
                ClassLine(
                    question,
                    group,
                    poll_rules.satisfaction_rate(found, satisfied=satisfied, excluded=excluded),
                    used,
                    total,
                    poll_rules.participation_met(used, total, least),
                )
            )
    for teacher in teachers.values():
        counted = [line.rate for line in teacher.classes if line.counts]
        teacher.rate = poll_rules.Rate(
            sum(r.numerator for r in counted),
            sum(r.denominator for r in counted),
            sum(r.excluded for r in counted),
        )
    places = int(rules.get("winners", poll_rules.WINNERS) or 0)
    for subject in poll_rules.top({s: t.rate.value for s, t in teachers.items()}, places):
        teachers[subject].winner = True
    ranked = sorted(
        teachers.values(), key=lambda t: (t.rate.value is None, -(t.rate.value or 0), t.subject)
    )
    classes = [
        ClassParticipation(
            group,
            used,
            total,
            poll_rules.participation_met(used, total, least),
            poll_rules.percent(used, total),
        )
        for group, (used, total) in issued.items()
    ]
    return SurveyResults(ranked, classes, least, places, tallied.cast)


# Comments ---------------------------------------------------------------------------------------


def may_read_all_comments(roles) -> bool:
    from unionhall.orgs.capabilities import allows

    return allows(roles, "polls.comments")


def comments_for(poll: Poll, *, user, read_all: bool) -> list[tuple[Question, list[str]]]:
    """The free comments a reader may see, per comment question: every one for the chair and
    the committee; for a teacher, those of the questions about them; nothing for anyone else.
    Sorted by text, never in the order they were cast. One query for the questions, one for
    the texts."""
    questions = Question.objects.filter(poll=poll, scale=Scale.COMMENT)
    if not read_all:
        if not user.is_authenticated:
            return []
        questions = questions.filter(subject_member__user=user)
    questions = list(questions.order_by("position", "id"))
    if not questions:
        return []
    texts: dict[int, list[str]] = defaultdict(list)
    rows = (
        Answer.objects.filter(question__in=questions, ballot__valid=True)
        .exclude(Q(text=""))
        .values_list("question_id", "text")
    )
    for question_id, text in rows:
        texts[question_id].append(text)
    return [(q, sorted(texts[q.pk])) for q in questions]


def results_kind(poll: Poll) -> str | None:
    """Which results page a poll has of its own: evaluations and satisfaction surveys."""
    if poll.kind in (Kind.EVALUATION, Kind.SATISFACTION):
        return poll.kind
    return None
