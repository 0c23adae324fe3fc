"""A poll's guarded lifecycle, the poll of a congress resolution with its tally sent back to the
congress, and the presence count a quorum is judged on."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, versions
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.orgs.capabilities import allows
from unionhall.polls import rules as poll_rules
from unionhall.polls.models import Kind, Mode, Poll, PollTransition, PollVoter, Scale
from unionhall.polls.services.announce import announce_vote_open
from unionhall.polls.services.box import seal_at_opening, unseal_at_draft
from unionhall.polls.services.guards import _locked, _roles
from unionhall.polls.services.setup import (
    _check_ready,
    _freeze_roll,
    default_roll,
    poll_create,
    question_add,
)
from unionhall.polls.services.validity import publish_blockers, void_reasons
from unionhall.polls.workflow import State, allowed


def _log(poll: Poll, old: str, new: str, actor, note: str = "") -> None:
    audit.audited_create(
        PollTransition(
            org=poll.org, poll=poll, from_state=old, to_state=new, actor=actor, note=note
        ),
        org=poll.org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("%(old)s → %(new)s"), old=State(old).label, new=State(new).label),
        changes={"state": [old, new]},
    )


@transaction.atomic
def poll_move(
    *, org, actor, poll: Poll, target: str, note: str = "", roll: Iterable | None = None
) -> Poll:
    """Move the poll along the table in polls.workflow. Opening freezes the roll (the given
    `roll` of (name, member, user), or `default_roll`) and, for a poll voted online or with
    codes, seals its ballot box (two key holders' passphrases needed); closing takes the
    snapshot and judges the quorum (an inquorate poll is invalid); publishing is refused while
    `validity.publish_blockers` lists anything (an invalid poll is published as invalid) or the
    sealed box is not yet opened. The poll's row is locked: a ballot is stored before the
    close's snapshot or refused."""
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
        if poll.is_sealed:
            seal_at_opening(poll)
        poll.opened_at = now
    elif target == State.DRAFT:
        if poll.voted.exists() or poll.ballots.exists() or poll.sealed_ballots.exists():
            raise ValidationError(_("Someone has voted: the poll can only be closed now."))
        poll.voters.all().delete()
        unseal_at_draft(poll)
        poll.opened_at = None
    elif target == State.CLOSED:
        _snapshot(poll)
        poll.closed_at = now
    elif target == State.PUBLISHED:
        blockers = publish_blockers(poll)
        if blockers:
            raise ValidationError(
                [
                    _("Not published: %(rule)s. %(message)s") % {"rule": rule, "message": message}
                    for rule, message in blockers
                ]
            )
        poll.published_at = now
    poll.state = target
    poll.save()
    _log(poll, old, target, actor, note)
    if target == State.PUBLISHED and poll.resolution_id and not poll.void_reason:
        _tally_to_congress(poll, actor)
    if target == State.OPEN and poll.mode == Mode.ONLINE:
        announce_vote_open(org=org, poll=poll)
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
    # Paper polls too: presence is recorded while the poll is open. The box, reconciled after
    # the close, is judged again then (polls.services.paper.paper_count_enter).
    reasons = void_reasons(poll)
    poll.void_reason = reasons[0][1] if reasons else ""


def models_q_present():
    from django.db.models import Q

    return Q(present=True) | Q(voted__isnull=False)


@transaction.atomic
def presence_record(*, org, actor, poll: Poll, present: Iterable[PollVoter]) -> int:
    """Record who is present (实到) at a meeting vote; returns how many are."""
    poll = _locked(org, poll)
    if poll.state != State.OPEN:
        raise ValidationError(_("Presence is recorded while the poll is open."))
    ids = {v.pk for v in present}
    poll.voters.filter(pk__in=ids).update(present=True)
    versions.bump(poll.org_id, "polls")  # an update of a queryset sends no signal
    count = poll.voters.filter(present=True).count()
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Presence recorded: %(count)s present"), count=count),
    )
    return count
