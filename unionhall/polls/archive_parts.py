"""Polls in the year's archive: the report of each closed election (组织建设), the report of
each other poll (民主管理): 民主测评, 学生评教 and satisfaction surveys, resolution and selection
votes; and a workbook of the year's polls with who was entitled, present and voted, and the counted
results. Never a ballot, nor who voted how: only counts (and, in a survey's report, the comments
where the poll's rules put them in the report)."""

from django.utils.translation import gettext as _

from unionhall.core.archive import (
    CONGRESS_DOCUMENTS,
    DEMOCRACY,
    ORGANISATION,
    ArchiveFile,
    archive_part,
)
from unionhall.core.excel import workbook_bytes
from unionhall.members.models import Member
from unionhall.polls import documents, selectors
from unionhall.polls import rules as poll_rules
from unionhall.polls.models import Kind, Poll
from unionhall.polls.workflow import State

COUNTED = (State.CLOSED, State.PUBLISHED)


def polls_of_year(org, period):
    """The polls of the year that were closed (counted) or published."""
    return (
        Poll.objects.filter(org=org, held_on__range=period.as_range(), state__in=COUNTED)
        .select_related("org", "paper_count")
        .order_by("held_on", "id")
    )


def _marks(scale: str, values) -> str:
    return "；".join(
        f"{poll_rules.scale_label(scale, value)} {count}"
        for value, count in zip(poll_rules.scale_values(scale), values, strict=True)
    )


def _result_rows(poll: Poll):
    """(poll, question, option or class, counts, result, poll no.) rows: counts only. An invalid
    poll has no result: one row says so, and why."""
    if poll.void_reason:
        yield (poll.title, "", "", "", _("Invalid: %(why)s") % {"why": poll.void_reason}, poll.pk)
        return
    if poll.box_sealed:
        yield (poll.title, "", "", "", _("Not counted yet: the box is still sealed"), poll.pk)
        return
    if poll.kind == Kind.ELECTION:
        for body in selectors.election_result(poll):
            for line in body.lines:
                if line.elected:
                    word = _("Elected")
                elif line.in_runoff:
                    word = _("To the runoff")
                else:
                    word = _("Not elected")
                yield (
                    poll.title,
                    body.question.text,
                    line.option.label,
                    _marks(body.question.scale, line.marks),
                    word,
                    poll.pk,
                )
        return
    if poll.kind == Kind.SATISFACTION:
        for line in selectors.satisfaction_table(poll):
            rate = line.rate.value
            yield (
                poll.title,
                line.question.text,
                line.group,
                f"{line.rate.numerator}/{line.rate.denominator}",
                f"{rate}%" if rate is not None else "",
                poll.pk,
            )
        return
    for table in selectors.scale_table(poll):
        for label, count, share in table.rows:
            yield (
                poll.title,
                table.question.text,
                str(label),
                count,
                f"{share}%" if share is not None else "",
                poll.pk,
            )


def polls_workbook(polls: list[Poll]) -> bytes:
    def poll_rows():
        for poll in polls:
            tallied = selectors.counts(poll)
            yield (
                poll.title,
                poll.get_kind_display(),
                poll.get_mode_display(),
                poll.held_on,
                poll.get_state_display(),
                poll.entitled_count,
                poll.present_count,
                poll.voted_count,
                tallied.cast,
                tallied.valid,
                tallied.invalid,
                poll.void_reason,
                poll.pk,
            )

    return workbook_bytes(
        [
            (
                _("Polls"),
                [
                    _("Title"),
                    _("Kind"),
                    _("How people vote"),
                    _("Held on"),
                    _("State"),
                    _("Entitled"),
                    _("Present"),
                    _("Voted"),
                    _("Ballots cast"),
                    _("Valid"),
                    _("Invalid"),
                    _("Why the poll is void"),
                    _("Record no."),
                ],
                poll_rows(),
            ),
            (
                _("Results"),
                [
                    _("Poll"),
                    _("Question"),
                    _("Candidate, answer or class"),
                    _("Count"),
                    _("Result"),
                    _("Poll no."),
                ],
                (row for poll in polls for row in _result_rows(poll)),
            ),
        ]
    )


@archive_part("polls.elections", category=ORGANISATION, material=CONGRESS_DOCUMENTS)
def elections(org, period):
    found = [poll for poll in polls_of_year(org, period) if poll.kind == Kind.ELECTION]
    folder = _("Election reports")
    # An invalid election elected no one, and an election whose box is still sealed has no
    # result yet: neither has an election report, only its line (and why) in the workbook.
    for poll in (p for p in found if not p.void_reason and not p.box_sealed):
        yield ArchiveFile(
            f"{folder}/{poll.held_on}-{poll.pk}-{poll.title.replace('/', '-')}.docx",
            content=documents.election_report(poll),
        )
    if found:
        yield ArchiveFile(
            _("Elections %(period)s.xlsx") % {"period": period.label}, content=polls_workbook(found)
        )


@archive_part("polls.polls", category=DEMOCRACY, material=CONGRESS_DOCUMENTS)
def polls(org, period):
    found = [poll for poll in polls_of_year(org, period) if poll.kind != Kind.ELECTION]
    folder = _("Poll reports")
    register = None
    # An invalid poll decided nothing, and a box still sealed has not been counted: only its
    # line (and why) in the workbook.
    for poll in (p for p in found if not p.void_reason and not p.box_sealed):
        if poll.kind == Kind.EVALUATION and register is None:
            register = Member.objects.filter(org=org, status="active").count()
        content, _name = documents.report(poll, register=register or 0, comments=True)
        yield ArchiveFile(
            f"{folder}/{poll.held_on}-{poll.pk}-{poll.title.replace('/', '-')}.docx",
            content=content,
        )
    yield ArchiveFile(
        _("Polls %(period)s.xlsx") % {"period": period.label}, content=polls_workbook(found)
    )
