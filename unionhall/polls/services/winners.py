"""A published poll's winners written into the registers, with one confirmation: a satisfaction
survey's most satisfied teachers (最满意教师, the top N by the poll's rule "winners") into the
honours register; an election's elected into the committee (their role in the union).

`winners_plan` says what would be written and what is already there; `winners_record` writes
only what is not there yet (a second press writes nothing new), in one transaction, audited."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.honours.models import Honour, Level, Source
from unionhall.honours.services import honour_record
from unionhall.members.models import Member, Status
from unionhall.orgs.models import RoleAssignment
from unionhall.orgs.roles import COMMITTEE_ROLES, Role
from unionhall.orgs.services import role_grant
from unionhall.polls.models import Kind, Poll
from unionhall.polls.services.guards import _same_org
from unionhall.polls.workflow import State

# The committee roles an elected person may take (their division of labour, 分工).
ELECTED_ROLES = tuple(sorted(COMMITTEE_ROLES))
# A body whose name says which committee it is, and the role its members take by default.
BODY_ROLES = (
    ("经费审查", Role.COMMITTEE_AUDIT),
    ("经审", Role.COMMITTEE_AUDIT),
    ("女职工", Role.COMMITTEE_WOMEN),
)


@dataclass
class Entry:
    """One line of the confirmation: who, what is written, and whether it can be."""

    key: str
    name: str
    member: Any
    what: str  # the honour's title, or the body elected to
    role: str = ""  # for the elected: the role suggested (or chosen)
    done: bool = False  # already in the register
    missing: str = ""  # why it cannot be written (no member on the register, no login)

    @property
    def writable(self) -> bool:
        return not self.done and not self.missing


def honour_title(poll: Poll) -> str:
    return poll.rules.get("honour_title") or _("Most satisfactory teacher (%(poll)s)") % {
        "poll": poll.title
    }


def body_role(question) -> str:
    if question.rules.get("role") in Role.values:
        return question.rules["role"]
    for word, role in BODY_ROLES:
        if word in question.text:
            return role
    return ""


def _by_name(org_id, names) -> dict[str, Member]:
    """Members of the register by name, where exactly one member has the name (candidates and
    teachers are often typed as names, not chosen from the register)."""
    found: dict[str, Member] = {}
    shared: set[str] = set()
    rows = Member.objects.filter(org_id=org_id, name__in=set(names)).filter(status=Status.ACTIVE)
    for member in rows.only("id", "org_id", "name", "user_id"):
        if member.name in found:
            shared.add(member.name)
        found[member.name] = member
    return {name: m for name, m in found.items() if name not in shared}


def _published(poll: Poll) -> None:
    if poll.state != State.PUBLISHED:
        raise ValidationError(_("The winners are written once the result is published."))
    if poll.void_reason:
        raise ValidationError(_("This poll is void: it has no winners."))


def winners_plan(poll: Poll) -> list[Entry]:
    """What the confirmation lists. A fixed number of queries whatever the size of the poll."""
    from unionhall.polls import results, selectors

    if poll.kind == Kind.SATISFACTION:
        title = honour_title(poll)
        teachers = [t for t in results.survey_results(poll).teachers if t.winner]
        named = _by_name(poll.org_id, [t.subject for t in teachers if t.member is None])
        held = set(
            Honour.objects.filter(
                org=poll.org_id,
                source_type=audit.content_type_of(Poll),
                source_id=poll.pk,
            ).values_list("member_id", flat=True)
        )
        entries = []
        for teacher in teachers:
            member = teacher.member or named.get(teacher.subject)
            entries.append(
                Entry(
                    key=f"t{member.pk if member else teacher.subject}",
                    name=teacher.subject,
                    member=member,
                    what=title,
                    done=member is not None and member.pk in held,
                    missing=""
                    if member
                    else _(
                        "no member of the register has this name, or several have: record the "
                        "honour by hand"
                    ),
                )
            )
        return entries
    if poll.kind == Kind.ELECTION:
        entries = []
        elected = [
            (question, option)
            for question, outcome in selectors.election_outcomes(poll)
            for option in outcome.elected
        ]
        named = _by_name(poll.org_id, [o.label for _q, o in elected if o.member is None])
        linked = {o.pk: o.member or named.get(o.label) for _q, o in elected}
        members = [m for m in linked.values() if m is not None]
        roles: dict[int, set[str]] = {}
        for user_id, role in RoleAssignment.objects.filter(
            org=poll.org_id, user_id__in=[m.user_id for m in members if m.user_id]
        ).values_list("user_id", "role"):
            roles.setdefault(user_id, set()).add(role)
        for question, option in elected:
            member = linked[option.pk]
            held = roles.get(member.user_id, set()) if member and member.user_id else set()
            committee = held & set(ELECTED_ROLES)
            missing = ""
            if member is None:
                missing = _("no member of the register has this name, or several have")
            elif member.user_id is None:
                missing = _("has no login: give them one, then confirm again")
            entries.append(
                Entry(
                    key=f"o{option.pk}",
                    name=option.label,
                    member=member,
                    what=question.text,
                    role=sorted(committee)[0] if committee else body_role(question),
                    done=bool(committee),
                    missing=missing,
                )
            )
        return entries
    return []


@transaction.atomic
def winners_record(*, org, actor, poll: Poll, roles: dict[str, str] | None = None) -> list[Entry]:
    """Write what `winners_plan` lists and is not there yet; `roles` gives each elected person's
    role (entry key → role). Returns the entries written."""
    _same_org(org, poll)
    poll = Poll.objects.select_for_update().get(org=org, pk=poll.pk)
    _published(poll)
    roles = roles or {}
    entries = [e for e in winners_plan(poll) if e.writable]
    if not entries:
        return []
    # An honour is dated the day of the vote that gave it (a survey entered later keeps its
    # year), never ahead of today.
    awarded_on = min(poll.held_on, timezone.localdate())
    if poll.kind == Kind.ELECTION:
        for entry in entries:
            role = roles.get(entry.key) or entry.role
            if role not in ELECTED_ROLES:
                raise ValidationError(
                    _("Choose the committee role of %(name)s.") % {"name": entry.name}
                )
            entry.role = role
        for entry in entries:
            role_grant(org=org, actor=actor, user=entry.member.user, role=entry.role)
    else:
        for entry in entries:
            honour_record(
                org=org,
                actor=actor,
                member=entry.member,
                title=entry.what,
                level=Level.SCHOOL,
                body=org.name,
                awarded_on=awarded_on,
                source=Source.POLL,
                source_record=poll,
            )
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("Winners written into the register: %(names)s"),
            names="、".join(e.name for e in entries),
        ),
    )
    return entries
