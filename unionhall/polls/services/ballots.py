"""Casting a ballot. This is the one write that must be secret: `ballot_cast` writes the voted
register row and the ballot in one transaction, and writes no audit row and no log line about it
(the audit trail records the poll's openings and closings, and the register itself is the record
of who voted)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhall.polls import rules as poll_rules
from unionhall.polls.models import (
    Answer,
    Ballot,
    Mode,
    Option,
    Poll,
    PollVoter,
    Question,
    Scale,
    VoteCode,
    Voted,
)
from unionhall.polls.workflow import State

# Casting a ballot -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """What a poll asks, read once per open poll (questions cannot change once it opens)."""

    questions: dict[int, Question]
    options: dict[int, dict[int, Option]]


_shapes: dict[tuple[int, str], _Shape] = {}


def _shape(poll: Poll) -> _Shape:
    key = (poll.pk, poll.opened_at.isoformat() if poll.opened_at else "")
    # Questions cannot change while a poll is open; reopening after a return to draft changes
    # opened_at, and with it the key.
    shape = _shapes.get(key)
    if shape is None:
        questions = {q.pk: q for q in poll.questions.prefetch_related("options")}
        options = {pk: {o.pk: o for o in q.options.all()} for pk, q in questions.items()}
        shape = _Shape(questions, options)
        if len(_shapes) > 256:
            _shapes.clear()
        _shapes[key] = shape
    return shape


def _answers(poll: Poll, choices: Mapping[int, Any], group: str) -> tuple[list[Answer], bool]:
    """The answer rows for `choices` ({question id: value, {option id: value} or comment}),
    and whether the ballot is valid (an over-voted body invalidates the whole ballot)."""
    shape = _shape(poll)
    answers: list[Answer] = []
    valid = True
    for qid, choice in choices.items():
        question = shape.questions.get(int(qid))
        if question is None:
            raise ValidationError(_("The ballot answers a question this poll does not ask."))
        if question.group and question.group != group:
            continue
        if question.scale == Scale.COMMENT:
            text = str(choice or "").strip()[:1000]
            if text:
                answers.append(Answer(org_id=poll.org_id, question=question, text=text))
            continue
        points = poll_rules.scale_values(question.scale)
        if isinstance(choice, Mapping):
            marked = 0
            for oid, value in choice.items():
                option = shape.options[question.pk].get(int(oid))
                if option is None:
                    raise ValidationError(_("The ballot names someone who is not a candidate."))
                if not value:
                    continue
                if value not in points:
                    raise ValidationError(_("The ballot has a mark the scale does not allow."))
                marked += value == points[0]
                answers.append(
                    Answer(org_id=poll.org_id, question=question, option=option, value=value)
                )
            if poll_rules.over_voted(marked, question.seats):
                valid = False
        elif choice:
            if shape.options[question.pk] or choice not in points:
                raise ValidationError(_("The ballot has a mark the scale does not allow."))
            answers.append(Answer(org_id=poll.org_id, question=question, value=choice))
    return answers, valid


class AlreadyVoted(ValidationError):
    pass


def ballot_cast(
    *, org, poll: Poll | None, choices: Mapping[int, Any], user=None, code: str | None = None
) -> Poll:
    """Cast one ballot, by a logged-in entitled `user` or with a one-time `code`.

    The register row and the ballot are written in one transaction; the register's unique
    constraints refuse a second ballot from the same voter or code, however many arrive at once.
    Nothing is audited or logged here: the register is the record that someone voted. With a
    code, `poll` may be None: the code names its poll. Returns the poll."""
    if (user is None) == (code is None) or (poll is None and code is None):
        raise ValueError("a ballot is cast by a user or with a code")
    if poll is not None and poll.org_id != org.pk:
        raise ValidationError(_("This poll is not open for voting."))
    today = timezone.localdate()
    voter = vote_code = None
    # The poll's state is read with the code or the voter, in the same query: the caller's copy
    # may be stale.
    if code is not None:
        vote_code = (
            VoteCode.objects.filter(org=org, code=code.strip().upper())
            .select_related("poll")
            .only(
                "id", "group", "voided", "poll__id", "poll__org", "poll__state", "poll__opened_at"
            )
            .first()
        )
        if vote_code is None or vote_code.voided or (poll and vote_code.poll_id != poll.pk):
            raise ValidationError(_("This code is not valid for this poll."))
        current, group = vote_code.poll, vote_code.group
    else:
        voter = (
            PollVoter.objects.filter(org=org, poll_id=poll.pk, user=user)
            .select_related("poll")
            .only(
                "id",
                "present",
                "poll__id",
                "poll__org",
                "poll__mode",
                "poll__state",
                "poll__opened_at",
            )
            .first()
        )
        if voter is None:
            raise ValidationError(_("You are not on the roll of those entitled to this poll."))
        if voter.poll.mode == Mode.PAPER:
            raise ValidationError(_("This poll is voted on paper."))
        current, group = voter.poll, ""
    if current.state != State.OPEN:
        raise ValidationError(_("This poll is not open for voting."))
    poll = current
    answers, valid = _answers(poll, choices, group)
    try:
        with transaction.atomic():
            Voted.objects.create(
                org=org, poll=poll, voter=voter, code=vote_code, group=group, voted_on=today
            )
            ballot = Ballot.objects.create(org=org, poll=poll, group=group, valid=valid)
            for answer in answers:
                answer.ballot = ballot
            Answer.objects.bulk_create(answers)
            if voter is not None and not voter.present:
                PollVoter.objects.filter(pk=voter.pk).update(present=True)
    except IntegrityError:
        raise AlreadyVoted(
            _("This code has already been used.")
            if code is not None
            else _("You have already voted in this poll.")
        ) from None
    return poll
