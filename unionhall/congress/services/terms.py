"""Writes for a congress's terms, sessions, representatives and attendance."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress.models import Attendance, Representative, Session, Term
from unionhall.core import audit, versions
from unionhall.core.backdate import not_before, stated_date
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.orgs.models import RoleAssignment
from unionhall.orgs.roles import Role

# Terms, sessions, representatives ------------------------------------------------------------


@transaction.atomic
def term_create(*, org, actor, number: int, starts_on: dt.date, ends_on: dt.date) -> Term:
    if ends_on <= starts_on:
        raise ValidationError(_("A term must end after it starts."))
    if Term.objects.filter(org=org, number=number).exists():
        raise ValidationError(_("Term %(number)s already exists.") % {"number": number})
    return audit.audited_create(
        Term(org=org, number=number, starts_on=starts_on, ends_on=ends_on),
        org=org,
        actor=actor,
        summary=Msg(gettext_noop("Term %(number)s"), number=number),
    )


@transaction.atomic
def session_create(
    *, org, actor, term: Term, number: int, held_on: dt.date, ends_on: dt.date | None = None
) -> Session:
    if term.org_id != org.pk:
        raise ValidationError(_("That term belongs to another organisation."))
    if not term.starts_on <= held_on <= term.ends_on:
        raise ValidationError(
            _("The session must be held within the term (%(start)s to %(end)s).")
            % {"start": term.starts_on, "end": term.ends_on}
        )
    if ends_on and ends_on < held_on:
        raise ValidationError(_("The last day of a session cannot be before its first day."))
    if Session.objects.filter(org=org, term=term, number=number).exists():
        raise ValidationError(
            _("Session %(number)s of this term already exists.") % {"number": number}
        )
    session = audit.audited_create(
        Session(org=org, term=term, number=number, held_on=held_on, ends_on=ends_on),
        org=org,
        actor=actor,
        summary=Msg(
            gettext_noop("Term %(term)s, session %(number)s"), term=term.number, number=number
        ),
    )
    return session


@transaction.atomic
def representative_add(
    *,
    org,
    actor,
    term: Term,
    member,
    electoral_group: str,
    is_frontline: bool | None = None,
) -> Representative:
    """Make a member on the register a representative of the term, whether or not they have a
    login yet (what they do online waits for it: `link_logins`). Front-line defaults from their
    department. The representative role is granted with the login."""
    if member.org_id != org.pk or term.org_id != org.pk:
        raise ValidationError(_("That member belongs to another organisation."))
    taken = Representative.objects.filter(org=org, term=term)
    if taken.filter(member=member).exists() or (
        member.user_id is not None and taken.filter(user_id=member.user_id).exists()
    ):
        raise ValidationError(
            _("%(name)s is already a representative of this term.") % {"name": member.name}
        )
    if is_frontline is None:
        is_frontline = member.department.is_frontline
    rep = audit.audited_create(
        Representative(
            org=org,
            term=term,
            user_id=member.user_id,
            member=member,
            name=member.name,
            electoral_group=electoral_group.strip(),
            is_frontline=is_frontline,
        ),
        org=org,
        actor=actor,
        summary=member.name,
    )
    if member.user_id is not None:
        RoleAssignment.objects.get_or_create(
            user_id=member.user_id, org=org, role=Role.REPRESENTATIVE
        )
    return rep


def link_logins(*, member) -> int:
    """A member given a login: their representations without one take it, and the login holds
    the representative role while one serves. Returns how many were linked."""
    if member.user_id is None:
        return 0
    linked = Representative.objects.filter(
        org=member.org_id, member=member, user__isnull=True
    ).update(user=member.user_id)
    if Representative.objects.filter(org=member.org_id, member=member, is_active=True).exists():
        RoleAssignment.objects.get_or_create(
            user_id=member.user_id, org_id=member.org_id, role=Role.REPRESENTATIVE
        )
    return linked


@transaction.atomic
def attendance_record(
    *, org, actor, session: Session, present: Iterable[int], taken_on: dt.date | None = None
) -> int:
    """Record who was present (representative ids); everyone else of the term is absent.
    `taken_on` is the day the attendance was taken, when typed in later from the paper list
    (the session's first day if not given; never in the future, nor before the session)."""
    present = set(present)
    if taken_on is None:
        taken_on = min(session.held_on, timezone.localdate())
    else:
        taken_on = stated_date(taken_on, field="taken_on")
        not_before(
            taken_on,
            session.held_on,
            field="taken_on",
            message=_("%(date)s is before the session was held (%(earlier)s)."),
        )
    reps = list(Representative.objects.filter(org=org, term=session.term, is_active=True))
    unknown = present - {r.pk for r in reps}
    if unknown:
        raise ValidationError(_("Only representatives of this term can be marked present."))
    Attendance.objects.filter(org=org, session=session).delete()
    versions.bump(org.pk, "congress")  # bulk writes send no signal
    Attendance.objects.bulk_create(
        Attendance(
            org=org, session=session, representative=r, present=r.pk in present, taken_on=taken_on
        )
        for r in reps
    )
    audit.record(
        org=org,
        actor=actor,
        subject=session,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("Attendance on %(date)s: %(present)s of %(total)s present"),
            date=taken_on.isoformat(),
            present=len(present),
            total=len(reps),
        ),
    )
    return len(present)
