"""Writes for polls: setting one up, its guarded lifecycle, casting ballots, paper counts.

Casting is the one write that must be secret: `ballot_cast` writes the voted register row and the
ballot in one transaction, and writes no audit row and no log line about it (the audit trail
records the poll's openings and closings, and the register itself is the record of who voted).
"""

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.members.models import Member, Status
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import RoleAssignment
from unionhall.polls import rules as poll_rules
from unionhall.polls.models import (
    Answer,
    Ballot,
    Kind,
    Mode,
    Option,
    PaperCount,
    PaperTally,
    Poll,
    PollTransition,
    PollVoter,
    Question,
    Scale,
    Scrutineer,
    VoteCode,
    Voted,
)
from unionhall.polls.strokes import stroke_key
from unionhall.polls.workflow import State, allowed

# Codes: 8 characters from 30 that cannot be misread (no 0/O, 1/I/L, 2/Z, 5/S): 30⁸ ≈ 6.6×10¹¹.
CODE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8
MAX_CODES_PER_CLASS = 200


def _roles(org, user) -> frozenset[str]:
    return frozenset(
        RoleAssignment.objects.filter(org=org, user=user).values_list("role", flat=True)
    )


def _same_org(org, *rows) -> None:
    for row in rows:
        if row is not None and row.org_id != org.pk:
            raise ValidationError(_("That record belongs to another organisation."))


def _draft(poll: Poll) -> None:
    if poll.state != State.DRAFT:
        raise ValidationError(
            _("This poll is “%(state)s”: its questions and candidates can no longer change.")
            % {"state": State(poll.state).label}
        )


# Setting up -------------------------------------------------------------------------------------


@transaction.atomic
def poll_create(
    *,
    org,
    actor,
    kind: str,
    mode: str,
    title: str,
    held_on: dt.date,
    rules: Mapping[str, Any] | None = None,
    resolution=None,
    runoff_of: Poll | None = None,
) -> Poll:
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind of poll.")})
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Choose how people vote.")})
    if not title.strip():
        raise ValidationError({"title": _("This field is required.")})
    if kind == Kind.SATISFACTION and mode != Mode.CODES:
        raise ValidationError({"mode": _("Students and parents rate by one-time codes.")})
    _same_org(org, resolution, runoff_of)
    poll = Poll.objects.create(
        org=org,
        kind=kind,
        mode=mode,
        title=title.strip(),
        held_on=held_on,
        rules=poll_rules.defaults_for(kind) | dict(rules or {}),
        resolution=resolution,
        runoff_of=runoff_of,
        created_by=actor,
    )
    PollTransition.objects.create(org=org, poll=poll, to_state=State.DRAFT, actor=actor)
    audit.record(
        org=org, actor=actor, subject=poll, action=AuditEntry.Action.CREATE, summary=poll.title
    )
    return poll


@transaction.atomic
def question_add(
    *,
    org,
    actor,
    poll: Poll,
    text: str,
    scale: str,
    seats: int | None = None,
    subject: str = "",
    group: str = "",
    rules: Mapping[str, Any] | None = None,
    candidates: Iterable[str | Member] = (),
) -> Question:
    """A question, with its candidates (names, or members of the register) for an election
    body; candidates are listed by the strokes of their surname when the poll's rules ask."""
    _same_org(org, poll)
    _draft(poll)
    if scale not in Scale.values:
        raise ValidationError({"scale": _("Choose a scale.")})
    if not text.strip():
        raise ValidationError({"text": _("This field is required.")})
    people = list(candidates)
    if people and (seats is None or seats < 1):
        raise ValidationError({"seats": _("Say how many seats the candidates stand for.")})
    question = Question.objects.create(
        org=org,
        poll=poll,
        position=poll.questions.count() + 1,
        text=text.strip(),
        subject=subject.strip(),
        scale=scale,
        seats=seats,
        group=group.strip(),
        rules=dict(rules or {}),
    )
    named = [(p.name, p) if isinstance(p, Member) else (p.strip(), None) for p in people]
    if any(not name for name, _member in named):
        raise ValidationError({"candidates": _("Every candidate needs a name.")})
    if len({name for name, _member in named}) != len(named):
        raise ValidationError({"candidates": _("A candidate is listed twice.")})
    if poll_rules.effective(poll.rules, question.rules).get("stroke_order"):
        named.sort(key=lambda pair: stroke_key(pair[0]))
    _same_org(org, *(member for _name, member in named))
    Option.objects.bulk_create(
        Option(org=org, question=question, position=i, label=name, member=member)
        for i, (name, member) in enumerate(named, start=1)
    )
    return question


def default_roll(*, org, poll: Poll) -> list[tuple[str, Member | None, Any]]:
    """Who is entitled when nobody says otherwise: for a congress resolution, the serving
    representatives of the session's term; otherwise members in service (those who only keep
    their membership, 保留会籍 — retired — have no vote)."""
    if poll.resolution_id:
        from unionhall.congress.models import Representative  # congress sits below polls

        reps = Representative.objects.filter(
            org=org, term_id=poll.resolution.session.term_id, is_active=True
        ).select_related("member")
        return [(r.name, r.member, r.user) for r in reps]
    members = Member.objects.filter(org=org, status=Status.ACTIVE).select_related("user")
    return [(m.name, m, m.user) for m in members]


def _freeze_roll(org, poll: Poll, roll) -> int:
    rows = [
        PollVoter(org=org, poll=poll, name=name, member=member, user=user)
        for name, member, user in roll
    ]
    PollVoter.objects.bulk_create(rows)
    return len(rows)


def _check_ready(poll: Poll) -> None:
    questions = list(poll.questions.prefetch_related("options"))
    if not questions:
        raise ValidationError(_("Add at least one question before opening the poll."))
    for question in questions:
        effective = poll_rules.effective(poll.rules, question.rules)
        candidates = len(question.options.all())
        if question.seats and candidates:
            percent = effective.get("surplus_percent", 0) or 0
            if not poll_rules.surplus_ok(candidates, question.seats, percent):
                raise ValidationError(
                    _(
                        "“%(body)s” has %(candidates)s candidates for %(seats)s seats: the rules "
                        "ask for at least %(fewest)s (%(percent)s%% more candidates than seats)."
                    )
                    % {
                        "body": question.text,
                        "candidates": candidates,
                        "seats": question.seats,
                        "fewest": poll_rules.fewest_candidates(question.seats, percent),
                        "percent": percent,
                    }
                )
    if poll.mode == Mode.CODES and not poll.codes.filter(voided=False).exists():
        raise ValidationError(_("Print the codes for each class before opening the poll."))


def _log(poll: Poll, old: str, new: str, actor, note: str = "") -> None:
    PollTransition.objects.create(
        org=poll.org, poll=poll, from_state=old, to_state=new, actor=actor, note=note
    )
    audit.record(
        org=poll.org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("%(old)s → %(new)s"), old=State(old).label, new=State(new).label),
        changes={"state": [old, new]},
    )


def _locked(org, poll: Poll) -> Poll:
    try:
        return Poll.objects.select_for_update().select_related("org").get(org=org, pk=poll.pk)
    except Poll.DoesNotExist:
        raise ValidationError(_("No such poll in this organisation.")) from None


@transaction.atomic
def poll_move(
    *, org, actor, poll: Poll, target: str, note: str = "", roll: Iterable | None = None
) -> Poll:
    """Move the poll along the table in polls.workflow. Opening freezes the roll (the given
    `roll` of (name, member, user), or `default_roll`); closing takes the snapshot and judges
    the quorum; publishing needs the paper count to be agreed first."""
    poll = _locked(org, poll)
    old = poll.state
    capability = allowed(old, target)
    if capability is None:
        raise ValidationError(
            _("This poll is “%(state)s”: it cannot move to “%(target)s”.")
            % {"state": State(old).label, "target": State(target).label}
        )
    if actor is not None and not allows(_roles(org, actor), capability):
        raise ValidationError(_("You are not allowed to do this on a poll."))
    now = timezone.now()
    if target == State.OPEN:
        _check_ready(poll)
        if poll.mode != Mode.CODES and not poll.voters.exists():
            chosen = list(roll) if roll is not None else default_roll(org=org, poll=poll)
            if not chosen:
                raise ValidationError(_("No one is entitled to vote in this poll."))
            _freeze_roll(org, poll, chosen)
        poll.opened_at = now
    elif target == State.DRAFT:
        if poll.voted.exists() or poll.ballots.exists():
            raise ValidationError(_("Someone has voted: the poll can only be closed now."))
        poll.voters.all().delete()
        poll.opened_at = None
    elif target == State.CLOSED:
        _snapshot(poll)
        poll.closed_at = now
    elif target == State.PUBLISHED:
        if poll.mode == Mode.PAPER and not poll.void_reason and agreed_tally(poll) is None:
            raise ValidationError(
                _("Two scrutineers must enter the same tally before the result is published.")
            )
        poll.published_at = now
    poll.state = target
    poll.save()
    _log(poll, old, target, actor, note)
    if target == State.PUBLISHED and poll.resolution_id and not poll.void_reason:
        _tally_to_congress(poll, actor)
    return poll


@transaction.atomic
def resolution_poll_create(*, org, actor, resolution, mode: str = Mode.ONLINE) -> Poll:
    """A congress resolution voted on as a poll: the roll is the term's serving representatives,
    the quorum and the pass share come from the congress rules (two thirds present; more than
    half of ALL representatives). Publishing the result writes the congress tally; the congress
    tally page stays the way to enter a vote counted on paper."""
    from unionhall.congress.services import rules_for  # congress sits below polls

    if resolution.org_id != org.pk:
        raise ValidationError(_("That record belongs to another organisation."))
    congress_rules = rules_for(org)
    poll = poll_create(
        org=org,
        actor=actor,
        kind=Kind.RESOLUTION,
        mode=mode,
        title=resolution.title,
        held_on=resolution.session.held_on,
        resolution=resolution,
        rules={
            "quorum": [congress_rules.quorum_numerator, congress_rules.quorum_denominator],
            "pass": [congress_rules.pass_numerator, congress_rules.pass_denominator],
            "pass_base": poll_rules.ENTITLED,
            "pass_strict": True,
        },
    )
    question_add(org=org, actor=actor, poll=poll, text=resolution.title, scale=Scale.YES_NO_ABSTAIN)
    return poll


def resolution_outcome(poll: Poll) -> tuple[dict[str, int], bool]:
    """The votes for, against and abstaining, and whether the resolution passes: more than the
    pass share of those entitled (all representatives), with the quorum met."""
    from unionhall.polls.selectors import counts

    question = poll.questions.get()
    found = counts(poll).by_question.get(question.pk, {})
    votes = {v: found.get(v, 0) for v in ("for", "against", "abstain")}
    share = poll.rules.get("pass") or (1, 2)
    passes = not poll.void_reason and poll_rules.share_met(
        votes["for"], poll.entitled_count or 0, share, strict=poll.rules.get("pass_strict", True)
    )
    return votes, passes


def _tally_to_congress(poll: Poll, actor) -> None:
    from unionhall.congress.services import resolution_tally

    votes, _passes = resolution_outcome(poll)
    resolution_tally(
        org=poll.org,
        actor=actor,
        resolution=poll.resolution,
        votes_for=votes["for"],
        votes_against=votes["against"],
        votes_abstain=votes["abstain"],
    )


def _snapshot(poll: Poll) -> None:
    """At close: how many were entitled, present and voted (who voted is the register)."""
    if poll.mode == Mode.CODES:
        poll.entitled_count = poll.codes.count()  # issued, voided ones included
        poll.voted_count = poll.voted.count()
        poll.present_count = poll.voted_count
    else:
        counts = poll.voters.aggregate(
            entitled=Count("id"),
            present=Count("id", filter=models_q_present()),
        )
        poll.entitled_count = counts["entitled"]
        poll.present_count = counts["present"]
        poll.voted_count = poll.voted.count()
    quorum = poll.rules.get("quorum")
    if quorum and poll.mode != Mode.PAPER:
        if not poll_rules.quorum_met(poll.present_count, poll.entitled_count, quorum):
            poll.void_reason = _quorum_failed(poll.present_count, poll.entitled_count, quorum)


def models_q_present():
    from django.db.models import Q

    return Q(present=True) | Q(voted__isnull=False)


def _quorum_failed(present: int, entitled: int, quorum) -> str:
    return _(
        "Only %(present)s of the %(entitled)s entitled took part: at least %(num)s/%(den)s "
        "must take part for the poll to stand."
    ) % {"present": present, "entitled": entitled, "num": quorum[0], "den": quorum[1]}


@transaction.atomic
def presence_record(*, org, actor, poll: Poll, present: Iterable[PollVoter]) -> int:
    """Record who is present (实到) at a meeting vote; returns how many are."""
    poll = _locked(org, poll)
    if poll.state != State.OPEN:
        raise ValidationError(_("Presence is recorded while the poll is open."))
    ids = {v.pk for v in present}
    poll.voters.filter(pk__in=ids).update(present=True)
    count = poll.voters.filter(present=True).count()
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Presence recorded: %(count)s present"), count=count),
    )
    return count


# One-time codes ---------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


@transaction.atomic
def codes_issue(*, org, actor, poll: Poll, group: str, count: int) -> list[VoteCode]:
    """N random codes for a class. Nothing about who receives them is stored."""
    _same_org(org, poll)
    if poll.mode != Mode.CODES:
        raise ValidationError(_("This poll is not voted with codes."))
    if poll.state not in (State.DRAFT, State.OPEN):
        raise ValidationError(_("Codes are issued before the poll closes."))
    group = group.strip()
    if not group:
        raise ValidationError({"group": _("Name the class the codes are for.")})
    if not 1 <= count <= MAX_CODES_PER_CLASS:
        raise ValidationError(
            {
                "count": _("Issue between 1 and %(max)s codes a class.")
                % {"max": MAX_CODES_PER_CLASS}
            }
        )
    taken = set(VoteCode.objects.filter(org=org).values_list("code", flat=True))
    fresh: set[str] = set()
    while len(fresh) < count:
        code = new_code()
        if code not in taken:
            fresh.add(code)
    codes = VoteCode.objects.bulk_create(
        VoteCode(org=org, poll=poll, group=group, code=code) for code in sorted(fresh)
    )
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("%(count)s codes issued for %(group)s"), count=count, group=group),
    )
    return codes


@transaction.atomic
def codes_void(*, org, actor, poll: Poll, group: str | None = None) -> int:
    """Void the unused codes (of one class, or of every class); returns how many."""
    _same_org(org, poll)
    unused = poll.codes.filter(voided=False, voted__isnull=True)
    if group:
        unused = unused.filter(group=group)
    count = unused.update(voided=True)
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("%(count)s unused codes voided"), count=count),
    )
    return count


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


# Paper ------------------------------------------------------------------------------------------


def _candidate_names(poll: Poll) -> set[str]:
    return set(Option.objects.filter(question__poll=poll).values_list("label", flat=True))


def _no_such_login(username: str) -> ValidationError:
    # The same words for a login that does not exist and one of another organisation: naming a
    # scrutineer tells nobody which logins exist elsewhere.
    return ValidationError(
        {
            "username": _("No one in this union has the login “%(username)s”.")
            % {"username": username}
        }
    )


@transaction.atomic
def scrutineer_name(*, org, actor, poll: Poll, username: str) -> Scrutineer:
    """A scrutineer named by their login: only a login holding a role in `org` is found."""
    user = org_selectors.user_in_org(org=org, username=username)
    if user is None:
        raise _no_such_login(username.strip())
    member = Member.objects.filter(org=org, user=user).first()
    return scrutineer_add(
        org=org,
        actor=actor,
        poll=poll,
        user=user,
        member=member,
        name=member.name if member else str(user),
    )


@transaction.atomic
def scrutineer_add(*, org, actor, poll: Poll, user, name: str, member=None) -> Scrutineer:
    """监票人/计票人: someone of the union (a login holding a role in `org`), never a
    candidate of the same poll."""
    _same_org(org, poll, member)
    if not RoleAssignment.objects.filter(org=org, user=user).exists():
        raise _no_such_login(user.username)
    if Scrutineer.objects.filter(org=org, poll=poll, user=user).exists():
        raise ValidationError(
            _("%(name)s is already a scrutineer of this poll.") % {"name": name.strip()}
        )
    candidates = Option.objects.filter(question__poll=poll)
    if name.strip() in _candidate_names(poll) or (
        member is not None and candidates.filter(member=member).exists()
    ):
        raise ValidationError(
            _("%(name)s is a candidate in this poll and cannot be a scrutineer.") % {"name": name}
        )
    scrutineer = Scrutineer.objects.create(
        org=org, poll=poll, user=user, member=member, name=name.strip()
    )
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Scrutineer named: %(name)s"), name=scrutineer.name),
    )
    return scrutineer


@transaction.atomic
def paper_count_enter(
    *, org, actor, poll: Poll, issued: int, returned: int, valid: int, invalid: int
) -> PaperCount:
    """The ballot box reconciled before the count. More returned than issued voids the poll."""
    poll = _locked(org, poll)
    if poll.mode != Mode.PAPER or poll.state != State.CLOSED:
        raise ValidationError(_("The paper count is entered once a paper poll is closed."))
    if min(issued, returned, valid, invalid) < 0:
        raise ValidationError(_("Counts cannot be negative."))
    if valid + invalid != returned:
        raise ValidationError(
            _(
                "Valid (%(valid)s) and invalid (%(invalid)s) ballots must add up to the "
                "%(returned)s returned."
            )
            % {"valid": valid, "invalid": invalid, "returned": returned}
        )
    count, _created = PaperCount.objects.update_or_create(
        org=org,
        poll=poll,
        defaults={
            "issued": issued,
            "returned": returned,
            "valid": valid,
            "invalid": invalid,
            "entered_by": actor,
        },
    )
    entitled = poll.entitled_count or 0
    quorum = poll.rules.get("quorum")
    reason = ""
    if not poll_rules.box_reconciles(issued=issued, returned=returned):
        reason = _(
            "%(returned)s ballots were returned but only %(issued)s issued: the poll is void "
            "and must be held again."
        ) % {"returned": returned, "issued": issued}
    elif quorum and not poll_rules.quorum_met(poll.present_count or 0, entitled, quorum):
        reason = _quorum_failed(poll.present_count or 0, entitled, quorum)
    audit.audited_update(
        poll,
        org=org,
        actor=actor,
        fields=["void_reason"],
        changes={"void_reason": reason, "voted_count": returned},
        summary=Msg(
            gettext_noop("Ballot box: %(issued)s issued, %(returned)s returned"),
            issued=issued,
            returned=returned,
        ),
    )
    return count


def _normalised(counts: Mapping) -> dict[str, dict[str, int]]:
    return {
        str(key): {str(v): int(n) for v, n in values.items() if int(n)}
        for key, values in counts.items()
    }


@transaction.atomic
def paper_tally_enter(*, org, actor, poll: Poll, counts: Mapping) -> PaperTally:
    """One scrutineer's tally ({option id or question id: {value: count}}). The second entry,
    by another scrutineer, must match the first, or it is refused."""
    poll = _locked(org, poll)
    if poll.mode != Mode.PAPER or poll.state != State.CLOSED:
        raise ValidationError(_("The tally is entered once a paper poll is closed."))
    box = PaperCount.objects.filter(poll=poll).first()
    if box is None:
        raise ValidationError(_("Reconcile the ballot box (issued, returned) before the count."))
    scrutineer = Scrutineer.objects.filter(org=org, poll=poll, user=actor).first()
    if scrutineer is None:
        raise ValidationError(_("Only the poll's scrutineers enter its tally."))
    counts = _normalised(counts)
    for values in counts.values():
        if any(n < 0 for n in values.values()) or sum(values.values()) > box.valid:
            raise ValidationError(
                _("The counts for one line add up to more than the %(valid)s valid ballots.")
                % {"valid": box.valid}
            )
    first = poll.paper_tallies.exclude(scrutineer=scrutineer).first()
    if first is not None and _normalised(first.counts) != counts:
        raise ValidationError(
            _("This tally does not match the one %(name)s entered: count again and enter it again.")
            % {"name": first.scrutineer.name}
        )
    if poll.paper_tallies.filter(scrutineer=scrutineer).exists():
        raise ValidationError(_("You have already entered the tally of this poll."))
    tally = PaperTally.objects.create(org=org, poll=poll, scrutineer=scrutineer, counts=counts)
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Tally entered by %(name)s"), name=scrutineer.name),
    )
    return tally


def agreed_tally(poll: Poll) -> dict[str, dict[str, int]] | None:
    """The tally two scrutineers entered alike, or None."""
    tallies = [_normalised(t.counts) for t in poll.paper_tallies.all()[:2]]
    if len(tallies) == 2 and tallies[0] == tallies[1]:
        return tallies[0]
    return None


# Runoffs ----------------------------------------------------------------------------------------


@transaction.atomic
def runoff_create(*, org, actor, poll: Poll, held_on: dt.date | None = None) -> Poll:
    """A new poll linked to `poll`, asking again only for the bodies whose seats were not all
    filled, with the candidates the rule chooses (the tied, or the best of the others)."""
    from unionhall.polls.selectors import election_outcomes

    _same_org(org, poll)
    if poll.state not in (State.CLOSED, State.PUBLISHED) or poll.void_reason:
        raise ValidationError(_("A runoff follows a counted poll that stands."))
    needing = [(q, o) for q, o in election_outcomes(poll) if o.needs_runoff]
    if not needing:
        raise ValidationError(_("Every seat was filled or left vacant: no runoff is needed."))
    runoff = poll_create(
        org=org,
        actor=actor,
        kind=poll.kind,
        mode=poll.mode,
        title=_("%(title)s (runoff)") % {"title": poll.title},
        held_on=held_on or timezone.localdate(),
        rules=poll.rules | {"surplus_percent": 0},
        runoff_of=poll,
    )
    for question, outcome in needing:
        question_add(
            org=org,
            actor=actor,
            poll=runoff,
            text=question.text,
            scale=question.scale,
            seats=outcome.runoff_seats,
            rules=question.rules | {"surplus_percent": 0},
            candidates=[o.member or o.label for o in outcome.runoff_candidates],
        )
    return runoff
