"""Writes of an activity itself: the kinds an organisation starts with, creating, editing and
cancelling an activity, and adding its sessions."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from unionhall.activities.models import Activity, ActivityKind, Attendance, Club, Session, Target
from unionhall.activities.selectors import signups_to_tell
from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.funds.models import Category
from unionhall.members.models import Member
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
    "audience_members",
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
    if activity.target == Target.LIST:
        listed = _listed_ids(activity.audience_members)
        known = set(Member.objects.filter(org=org, pk__in=listed).values_list("pk", flat=True))
        if not listed:
            errors["audience_members"] = _("Choose the members the activity is for.")
        elif set(listed) - known:
            errors["audience_members"] = _(
                "A member listed is not on this organisation's register."
            )
        activity.audience_members = listed
    else:
        activity.audience_members = []
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


def _listed_ids(members: Any) -> list[int]:
    """The ids of the members chosen for a LIST activity (members or their ids), each once,
    in order (so that the history shows a change of the list, not of its order)."""
    ids = []
    for member in members or []:
        pk = getattr(member, "pk", member)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            raise ValidationError(
                {"audience_members": _("A member listed is not on this organisation's register.")}
            ) from None
    return sorted(set(ids))


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
    audience_members: Iterable = (),
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
      DEPARTMENT / CLUB; `audience_members` (members or their ids) the members of a LIST.
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
        audience_members=list(audience_members or ()),
        budget_category=budget_category,
        recurring=recurring,
        signup_required=signup_required,
        signup_opens_at=signup_opens_at,
        signup_closes_at=signup_closes_at,
        capacity=capacity,
        signup_fields=signup_fields or [],
        created_by=actor,
    )
    _check_activity(activity)  # before the summary, which reads the first day
    audit.audited_create(
        activity,
        org=org,
        actor=actor,
        summary=Msg(
            gettext_noop("%(title)s, %(start)s"),
            title=activity.title,
            start=activity.starts_on.isoformat(),
        ),
    )
    days = sorted(set(session_dates)) if recurring else _session_days(activity)
    for day in days:
        _session_create(activity=activity, date=day)
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
    audit.audited_update(
        activity,
        org=activity.org,
        actor=actor,
        fields=("cancel_reason",),
        changes={
            "cancelled_at": timezone.now(),
            "cancelled_by": actor,
            "cancel_reason": reason[:200],
        },
        summary=Msg(gettext_noop("Cancelled: %(reason)s"), reason=reason[:200]),
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
