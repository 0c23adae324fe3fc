"""Setting a poll up: creating it, adding its questions, and the roll of who may vote."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.members.models import Member, Status
from unionhall.polls import rules as poll_rules
from unionhall.polls.models import (
    Kind,
    Mode,
    Option,
    Poll,
    PollTransition,
    PollVoter,
    Question,
    Scale,
)
from unionhall.polls.services.guards import _draft, _locked, _same_org
from unionhall.polls.strokes import stroke_key
from unionhall.polls.workflow import State

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
    poll = audit.audited_create(
        Poll(
            org=org,
            kind=kind,
            mode=mode,
            title=title.strip(),
            held_on=held_on,
            rules=poll_rules.defaults_for(kind) | dict(rules or {}),
            resolution=resolution,
            runoff_of=runoff_of,
            created_by=actor,
        ),
        org=org,
        actor=actor,
        summary=title.strip(),
    )
    PollTransition.objects.create(org=org, poll=poll, to_state=State.DRAFT, actor=actor)
    return poll


def _named(org, people) -> list[tuple[str, Member | None]]:
    named = [(p.name, p) if isinstance(p, Member) else (p.strip(), None) for p in people]
    if any(not name for name, _member in named):
        raise ValidationError({"candidates": _("Every candidate needs a name.")})
    if len({name for name, _member in named}) != len(named):
        raise ValidationError({"candidates": _("A candidate is listed twice.")})
    _same_org(org, *(member for _name, member in named))
    return named


def surplus_refusal(*, body: str, candidates: int, seats: int | None, percent: int) -> str:
    """Why `candidates` for `seats` break the surplus rule (差额), or ""."""
    if not seats or not candidates:
        return ""
    if 0 < percent < poll_rules.MIN_SURPLUS_PERCENT:
        return _(
            "A surplus of %(percent)s%% is below the rule: a contested body has at least "
            "%(least)s%% more candidates than seats (enter 0 for an uncontested body)."
        ) % {"percent": percent, "least": poll_rules.MIN_SURPLUS_PERCENT}
    if poll_rules.surplus_ok(candidates, seats, percent):
        return ""
    if not percent:
        return _(
            "“%(body)s” has %(candidates)s candidates for %(seats)s seats: an uncontested body "
            "needs at least as many candidates as seats."
        ) % {"body": body, "candidates": candidates, "seats": seats}
    return _(
        "“%(body)s” has %(candidates)s candidates for %(seats)s seats: the rules ask for at "
        "least %(fewest)s (%(percent)s%% more candidates than seats, rounded up)."
    ) % {
        "body": body,
        "candidates": candidates,
        "seats": seats,
        "fewest": poll_rules.fewest_candidates(seats, percent),
        "percent": percent,
    }


def _checked_question(
    org, poll: Poll, *, text, scale, seats, rules, people, subject="", subject_member=None
) -> tuple[list[tuple[str, Member | None]], str]:
    """The checks a question passes when entered or changed; returns its named candidates in
    ballot order, and whom it is about (the member rated's name when only the member is given)."""
    _same_org(org, poll, subject_member)
    if subject_member is not None and not subject.strip():
        subject = subject_member.name
    _draft(poll)
    if scale not in Scale.values:
        raise ValidationError({"scale": _("Choose a scale.")})
    if not text.strip():
        raise ValidationError({"text": _("This field is required.")})
    if (
        poll.kind == Kind.EVALUATION
        and scale != Scale.COMMENT
        and not people
        and not subject.strip()
    ):
        raise ValidationError(
            {
                "subject": _(
                    "Name the person rated: in an evaluation every question is about someone, or "
                    "two leaders' questions look the same."
                )
            }
        )
    if people and (seats is None or seats < 1):
        raise ValidationError({"seats": _("Say how many seats the candidates stand for.")})
    named = _named(org, people)
    effective = poll_rules.effective(poll.rules, rules)
    refusal = surplus_refusal(
        body=text.strip(),
        candidates=len(named),
        seats=seats,
        percent=effective.get("surplus_percent", 0) or 0,
    )
    if refusal:
        raise ValidationError({"candidates": refusal})
    if effective.get("stroke_order"):
        named.sort(key=lambda pair: stroke_key(pair[0]))
    return named, subject


def _set_candidates(org, question: Question, named) -> None:
    question.options.all().delete()
    Option.objects.bulk_create(
        Option(org=org, question=question, position=i, label=name, member=member)
        for i, (name, member) in enumerate(named, start=1)
    )


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
    subject_member: Member | None = None,
) -> Question:
    """A question, with its candidates (names, or members of the register) for an election
    body; candidates are listed by the strokes of their surname when the poll's rules ask. The
    surplus rule (差额) is checked here, where the candidates are entered."""
    rules = dict(rules or {})
    named, subject = _checked_question(
        org,
        poll,
        text=text,
        scale=scale,
        seats=seats,
        rules=rules,
        people=list(candidates),
        subject=subject,
        subject_member=subject_member,
    )
    question = Question.objects.create(
        org=org,
        poll=poll,
        position=poll.questions.count() + 1,
        text=text.strip(),
        subject=subject.strip(),
        subject_member=subject_member,
        scale=scale,
        seats=seats,
        group=group.strip(),
        rules=rules,
    )
    _set_candidates(org, question, named)
    return question


@transaction.atomic
def question_edit(
    *,
    org,
    actor,
    question: Question,
    text: str,
    scale: str,
    seats: int | None = None,
    subject: str = "",
    group: str = "",
    rules: Mapping[str, Any] | None = None,
    candidates: Iterable[str | Member] = (),
    subject_member: Member | None = None,
) -> Question:
    """Change a draft poll's question and its candidates (the same checks as adding it)."""
    _same_org(org, question)
    poll = _locked(org, question.poll)
    rules = dict(rules or {})
    named, subject = _checked_question(
        org,
        poll,
        text=text,
        scale=scale,
        seats=seats,
        rules=rules,
        people=list(candidates),
        subject=subject,
        subject_member=subject_member,
    )
    audit.audited_update(
        question,
        org=org,
        actor=actor,
        fields=["text", "subject", "subject_member", "scale", "seats", "group", "rules"],
        changes={
            "text": text.strip(),
            "subject": subject.strip(),
            "subject_member": subject_member,
            "scale": scale,
            "seats": seats,
            "group": group.strip(),
            "rules": rules,
        },
        summary=question.text,
    )
    _set_candidates(org, question, named)
    return question


@transaction.atomic
def question_delete(*, org, actor, question: Question) -> Poll:
    """Remove a question (and its candidates) from a draft poll; returns the poll."""
    _same_org(org, question)
    poll = _locked(org, question.poll)
    _draft(poll)
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Question removed: %(text)s"), text=question.text),
    )
    question.delete()
    for position, pk in enumerate(poll.questions.values_list("pk", flat=True), start=1):
        Question.objects.filter(pk=pk).update(position=position)
    return poll


@transaction.atomic
def poll_edit(*, org, actor, poll: Poll, title: str, held_on: dt.date) -> Poll:
    """Change a draft poll's title and date (its kind and way of voting decide its questions and
    rules: to change those, delete the draft and create another)."""
    poll = _locked(org, poll)
    _draft(poll)
    if not title.strip():
        raise ValidationError({"title": _("This field is required.")})
    audit.audited_update(
        poll,
        org=org,
        actor=actor,
        fields=["title", "held_on"],
        changes={"title": title.strip(), "held_on": held_on},
    )
    return poll


@transaction.atomic
def poll_delete(*, org, actor, poll: Poll) -> str:
    """Delete a draft poll for good, with its questions, candidates and any codes issued for it.
    A draft has no ballot (a poll goes back to draft only while no one has voted), so nothing
    anyone voted is lost; the audit trail keeps that it existed. Returns its title."""
    poll = _locked(org, poll)
    _draft(poll)
    if poll.voted.exists() or poll.ballots.exists():
        raise ValidationError(_("Someone has voted in this poll: it cannot be deleted."))
    if hasattr(poll, "selection"):
        raise ValidationError(
            _("This poll is the vote of the selection “%(title)s”: it cannot be deleted alone.")
            % {"title": poll.selection.title}
        )
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Draft poll deleted: %(title)s"), title=poll.title),
    )
    title = poll.title
    poll.delete()
    return title


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
        refusal = surplus_refusal(
            body=question.text,
            candidates=len(question.options.all()),
            seats=question.seats,
            percent=effective.get("surplus_percent", 0) or 0,
        )
        if refusal:
            raise ValidationError(refusal)
    if poll.mode == Mode.CODES and not poll.codes.filter(voided=False).exists():
        raise ValidationError(_("Print the codes for each class before opening the poll."))
