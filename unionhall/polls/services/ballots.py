"""Casting a ballot. This is the one write that must be secret: `ballot_cast` seals the ballot to
the poll's public key and writes it with the voted register row in one transaction, and writes no
audit row and no log line about it (the audit trail records the poll's openings and closings, and
the register itself is the record of who voted). The sealed ballot is opened only at the count
(`services.box_open`), shuffled among the others."""

import datetime as dt
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import SealedBox

from unionhall.polls import rules as poll_rules
from unionhall.polls import sealing
from unionhall.polls.models import (
    Mode,
    Option,
    Poll,
    PollVoter,
    Question,
    Scale,
    SealedBallot,
    VoteCode,
    Voted,
)
from unionhall.polls.workflow import State

COMMENT_MAX_CHARS = 1000
# Control characters would be written as six-byte escapes: a comment keeps only line breaks, so
# that each character takes at most four bytes and a sealed ballot has a fixed length.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")

# Casting a ballot -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """What a poll asks, read once per open poll (questions cannot change once it opens)."""

    questions: dict[int, Question]
    options: dict[int, dict[int, Option]]
    box: SealedBox | None  # to the poll's public key
    length: int  # every sealed ballot of the poll is padded to this many bytes


_shapes: dict[tuple[int, str], _Shape] = {}


def _shape(poll: Poll) -> _Shape:
    return _shape_of(poll.pk, poll.opened_at)


def _shape_of(poll_id: int, opened_at) -> _Shape:
    key = (poll_id, opened_at.isoformat() if opened_at else "")
    # Questions cannot change while a poll is open; reopening after a return to draft changes
    # opened_at, and with it the key.
    shape = _shapes.get(key)
    if shape is None:
        rows = Question.objects.filter(poll_id=poll_id).prefetch_related("options")
        questions = {q.pk: q for q in rows}
        options = {pk: {o.pk: o for o in q.options.all()} for pk, q in questions.items()}
        public_key = Poll.objects.filter(pk=poll_id).values_list("public_key", flat=True).get()
        shape = _Shape(
            questions,
            options,
            sealing.sealer(public_key) if public_key else None,
            _padded_length(questions.values(), options),
        )
        if len(_shapes) > 256:
            _shapes.clear()
        _shapes[key] = shape
    return shape


def _padded_length(questions, options) -> int:
    """The longest a ballot of these questions can be, serialised: its fixed sealed length. A
    class answers the questions for everyone and its own (学生评教: its own teachers), so the
    longest ballot is that of the class with the most to answer, not of all questions at once."""
    common, by_group = 0, {}
    for question in questions:
        if question.scale == Scale.COMMENT:
            size = 4 * COMMENT_MAX_CHARS + 64
        else:
            size = 64 * max(1, len(options[question.pk]))
        if question.group:
            by_group[question.group] = by_group.get(question.group, 0) + size
        else:
            common += size
    return 512 + common + max(by_group.values(), default=0)  # 512: the class, validity, brackets


def _answers(shape: _Shape, choices: Mapping[int, Any], group: str) -> list[list]:
    """The answers of `choices` ({question id: value, {option id: value} or comment}) as
    [question id, option id, value, comment]. A body marked for more candidates than its seats
    is refused: online, the voter can still correct it (paper voids such a ballot)."""
    answers: list[list] = []
    for qid, choice in choices.items():
        question = shape.questions.get(int(qid))
        if question is None:
            raise ValidationError(_("The ballot answers a question this poll does not ask."))
        if question.group and question.group != group:
            continue
        if question.scale == Scale.COMMENT:
            text = CONTROL.sub(" ", str(choice or "")).strip()[:COMMENT_MAX_CHARS]
            if text:
                answers.append([question.pk, None, "", text])
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
                answers.append([question.pk, option.pk, value, ""])
            if poll_rules.over_voted(marked, question.seats):
                raise ValidationError(
                    _(
                        "%(body)s: approve at most %(seats)s. You approved %(marked)s: change "
                        "your marks and cast the ballot again."
                    )
                    % {"body": question.text, "seats": question.seats, "marked": marked}
                )
        elif choice:
            if shape.options[question.pk] or choice not in points:
                raise ValidationError(_("The ballot has a mark the scale does not allow."))
            answers.append([question.pk, None, choice, ""])
    return answers


def _sealed(shape: _Shape, group: str, choices: Mapping[int, Any]) -> bytes:
    answers = _answers(shape, choices, group)
    if shape.box is None:
        raise ValidationError(_("This poll is not open for voting."))
    content = json.dumps(
        {"g": group, "v": True, "a": answers}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return shape.box.encrypt(sealing.pad(content, shape.length))


def _one(rows):
    """The one row (the filter is on a unique key) or None; unordered, so no sort."""
    found = list(rows.order_by()[:1])
    return found[0] if found else None


def _refusal(state: str) -> ValidationError:
    if state in (State.CLOSED, State.PUBLISHED):
        return ValidationError(_("Voting has ended: this ballot was not counted."))
    return ValidationError(_("This poll is not open for voting."))


class AlreadyVoted(ValidationError):
    pass


def ballot_cast(
    *, org, poll: Poll | None, choices: Mapping[int, Any], user=None, code: str | None = None
) -> Poll:
    """Cast one ballot, by a logged-in entitled `user` or with a one-time `code`.

    The code (or the voter) and its poll are read, the ballot checked and sealed, outside the
    write transaction; in it, the poll's row is locked and its state read again (a close waits
    for this ballot, or this ballot sees the close and is refused), then the register row and
    the sealed ballot are written. The register's unique constraints refuse a second ballot from
    the same voter or code, however many arrive at once. Nothing is audited or logged here: the
    register is the record that someone voted. With a code, `poll` may be None: the code names
    its poll. Returns the poll."""
    if (user is None) == (code is None) or (poll is None and code is None):
        raise ValueError("a ballot is cast by a user or with a code")
    if poll is not None and poll.org_id != org.pk:
        raise ValidationError(_("This poll is not open for voting."))
    # The poll's fields the cast reads, and its title for the voter's thank-you page.
    fields = (
        "poll__id",
        "poll__org",
        "poll__mode",
        "poll__state",
        "poll__opened_at",
        "poll__title",
    )
    voter = vote_code = None
    if code is not None:
        vote_code = _one(
            VoteCode.objects.filter(org=org, code=code.strip().upper())
            .select_related("poll")
            .only("id", "group", "voided", *fields)
        )
        if vote_code is None or vote_code.voided or (poll and vote_code.poll_id != poll.pk):
            raise ValidationError(_("This code is not valid for this poll."))
        current, group = vote_code.poll, vote_code.group
    else:
        voter = _one(
            PollVoter.objects.filter(org=org, poll_id=poll.pk, user=user)
            .select_related("poll")
            .only("id", "present", *fields)
        )
        if voter is None:
            raise ValidationError(_("You are not on the roll of those entitled to this poll."))
        if voter.poll.mode == Mode.PAPER:
            raise ValidationError(_("This poll is voted on paper."))
        current, group = voter.poll, ""
    if current.state != State.OPEN:
        raise _refusal(current.state)
    box = _sealed(_shape(current), group, choices)
    _store(
        org_id=org.pk,
        poll_id=current.pk,
        opened_at=current.opened_at,
        voter=voter,
        code_id=vote_code.pk if vote_code else None,
        group=group,
        box=box,
    )
    return current


def _store(*, org_id, poll_id, opened_at, voter, code_id, group, box: bytes) -> None:
    """Write one sealed ballot and its register row, under the poll's row lock: the poll's
    state is read again there (a close waits for this ballot, or this ballot sees the close and
    is refused). The register's unique constraints refuse a second ballot from the same voter
    or code, however many arrive at once."""
    # Everything but the writes is made before the transaction: on SQLite a write transaction
    # holds the database's one write lock from its first statement, and every other worker's
    # ballot waits for it.
    state = (
        Poll.objects.select_for_update()
        .filter(pk=poll_id)
        .values_list("state", "opened_at")
        .order_by()[:1]
    )
    voted = Voted(
        org_id=org_id,
        poll_id=poll_id,
        voter=voter,
        code_id=code_id,
        group=group,
        voted_on=timezone.localdate(),
    )
    sealed = SealedBallot(org_id=org_id, poll_id=poll_id, box=box)
    try:
        with transaction.atomic():
            (now,) = state  # read here, under the lock
            if now[0] != State.OPEN:
                raise _refusal(now[0])
            if now[1] != opened_at:  # reopened since: sealed to a key now gone
                raise ValidationError(_("This poll is not open for voting."))
            voted.save(force_insert=True)
            sealed.save(force_insert=True)
            if voter is not None and not voter.present:
                PollVoter.objects.filter(pk=voter.pk).update(present=True)
    except IntegrityError:
        raise AlreadyVoted(
            _("This code has already been used.")
            if code_id is not None
            else _("You have already voted in this poll.")
        ) from None


# A ballot page's ticket -------------------------------------------------------------------------

TICKET_SALT = "unionhall.polls.ballot-ticket"


@dataclass(frozen=True)
class Ticket:
    """What the ballot page a code opened vouches for, signed with the site's secret key (Django's
    signing): the code was typed on the entry page, passed its throttle, and could vote then.
    Casting with a ticket need not look the code up again; it reads the poll's state under its
    row lock, and the register's unique constraint still refuses a code used meanwhile. Voiding
    codes is refused while voting is open, so a ticket's code cannot be voided under it."""

    code_id: str
    code: str
    poll_id: int
    opened_at: str  # the poll's opening (ISO): a ticket dies with a reopening
    group: str
    org_id: int
    org_code: str
    org_name: str
    title: str  # the poll's, for the voter's pages (a poll cannot be renamed once open)


def ballot_ticket(vote_code: VoteCode) -> str:
    """The signed ticket for the ballot page `vote_code` opens (read with its poll and org)."""
    poll, org = vote_code.poll, vote_code.org
    return signing.dumps(
        [
            vote_code.pk.hex,
            vote_code.code,
            poll.pk,
            poll.opened_at.isoformat() if poll.opened_at else "",
            vote_code.group,
            org.pk,
            org.code,
            org.name,
            poll.title,
        ],
        salt=TICKET_SALT,
        compress=True,
    )


def ballot_ticket_read(signed: str, *, org_code: str) -> Ticket | None:
    """The ticket in `signed` if it is genuine, for the school `org_code`, and younger than
    UNIONHALL_BALLOT_TICKET_MINUTES; otherwise None."""
    try:
        fields = signing.loads(
            signed,
            salt=TICKET_SALT,
            max_age=dt.timedelta(minutes=settings.UNIONHALL_BALLOT_TICKET_MINUTES),
        )
        ticket = Ticket(*fields)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return ticket if ticket.org_code == org_code else None


def ballot_cast_with_ticket(*, ticket: Ticket, choices: Mapping[int, Any]) -> None:
    """Cast the ballot of a ballot page opened with a one-time code (see Ticket): checked and
    sealed, then written as `ballot_cast` writes it. Nothing is audited or logged."""
    opened_at = dt.datetime.fromisoformat(ticket.opened_at) if ticket.opened_at else None
    box = _sealed(_shape_of(ticket.poll_id, opened_at), ticket.group, choices)
    _store(
        org_id=ticket.org_id,
        poll_id=ticket.poll_id,
        opened_at=opened_at,
        voter=None,
        code_id=uuid.UUID(ticket.code_id),
        group=ticket.group,
        box=box,
    )
