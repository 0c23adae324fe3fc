"""A paper vote: its scrutineers, each scrutineer's count, and the agreed tally."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.members.models import Member
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import RoleAssignment
from unionhall.polls.models import Mode, Option, PaperCount, PaperTally, Poll, Scrutineer
from unionhall.polls.services.announce import announce_scrutineer
from unionhall.polls.services.guards import _locked, _roles, _same_org
from unionhall.polls.workflow import State

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
    scrutineer = audit.audited_create(
        Scrutineer(org=org, poll=poll, user=user, member=member, name=name.strip()),
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("Scrutineer named: %(name)s"), name=name.strip()),
    )
    if not (poll.is_sealed and poll.state == State.DRAFT):
        announce_scrutineer(org=org, poll=poll, user=user)
    if poll.is_sealed and poll.state == State.DRAFT:
        # A key holder of a sealed box finds the draft poll through this notice.
        notice_send(
            org=org,
            user=user,
            kind=Notice.Kind.ASSIGNED,
            title=Msg(
                gettext_noop(
                    "You hold a key of the ballot box of “%(title)s”: set your opening "
                    "passphrase before the poll opens."
                ),
                title=poll.title,
            ),
            url=reverse("polls:detail", kwargs={"org": org.code, "pk": poll.pk}),
        )
    return scrutineer


def _held(poll: Poll) -> None:
    """A paper box is counted on or after the day of the vote: a poll dated ahead has no box yet
    (a vote held on paper last year is entered with its own day, and counted now)."""
    if poll.held_on > timezone.localdate():
        raise ValidationError(
            _("This poll is dated %(date)s: its ballot box is counted on or after that day.")
            % {"date": poll.held_on.isoformat()}
        )


def _may_count(org, actor, poll: Poll) -> None:
    """The ballot box is counted by the poll's scrutineers, or by those who run polls."""
    _held(poll)
    if Scrutineer.objects.filter(org=org, poll=poll, user=actor).exists():
        return
    if not allows(_roles(org, actor), "polls.manage"):
        raise ValidationError(_("Only the poll's scrutineers count its ballot box."))


@transaction.atomic
def paper_count_enter(
    *,
    org,
    actor,
    poll: Poll,
    issued: int,
    returned: int,
    valid: int,
    invalid: int,
    spoiled: int = 0,
    unused: int = 0,
) -> PaperCount:
    """The ballot box reconciled before the count, by a scrutineer or an officer. More returned
    than issued voids the poll; ballots not accounted for (issued ≠ returned + spoiled + not
    cast) block publishing until the box is counted again."""
    from unionhall.polls.services.validity import void_reasons

    poll = _locked(org, poll)
    if poll.mode != Mode.PAPER or poll.state != State.CLOSED:
        raise ValidationError(
            _("The ballot box is counted once voting has ended and the poll is closed.")
        )
    _may_count(org, actor, poll)
    if min(issued, returned, valid, invalid, spoiled, unused) < 0:
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
            "spoiled": spoiled,
            "unused": unused,
            "entered_by": actor,
        },
    )
    reasons = void_reasons(poll, count)
    audit.audited_update(
        poll,
        org=org,
        actor=actor,
        fields=["void_reason"],
        changes={"void_reason": reasons[0][1] if reasons else "", "voted_count": returned},
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
    """One scrutineer's own count ({option id or question id: {value: count}}). Each scrutineer
    counts independently and may enter their count again (after a recount) until the result is
    published; the result stands only when two scrutineers' counts are the same, and the poll
    page shows where they differ."""
    poll = _locked(org, poll)
    if poll.mode != Mode.PAPER or poll.state != State.CLOSED:
        raise ValidationError(_("The tally is entered once a paper poll is closed."))
    _held(poll)
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
    tally, created = PaperTally.objects.update_or_create(
        org=org,
        poll=poll,
        scrutineer=scrutineer,
        defaults={"counts": counts, "entered_at": timezone.now()},
    )
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("Tally entered by %(name)s")
            if created
            else gettext_noop("Tally entered again by %(name)s"),
            name=scrutineer.name,
        ),
    )
    return tally


def agreed_tally(poll: Poll) -> dict[str, dict[str, int]] | None:
    """The tally two scrutineers entered alike, or None."""
    tallies = [_normalised(t.counts) for t in poll.paper_tallies.all()[:2]]
    if len(tallies) == 2 and tallies[0] == tallies[1]:
        return tallies[0]
    return None
