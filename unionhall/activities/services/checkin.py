"""Check-in and attendance: the token on a session's QR code, a member checking in, the organiser
ticking attendance or entering it from a paper sheet."""

import contextlib
import datetime as dt
import re
from collections.abc import Sequence

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.activities.models import Activity, Attendance, Session
from unionhall.activities.services.activities import _refuse_if_cancelled, _session_create
from unionhall.core import audit, versions
from unionhall.core.backdate import stated_date
from unionhall.core.i18n import Msg
from unionhall.core.importing import batch_imported, batch_lock
from unionhall.core.text import join_list
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
    """The organiser ticks names on the list (the session's grid, saved at once): `present`
    are recorded (once), ticks taken off `absent` are removed if they were ticked (never a QR
    scan or a paper record). Returns how many were added. A name that was not a member on the
    session's day refuses the whole list, naming them; nothing is saved then.

    A grid of 120 names is saved in a handful of queries (one insert for all), not one
    savepoint and insert per name. A past day's list is typed in from paper: the history
    records who typed it, as for the paper list page."""
    # Locked, as `activity_cancel` locks it: a list ticked while the activity is being
    # cancelled is either recorded first (and the cancelling refused) or refused.
    activity = Activity.objects.select_for_update().get(pk=session.activity_id)
    _refuse_if_cancelled(activity)
    if session.date > timezone.localdate():
        raise ValidationError(
            _("The session of %(date)s has not happened yet: attendance is ticked on the day.")
            % {"date": session.date.isoformat()}
        )
    strangers = [m.name for m in present if m.org_id != session.org_id]
    if strangers:
        raise ValidationError(_("This member is not on this organisation's register."))
    not_members = [m.name for m in present if status_on(m, session.date) is None]
    if not_members:
        raise ValidationError(
            _("%(name)s was not a member on %(date)s.")
            % {"name": join_list(not_members), "date": session.date.isoformat()}
        )
    recorded = set(Attendance.objects.filter(session=session).values_list("member_id", flat=True))
    new = {m.pk: m for m in present if m.pk not in recorded}
    # ignore_conflicts: a member scanning the QR code while the list is saved is recorded
    # once, by whichever came first.
    Attendance.objects.bulk_create(
        [
            Attendance(
                org_id=session.org_id,
                activity_id=session.activity_id,
                session=session,
                member=member,
                how=Attendance.How.TICKED,
                recorded_by=actor,
            )
            for member in new.values()
        ],
        ignore_conflicts=True,
    )
    if new and session.date < timezone.localdate():
        # A past day's list, ticked from the paper sheet: the history says who typed it.
        audit.record_typed_on_behalf(
            org=activity.org,
            clerk=actor,
            subject=session,
            person=Msg(gettext_noop("the paper sign-in list of %(title)s"), title=activity.title),
            happened=session.date,
        )
    if absent:
        Attendance.objects.filter(
            session=session,
            member_id__in=[m.pk for m in absent],
            how=Attendance.How.TICKED,
        ).delete()
    versions.bump(session.org_id, "activities")  # bulk writes send no signal
    return len(new)


# Names typed in the "absent" box are separated by commas, the Chinese 、，；, or spaces.
_NAME_SEPARATORS = re.compile(r"[\s,，、;；]+")


def names_absent(*, text: str, group: Sequence[Member]) -> list[Member]:
    """The members of `group` named in `text` ("absent: 王芳、李强"), or ValidationError naming
    each name that is nobody in the group, or two of them."""
    by_name: dict[str, list[Member]] = {}
    for member in group:
        by_name.setdefault(member.name, []).append(member)
    found, unknown, twice = [], [], []
    for name in dict.fromkeys(n for n in _NAME_SEPARATORS.split(text or "") if n):
        named = by_name.get(name, [])
        if not named:
            unknown.append(name)
        elif len(named) > 1:
            twice.append(name)
        else:
            found.append(named[0])
    problems = []
    if unknown:
        problems.append(
            _("Not on this list: %(names)s. Check the spelling of the absent names.")
            % {"names": join_list(unknown)}
        )
    if twice:
        problems.append(
            _("More than one member on this list is called %(names)s: untick them in the grid.")
            % {"names": join_list(twice)}
        )
    if problems:
        raise ValidationError(problems)
    return found


@transaction.atomic
def attendance_all_present(
    *, session: Session, actor, group: Sequence[Member], absent_names: str = ""
) -> int:
    """The shortcuts of the grid: everyone on the list was present ("all present"), or
    everyone but those named ("absent: 王芳、李强"), in one save. Returns how many were
    added."""
    absent = names_absent(text=absent_names, group=group)
    away = {m.pk for m in absent}
    return attendance_tick(
        session=session,
        actor=actor,
        present=[m for m in group if m.pk not in away],
        absent=absent,
    )


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


@transaction.atomic
def attendance_import(*, activity: Activity, actor, batch, rows: Sequence[dict]) -> int:
    """Record a checked sign-in sheet (`importer.SignInParser` rows: {"date", "member"}), all
    rows or none, day by day as the paper list page records them (a recurring activity gets
    the day's session if it had none; the history says who typed it). Returns how many
    attendances were added (those recorded already are skipped)."""
    batch = batch_lock(batch)
    by_day: dict[dt.date, list[Member]] = {}
    for row in rows:
        by_day.setdefault(row["date"], []).append(row["member"])
    added = sum(
        attendance_from_paper(activity=activity, actor=actor, date=day, members=members)
        for day, members in sorted(by_day.items())
    )
    batch_imported(batch, count=added)
    return added
