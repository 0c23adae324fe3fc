"""Reads for the printed reports (polls.documents): the evaluation per person rated, the
satisfaction survey per teacher, the comments per person. Built on the counts of
`polls.selectors`; nothing here lists ballots one by one."""

from dataclasses import dataclass, field

from unionhall.polls import rules as poll_rules
from unionhall.polls import selectors
from unionhall.polls.models import Poll, Scale

SEPARATORS = " ·・:：-—"


def item_label(text: str, subject: str) -> str:
    """ "林校长 · 工作实绩" about 林校长 reads "工作实绩" under his name."""
    if subject and text.startswith(subject):
        rest = text[len(subject) :].lstrip(SEPARATORS)
        if rest:
            return rest
    return text


@dataclass
class Item:
    label: str
    counts: list[int]
    total: int
    approving: int


@dataclass
class ItemTable:
    scale: str
    points: tuple[str, ...]
    items: list[Item] = field(default_factory=list)


@dataclass
class Person:
    subject: str
    tables: list[ItemTable] = field(default_factory=list)


def _approving(poll: Poll, scale: str, found: dict[str, int]) -> tuple[int, int]:
    """(approving, base): the first two grades of the answers; on the satisfaction scale, the
    rule's satisfied answers of those who did not answer "don't know"."""
    points = poll_rules.scale_values(scale)
    if scale == Scale.SATISFACTION:
        rate = poll_rules.satisfaction_rate(
            found,
            satisfied=poll.rules.get("satisfied", ("satisfied", "fairly", "basic")),
            excluded=poll.rules.get("excluded", ("unknown",)),
        )
        return rate.numerator, rate.denominator
    total = sum(found.get(p, 0) for p in points)
    return sum(found.get(p, 0) for p in points[:2]), total


def evaluation_by_person(poll: Poll, tallied: selectors.Counts | None = None) -> list[Person]:
    """Per person rated (the questions' subject, in the order first asked), a table per scale
    with a line per item: the count of each grade and the approving votes."""
    tallied = tallied or selectors.counts(poll)
    people: dict[str, Person] = {}
    questions = poll.questions.exclude(scale=Scale.COMMENT).filter(options__isnull=True)
    for question in questions:
        person = people.setdefault(question.subject, Person(question.subject))
        table = next((t for t in person.tables if t.scale == question.scale), None)
        if table is None:
            table = ItemTable(question.scale, poll_rules.scale_values(question.scale))
            person.tables.append(table)
        found = tallied.by_question.get(question.pk, {})
        approving, base = _approving(poll, question.scale, found)
        table.items.append(
            Item(
                item_label(question.text, question.subject),
                [found.get(p, 0) for p in table.points],
                base,
                approving,
            )
        )
    return list(people.values())


@dataclass
class Teacher:
    subject: str
    lines: list[selectors.SatisfactionLine]
    used: int
    issued: int
    rate: poll_rules.Rate


def satisfaction_by_teacher(poll: Poll) -> list[Teacher]:
    """Per teacher (the question's subject, else its text), the classes in name order, and the
    totals over the classes whose participation counts."""
    grouped: dict[str, list[selectors.SatisfactionLine]] = {}
    for line in selectors.satisfaction_table(poll):
        grouped.setdefault(line.question.subject or line.question.text, []).append(line)
    teachers = []
    for subject, lines in grouped.items():
        lines.sort(key=lambda line: line.group)
        counting = [line for line in lines if line.counts]
        teachers.append(
            Teacher(
                subject,
                lines,
                sum(line.used for line in counting),
                sum(line.issued for line in counting),
                poll_rules.Rate(
                    sum(line.rate.numerator for line in counting),
                    sum(line.rate.denominator for line in counting),
                    sum(line.rate.excluded for line in counting),
                ),
            )
        )
    teachers.sort(key=lambda t: t.subject)
    return teachers


def comments_by_subject(poll: Poll) -> list[tuple[str, list[str]]]:
    """The comments per person they are about ("" for those about no one, last), each group
    sorted by text: nothing follows the order they were cast in."""
    grouped: dict[str, list[str]] = {}
    for question, texts in selectors.comments(poll):
        grouped.setdefault(question.subject, []).extend(texts)
    return sorted(((s, sorted(t)) for s, t in grouped.items()), key=lambda g: (not g[0], g[0]))
