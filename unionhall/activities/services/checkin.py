"""Check-in and attendance: the token on a session's QR code, a member checking in, the organiser
ticking attendance or entering it from a paper sheet."""

import contextlib
import datetime as dt
from collections.abc import Sequence

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.activities.models import Activity, Attendance, Session
from unionhall.activities.services.activities import _refuse_if_cancelled, _session_create
from unionhall.core import audit
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.members.models import Member
from unionhall.members.selectors import status_on

CHECKIN_SALT = "unionhall.activities.checkin"


# Check-in -------------------------------------------------------------------------------------


def checkin_token(session: Session) -> str:
    """The signed token of a session's QR code: good for that activity and that day only."""
    return signing.dumps(
        [session.org_id, session.activity_id, session.pk, session.date.isoformat()],
        salt=CHECKIN_SALT,
        compress=True,
    )


class CheckinRefused(ValidationError):
    """A QR code that is not for this activity today (forged, another activity, another
    school, another day)."""


def checkin_session(*, org, activity_id: int, token: str, today: dt.date) -> Session:
    """The session a scanned token checks in to (with its activity), or CheckinRefused saying
    why not. `activity_id` is the activity the URL names; one query when the token is good."""
    try:
        org_id, token_activity, session_id, day = signing.loads(token, salt=CHECKIN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise CheckinRefused(
            _("This is not a check-in code of this union. Scan the code the organiser shows.")
        ) from None
    if org_id != org.pk:
        raise CheckinRefused(_("This check-in code belongs to another organisation."))
    if token_activity != activity_id:
        named = Activity.objects.filter(org=org, pk=activity_id).values_list("title", flat=True)
        raise CheckinRefused(
            _("This check-in code is for another activity, not “%(title)s”.")
            % {"title": named.first() or activity_id}
        )
    if day != today.isoformat():
        raise CheckinRefused(
            _(
                "This check-in code was for %(day)s; it is not valid today. Scan today's code "
                "from the organiser."
            )
            % {"day": day}
        )
    session = (
        Session.objects.select_related("activity")
        .only(
            "id",
            "org_id",
            "date",
            "activity_id",
            "activity__id",
            "activity__title",
            "activity__cancelled_at",
        )
        .filter(pk=session_id, org=org, activity_id=activity_id, date=today)
        .first()
    )
    if session is None:
        raise CheckinRefused(_("This activity has no session today."))
    return session


def checkin(
    *, session: Session, member: Member, actor, how: str = Attendance.How.QR
) -> tuple[Attendance, bool]:
    """Record `member` at `session` once: (the attendance, whether it is new). A second scan
    returns the first attendance."""
    if member.org_id != session.org_id:
        raise ValidationError(_("This member is not on this organisation's register."))
    _refuse_if_cancelled(session.activity)
    if status_on(member, session.date) is None:
        raise ValidationError(
            _("%(name)s was not a member on %(date)s.")
            % {"name": member.name, "date": session.date.isoformat()}
        )
    # Outside a transaction (a scan), a refused insert leaves nothing to roll back; inside one
    # (ticking a list), a savepoint keeps the rest of it.
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with guard:
            attendance = Attendance.objects.create(
                org_id=session.org_id,
                activity_id=session.activity_id,
                session=session,
                member=member,
                how=how,
                recorded_by=actor,
            )
    except IntegrityError:
        return Attendance.objects.get(session=session, member=member), False
    return attendance, True


@transaction.atomic
def attendance_tick(
    *, session: Session, actor, present: Sequence[Member], absent: Sequence[Member] = ()
) -> int:
    """The organiser ticks names on the list: `present` are recorded (once), ticks taken off
    `absent` are removed if they were ticked (never a QR scan or a paper record). Returns how
    many were added."""
    # Locked, as `activity_cancel` locks it: a list ticked while the activity is being
    # cancelled is either recorded first (and the cancelling refused) or refused.
    _refuse_if_cancelled(Activity.objects.select_for_update().get(pk=session.activity_id))
    added = 0
    for member in present:
        _attendance, created = checkin(
            session=session, member=member, actor=actor, how=Attendance.How.TICKED
        )
        added += created
    if absent:
        Attendance.objects.filter(
            session=session, member__in=list(absent), how=Attendance.How.TICKED
        ).delete()
    return added


@transaction.atomic
def attendance_from_paper(
    *, activity: Activity, actor, date: dt.date, members: Sequence[Member]
) -> int:
    """Type in a paper sign-in list later, with the day it happened (`core.backdate`): a
    recurring activity gets the session for that day if it had none. Returns how many
    attendances were added (those already recorded are skipped)."""
    _refuse_if_cancelled(Activity.objects.select_for_update().get(pk=activity.pk))
    date = stated_date(date, field="date")
    if not activity.starts_on <= date <= activity.ends_on:
        raise ValidationError(
            {
                "date": _("%(date)s is outside the activity's dates (%(start)s to %(end)s).")
                % {
                    "date": date.isoformat(),
                    "start": activity.starts_on.isoformat(),
                    "end": activity.ends_on.isoformat(),
                }
            }
        )
    if not members:
        raise ValidationError({"members": _("Choose the members on the paper list.")})
    session = Session.objects.filter(activity=activity, date=date).first()
    if session is None:
        if not activity.recurring:
            raise ValidationError({"date": _("The activity had no session on that day.")})
        session = _session_create(activity=activity, date=date)
    added = 0
    for member in members:
        _attendance, created = checkin(
            session=session, member=member, actor=actor, how=Attendance.How.PAPER
        )
        added += created
    audit.record_typed_on_behalf(
        org=activity.org,
        clerk=actor,
        subject=session,
        person=Msg(gettext_noop("the paper sign-in list of %(title)s"), title=activity.title),
        happened=date,
    )
    return added
