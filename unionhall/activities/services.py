"""Writes of activities, sign-ups, attendance, costs and clubs. Each is atomic; a cost posts to
the funds ledger through `funds.services.ledger_post`, under the activity's budget line and the
organisation's budget policy, in the same transaction."""

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from unionhall.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Club,
    ClubMembership,
    Session,
    SignUp,
    Target,
)
from unionhall.activities.selectors import member_in_target, signups_to_tell
from unionhall.core import audit
from unionhall.core.backdate import stated_date, stated_time
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.core.money import validate_amount
from unionhall.funds.models import Category, LedgerEntry
from unionhall.funds.services import ledger_post
from unionhall.members.models import Member
from unionhall.members.selectors import status_on
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send_on_commit
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import RoleAssignment

# The kinds every organisation starts with: (code, name, recurring, for women).
DEFAULT_KINDS = (
    ("sports", gettext_noop("Sports"), False, False),
    ("culture", gettext_noop("Culture and arts"), False, False),
    ("outing", gettext_noop("Outing"), False, False),
    ("womens_day", gettext_noop("Women's day (8 March)"), False, True),
    ("training", gettext_noop("Training"), False, False),
    ("exercise", gettext_noop("Daily exercise"), True, False),
    ("volunteer", gettext_noop("Volunteer work"), False, False),
)
# A one-off activity has a session a day; longer than this is a recurring activity.
MAX_ONE_OFF_DAYS = 31
CHECKIN_SALT = "unionhall.activities.checkin"

# What a cost is for: its memo starts with this.
COST_KINDS = {
    "prize": gettext_lazy("Prizes"),
    "hire": gettext_lazy("Hire of venue or equipment"),
    "transport": gettext_lazy("Transport"),
    "food": gettext_lazy("Meals and drinks"),
    "other": gettext_lazy("Other costs"),
}

ACTIVITY_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "place",
    "organiser",
    "target",
    "target_department",
    "target_club",
    "budget_category",
    "recurring",
    "signup_required",
    "signup_opens_at",
    "signup_closes_at",
    "capacity",
)


@transaction.atomic
def activity_kinds_seed(*, org) -> list[ActivityKind]:
    """Give the organisation the default kinds it does not have yet; returns all its kinds.
    The names are stored in Chinese, the language the union works in."""
    from django.utils import translation

    existing = set(ActivityKind.objects.filter(org=org).values_list("code", flat=True))
    with translation.override("zh-hans"):
        for order, (code, name, recurring, for_women) in enumerate(DEFAULT_KINDS):
            if code not in existing:
                ActivityKind.objects.create(
                    org=org,
                    code=code,
                    name=translation.gettext(name),
                    recurring=recurring,
                    for_women=for_women,
                    sort_order=order * 10,
                )
    return list(ActivityKind.objects.filter(org=org))


def may_organise(*, org, user) -> bool:
    """Whether `user` may organise activities here (the chair, the culture or women committee
    member: the `activities.manage` capability)."""
    roles = frozenset(
        RoleAssignment.objects.filter(user=user, org=org).values_list("role", flat=True)
    )
    return allows(roles, "activities.manage")


def _check_activity(activity: Activity) -> None:
    org = activity.org
    errors: dict[str, str] = {}
    if activity.kind.org_id != org.pk:
        errors["kind"] = _("This kind of activity belongs to another organisation.")
    if not (activity.title or "").strip():
        errors["title"] = _("Give the activity a title.")
    if activity.ends_on < activity.starts_on:
        errors["ends_on"] = _("The last day (%(end)s) is before the first day (%(start)s).") % {
            "end": activity.ends_on.isoformat(),
            "start": activity.starts_on.isoformat(),
        }
    elif (
        not activity.recurring and (activity.ends_on - activity.starts_on).days >= MAX_ONE_OFF_DAYS
    ):
        errors["ends_on"] = _(
            "A one-off activity lasts at most %(days)d days; mark a longer one as recurring."
        ) % {"days": MAX_ONE_OFF_DAYS}
    if not may_organise(org=org, user=activity.organiser):
        errors["organiser"] = _(
            "%(name)s cannot organise activities: the organiser is the chair or the committee "
            "member for culture or for women staff."
        ) % {"name": activity.organiser}
    if activity.target == Target.DEPARTMENT:
        if activity.target_department is None:
            errors["target_department"] = _("Choose the department the activity is for.")
        elif activity.target_department.org_id != org.pk:
            errors["target_department"] = _("This department belongs to another organisation.")
    else:
        activity.target_department = None
    if activity.target == Target.CLUB:
        if activity.target_club is None:
            errors["target_club"] = _("Choose the club the activity is for.")
        elif activity.target_club.org_id != org.pk:
            errors["target_club"] = _("This club belongs to another organisation.")
    else:
        activity.target_club = None
    if activity.budget_category not in [c.value for c in Category.expense()]:
        errors["budget_category"] = _("The budget line must be an expense category.")
    opens, closes = activity.signup_opens_at, activity.signup_closes_at
    if opens and closes and closes < opens:
        errors["signup_closes_at"] = _("Sign-up closes before it opens.")
    if activity.capacity is not None and activity.capacity < 1:
        errors["capacity"] = _("The number of places is at least 1 (leave it empty for no limit).")
    try:
        activity.signup_fields = _check_fields(activity.signup_fields or [])
    except ValidationError as error:
        errors["signup_fields"] = error.messages[0]
    if errors:
        raise ValidationError(errors)


def _check_fields(fields: Any) -> list[dict]:
    """The sign-up questions, each {"name", "label", "choices" (optional), "required"}."""
    if not isinstance(fields, list):
        raise ValidationError(_("The sign-up questions must be a list."))
    checked, names = [], set()
    for number, field in enumerate(fields, start=1):
        if not isinstance(field, dict) or not str(field.get("label", "")).strip():
            raise ValidationError(_("Question %(n)d has no wording.") % {"n": number})
        name = str(field.get("name") or f"q{number}").strip()
        if name in names:
            raise ValidationError(_("Two questions are both named “%(name)s”.") % {"name": name})
        names.add(name)
        choices = [str(c).strip() for c in field.get("choices") or [] if str(c).strip()]
        checked.append(
            {
                "name": name,
                "label": str(field["label"]).strip(),
                "choices": choices,
                "required": bool(field.get("required", True)),
            }
        )
    return checked


def _session_days(activity: Activity) -> list[dt.date]:
    days = (activity.ends_on - activity.starts_on).days + 1
    return [activity.starts_on + dt.timedelta(days=n) for n in range(days)]


@transaction.atomic
def activity_create(
    *,
    org,
    actor,
    kind: ActivityKind,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    organiser=None,
    place: str = "",
    description: str = "",
    target: str = Target.ALL,
    target_department=None,
    target_club: Club | None = None,
    budget_category: str = Category.ACTIVITIES,
    recurring: bool = False,
    signup_required: bool = False,
    signup_opens_at: dt.datetime | None = None,
    signup_closes_at: dt.datetime | None = None,
    capacity: int | None = None,
    signup_fields: list[dict] | None = None,
    session_dates: Iterable[dt.date] = (),
) -> Activity:
    """Create an activity; stable for other apps (competitions build on it).

    - `kind`: one of the organisation's `ActivityKind` rows (`activity_kinds_seed(org=)`).
    - `ends_on`: the last day (default: `starts_on`); `organiser`: a user holding
      `activities.manage` here (default: `actor`).
    - `target`: a `Target` value; `target_department` / `target_club` name the group for
      DEPARTMENT / CLUB.
    - `budget_category`: the funds expense category its costs post under (default: staff
      activities).
    - sign-up: `signup_required`, its window (`signup_opens_at`, `signup_closes_at`, either may
      be None), `capacity` (None: no limit) and `signup_fields` (questions:
      [{"name", "label", "choices": [...], "required": bool}]).
    - sessions: a one-off activity gets one per day from `starts_on` to `ends_on`; a
      `recurring` one gets those in `session_dates` (more with `session_add`).

    Raises ValidationError naming the field on bad input; nothing is created then.
    """
    activity = Activity(
        org=org,
        kind=kind,
        title=(title or "").strip(),
        description=description or "",
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        place=place or "",
        organiser=organiser or actor,
        target=target,
        target_department=target_department,
        target_club=target_club,
        budget_category=budget_category,
        recurring=recurring,
        signup_required=signup_required,
        signup_opens_at=signup_opens_at,
        signup_closes_at=signup_closes_at,
        capacity=capacity,
        signup_fields=signup_fields or [],
        created_by=actor,
    )
    _check_activity(activity)
    activity.save()
    days = sorted(set(session_dates)) if recurring else _session_days(activity)
    for day in days:
        _session_create(activity=activity, date=day)
    audit.record(
        org=org,
        actor=actor,
        subject=activity,
        action=AuditEntry.Action.CREATE,
        summary=Msg(
            gettext_noop("%(title)s, %(start)s"),
            title=activity.title,
            start=activity.starts_on.isoformat(),
        ),
    )
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor, **changes) -> Activity:
    """Change an activity's fields (those of `activity_create`, sessions aside). A one-off
    activity's sessions follow its new dates; days that have attendance are kept."""
    unknown = set(changes) - set(ACTIVITY_FIELDS) - {"signup_fields"}
    if unknown:
        raise TypeError(f"activity_update: unknown fields {sorted(unknown)}")
    locked = Activity.objects.select_for_update().get(pk=activity.pk, org=activity.org)
    _refuse_if_cancelled(locked)  # it stays as it was when it was called off
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=ACTIVITY_FIELDS,
        changes=changes,
        check=_check_activity,
    )
    if not locked.recurring:
        wanted = set(_session_days(locked))
        for session in locked.sessions.all():
            if session.date not in wanted and not session.attendances.exists():
                session.delete()  # a planned day that never happened: nothing to keep
        have = set(locked.sessions.values_list("date", flat=True))
        for day in sorted(wanted - have):
            _session_create(activity=locked, date=day)
    return locked


def _refuse_if_cancelled(activity: Activity) -> None:
    if activity.cancelled_at:
        raise ValidationError(
            _("“%(title)s” was cancelled.") % {"title": activity.title},
        )


@transaction.atomic
def activity_cancel(*, activity: Activity, actor, reason: str) -> Activity:
    """Call an activity off before it takes place, with the reason: it is kept (on the list,
    struck through; its page says who cancelled it, when and why), takes no more sign-ups or
    check-ins, and counts in no figure. Members who signed up (or wait for a place) and can log
    in get a notice. An activity with attendance took place and is not cancelled: shorten it
    instead. Costs posted for it stay in the ledger (money spent is spent)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk, org=activity.org)
    reason = (reason or "").strip()
    if activity.cancelled_at:
        raise ValidationError(_("This activity has already been cancelled."))
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    came = Attendance.objects.filter(activity=activity).count()
    if came:
        raise ValidationError(
            ngettext(
                "%(n)d attendance is recorded for this activity: it took place and cannot be "
                "cancelled. Change its last day instead.",
                "%(n)d attendances are recorded for this activity: it took place and cannot be "
                "cancelled. Change its last day instead.",
                came,
            )
            % {"n": came}
        )
    activity.cancelled_at = timezone.now()
    activity.cancelled_by = actor
    activity.cancel_reason = reason[:200]
    activity.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit.record(
        org=activity.org,
        actor=actor,
        subject=activity,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("Cancelled: %(reason)s"), reason=activity.cancel_reason),
        changes={"cancelled": ["", activity.cancel_reason]},
    )
    url = reverse("activities:detail", kwargs={"org": activity.org.code, "pk": activity.pk})
    for signup in signups_to_tell(activity).filter(member__user__isnull=False):
        notice_send_on_commit(
            org=activity.org,
            user=signup.member.user,
            kind=Notice.Kind.INFO,
            title=Msg(
                gettext_noop("“%(title)s” (%(date)s) was cancelled: %(reason)s"),
                title=activity.title,
                date=activity.starts_on.isoformat(),
                reason=activity.cancel_reason,
            ),
            url=url,
        )
    return activity


def _session_create(*, activity: Activity, date: dt.date, note: str = "") -> Session:
    return Session.objects.create(org_id=activity.org_id, activity=activity, date=date, note=note)


@transaction.atomic
def session_add(*, activity: Activity, actor, date: dt.date, note: str = "") -> Session:
    """Add a meeting of a recurring activity (a day of daily exercise, a club practice)."""
    _refuse_if_cancelled(activity)
    if not activity.recurring:
        raise ValidationError(
            {"date": _("A one-off activity has a session for each of its days already.")}
        )
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
    if Session.objects.filter(activity=activity, date=date).exists():
        raise ValidationError(
            {"date": _("There is a session on %(date)s already.") % {"date": date.isoformat()}}
        )
    return _session_create(activity=activity, date=date, note=note)


# Sign-up --------------------------------------------------------------------------------------


def _check_answers(activity: Activity, answers: dict | None) -> dict:
    answers = dict(answers or {})
    checked = {}
    for field in activity.signup_fields or []:
        value = str(answers.get(field["name"], "") or "").strip()
        if not value and field.get("required"):
            raise ValidationError({field["name"]: _("Answer “%(label)s”.") % field})
        if value and field.get("choices") and value not in field["choices"]:
            raise ValidationError(
                {
                    field["name"]: _("“%(value)s” is not one of the choices for “%(label)s”.")
                    % {"value": value, "label": field["label"]}
                }
            )
        if value:
            checked[field["name"]] = value[:100]
    return checked


@transaction.atomic
def signup_create(
    *,
    activity: Activity,
    member: Member,
    actor,
    answers: dict | None = None,
    signed_up_at: dt.datetime | None = None,
) -> SignUp:
    """Sign a member up: a place while there is one, else the waiting list. Refused outside the
    sign-up window, for a member outside the target group, or twice.

    `signed_up_at`: a paper sign-up sheet typed in later, the moment it was signed
    (`core.backdate`); the window is judged at that moment. None: now."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk, org=activity.org)
    now = stated_time(signed_up_at, field="signed_up_at")
    if not activity.signup_required:
        raise ValidationError(_("This activity takes no sign-up: just come."))
    if activity.cancelled_at:
        raise ValidationError(_("This activity was cancelled."))
    if activity.signup_opens_at and now < activity.signup_opens_at:
        raise ValidationError(
            _("Sign-up opens at %(when)s.")
            % {"when": timezone.localtime(activity.signup_opens_at).strftime("%Y-%m-%d %H:%M")}
        )
    closes = activity.signup_closes_at
    if (closes and now > closes) or timezone.localdate(now) > activity.ends_on:
        when = closes or activity.ends_on
        shown = (
            timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
            if isinstance(when, dt.datetime)
            else when.isoformat()
        )
        raise ValidationError(_("Sign-up closed at %(when)s.") % {"when": shown})
    if member.org_id != activity.org_id:
        raise ValidationError(_("This member is not on this organisation's register."))
    if not member_in_target(activity, member):
        raise ValidationError(
            _("This activity is for %(group)s; %(name)s is not one of them.")
            % {"group": activity.get_target_display(), "name": member.name}
        )
    if (
        SignUp.objects.filter(activity=activity, member=member)
        .exclude(status=SignUp.Status.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(_("%(name)s has signed up already.") % {"name": member.name})
    checked = _check_answers(activity, answers)
    taken = SignUp.objects.filter(activity=activity, status=SignUp.Status.SIGNED_UP).count()
    full = activity.capacity is not None and taken >= activity.capacity
    signup = SignUp.objects.create(
        org_id=activity.org_id,
        activity=activity,
        member=member,
        status=SignUp.Status.WAITING if full else SignUp.Status.SIGNED_UP,
        answers=checked,
        signed_up_at=now,
        entered_by=actor,
    )
    return signup


@transaction.atomic
def signup_withdraw(*, signup: SignUp, actor) -> SignUp | None:
    """Withdraw a sign-up (kept, marked withdrawn). A place it frees goes to the first on the
    waiting list, who is returned (None when nobody moved up). The sign-ups of a cancelled
    activity stay as they were when it was called off (nobody moves up to a place in it)."""
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    _refuse_if_cancelled(activity)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk, org_id=activity.org_id)
    if signup.status == SignUp.Status.WITHDRAWN:
        raise ValidationError(_("This sign-up was withdrawn already."))
    freed = signup.status == SignUp.Status.SIGNED_UP
    signup.status = SignUp.Status.WITHDRAWN
    signup.withdrawn_at = timezone.now()
    signup.save(update_fields=["status", "withdrawn_at"])
    if not freed:
        return None
    taken = SignUp.objects.filter(activity=activity, status=SignUp.Status.SIGNED_UP).count()
    if activity.capacity is not None and taken >= activity.capacity:
        return None
    first = (
        SignUp.objects.select_for_update()
        .filter(activity=activity, status=SignUp.Status.WAITING)
        .order_by("signed_up_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = SignUp.Status.SIGNED_UP
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at"])
    return first


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


# Costs ----------------------------------------------------------------------------------------


@transaction.atomic
def activity_cost_post(
    *, activity: Activity, actor, kind: str, amount: Decimal, date: dt.date, memo: str = ""
) -> LedgerEntry:
    """Post a cost (prizes, hire, transport …) to the funds ledger under the activity's budget
    line. The organisation's budget policy applies: a refusal is a ValidationError from
    `ledger_post`, naming the budget and the overrun."""
    if kind not in COST_KINDS:
        raise ValidationError({"kind": _("Choose what the cost is for.")})
    amount = validate_amount(amount)
    text = _("%(kind)s: %(title)s") % {"kind": COST_KINDS[kind], "title": activity.title}
    if memo.strip():
        text = f"{text} · {memo.strip()}"
    return ledger_post(
        org=activity.org,
        actor=actor,
        category=activity.budget_category,
        amount=amount,
        date=date,
        memo=text,
        source=activity,
    )


# Clubs ----------------------------------------------------------------------------------------

CLUB_FIELDS = ("name", "statute", "founded_on", "annual_subsidy", "closed_on")


def _check_club(club: Club) -> None:
    club.name = (club.name or "").strip()
    if not club.name:
        raise ValidationError({"name": _("Give the club a name.")})
    if Club.objects.filter(org=club.org, name=club.name).exclude(pk=club.pk).exists():
        raise ValidationError(
            {"name": _("There is a club named “%(name)s” already.") % {"name": club.name}}
        )
    if club.annual_subsidy is not None:
        club.annual_subsidy = validate_amount(club.annual_subsidy)


@transaction.atomic
def club_create(
    *,
    org,
    actor,
    name: str,
    statute: str = "",
    founded_on: dt.date | None = None,
    annual_subsidy: Decimal | None = None,
) -> Club:
    club = Club(
        org=org, name=name, statute=statute, founded_on=founded_on, annual_subsidy=annual_subsidy
    )
    _check_club(club)
    club.save()
    audit.record(
        org=org, actor=actor, subject=club, action=AuditEntry.Action.CREATE, summary=club.name
    )
    return club


@transaction.atomic
def club_update(*, club: Club, actor, **changes) -> Club:
    unknown = set(changes) - set(CLUB_FIELDS)
    if unknown:
        raise TypeError(f"club_update: unknown fields {sorted(unknown)}")
    locked = Club.objects.select_for_update().get(pk=club.pk, org=club.org)
    audit.audited_update(
        locked,
        org=locked.org,
        actor=actor,
        fields=CLUB_FIELDS,
        changes=changes,
        check=_check_club,
    )
    return locked


@transaction.atomic
def club_member_add(
    *,
    club: Club,
    member: Member,
    actor,
    joined_on: dt.date | None = None,
    role: str = ClubMembership.Role.MEMBER,
) -> ClubMembership:
    """Add a member of the register to a club from `joined_on` (today unless given)."""
    if member.org_id != club.org_id:
        raise ValidationError({"member": _("This member is not on this organisation's register.")})
    joined_on = stated_date(joined_on, field="joined_on")
    if ClubMembership.objects.filter(club=club, member=member, left_on__isnull=True).exists():
        raise ValidationError(
            {"member": _("%(name)s is in %(club)s already.") % {"name": member.name, "club": club}}
        )
    if role not in ClubMembership.Role.values:
        raise ValidationError({"role": _("Choose the member's role in the club.")})
    membership = ClubMembership.objects.create(
        org_id=club.org_id, club=club, member=member, role=role, joined_on=joined_on
    )
    audit.record(
        org=club.org,
        actor=actor,
        subject=club,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("%(name)s joined the club"), name=member.name),
    )
    return membership


@transaction.atomic
def club_member_leave(
    *, membership: ClubMembership, actor, left_on: dt.date | None = None
) -> ClubMembership:
    """A member leaves a club (the membership is kept, with the day they left)."""
    membership = ClubMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on:
        raise ValidationError(_("%(name)s has left already.") % {"name": membership.member.name})
    left_on = stated_date(left_on, field="left_on")
    if left_on < membership.joined_on:
        raise ValidationError(
            {
                "left_on": _("%(date)s is before the day they joined (%(joined)s).")
                % {
                    "date": left_on.isoformat(),
                    "joined": membership.joined_on.isoformat(),
                }
            }
        )
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit.record(
        org=membership.club.org,
        actor=actor,
        subject=membership.club,
        action=AuditEntry.Action.UPDATE,
        summary=Msg(gettext_noop("%(name)s left the club"), name=membership.member.name),
    )
    return membership


@transaction.atomic
def club_subsidy_pay(
    *, club: Club, actor, amount: Decimal, date: dt.date, memo: str = ""
) -> LedgerEntry:
    """Pay the club its subsidy from union funds: an expense under staff activities, through
    `ledger_post` (the budget policy applies)."""
    amount = validate_amount(amount)
    text = _("Club subsidy: %(club)s") % {"club": club.name}
    if memo.strip():
        text = f"{text} · {memo.strip()}"
    return ledger_post(
        org=club.org,
        actor=actor,
        category=Category.ACTIVITIES,
        amount=amount,
        date=date,
        memo=text,
        source=club,
    )
