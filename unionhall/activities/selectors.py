"""Reads of activities and clubs, always scoped to one organisation; who an activity is for, on
its date, and how many of them took part."""

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
from unionhall.core.indicators import percent, shared
from unionhall.funds.models import LedgerEntry
from unionhall.members.models import Gender, Member, Status
from unionhall.members.selectors import status_on
from unionhall.orgs.models import Department


def on_register(rows: QuerySet[Member], day: dt.date) -> QuerySet[Member]:
    """Members who were on the register on `day` (joined by then, not yet gone)."""
    rows = rows.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))
    gone = Q(status__in=[Status.TRANSFERRED, Status.DECEASED])
    return rows.exclude(gone & (Q(left_on__isnull=True) | Q(left_on__lt=day)))


def in_service_on(rows: QuerySet[Member], day: dt.date) -> QuerySet[Member]:
    """In service on `day`, judged as members.selectors.status_on judges one member."""
    rows = on_register(rows, day)
    return rows.exclude(Q(retired_on__lte=day) | Q(status=Status.RETIRED, retired_on__isnull=True))


def retired_on_day(rows: QuerySet[Member], day: dt.date) -> QuerySet[Member]:
    rows = on_register(rows, day)
    return rows.filter(Q(retired_on__lte=day) | Q(status=Status.RETIRED, retired_on__isnull=True))


def target_members(activity: Activity, day: dt.date | None = None) -> QuerySet[Member]:
    """The members an activity is for, as they were on `day` (its first day unless given)."""
    day = day or activity.starts_on
    members = Member.objects.filter(org_id=activity.org_id)
    if activity.target == Target.WOMEN:
        rows = in_service_on(members.filter(gender=Gender.FEMALE), day)
    elif activity.target == Target.TEACHERS:
        rows = in_service_on(members.filter(department__is_frontline=True), day)
    elif activity.target == Target.LIST:
        rows = on_register(members.filter(pk__in=activity.audience_members or []), day)
    elif activity.target == Target.DEPARTMENT:
        rows = in_service_on(members.filter(department_id=activity.target_department_id), day)
    elif activity.target == Target.RETIREES:
        rows = retired_on_day(members, day)
    elif activity.target == Target.CLUB:
        rows = on_register(
            members.filter(
                Q(club_memberships__club_id=activity.target_club_id)
                & Q(club_memberships__joined_on__lte=day)
                & (Q(club_memberships__left_on__isnull=True) | Q(club_memberships__left_on__gt=day))
            ),
            day,
        ).distinct()
    else:
        rows = in_service_on(members, day)
    return rows.order_by("name_pinyin", "id")


def grid_members(activity: Activity, day: dt.date) -> QuerySet[Member]:
    """The names of a session's attendance grid: the audience on `day`, with only what the
    grid shows and the save judges (name, department, the dates of their status)."""
    return (
        target_members(activity, day)
        .select_related("department")
        .only(
            "id",
            "org_id",
            "name",
            "name_pinyin",
            "status",
            "joined_on",
            "retired_on",
            "left_on",
            "department__id",
            "department__name",
        )
    )


def target_words(activity: Activity, people: int) -> str:
    """The denominator in words: "the women staff, 76 people"."""
    count = ngettext("%(count)d person", "%(count)d people", people) % {"count": people}
    if activity.target == Target.WOMEN:
        return _("the women staff, %(count)s") % {"count": count}
    if activity.target == Target.RETIREES:
        return _("the retired members, %(count)s") % {"count": count}
    if activity.target == Target.TEACHERS:
        return _("the teachers, %(count)s") % {"count": count}
    if activity.target == Target.LIST:
        return _("the members listed, %(count)s") % {"count": count}
    if activity.target == Target.DEPARTMENT:
        return _("the staff of %(department)s, %(count)s") % {
            "department": activity.target_department,
            "count": count,
        }
    if activity.target == Target.CLUB:
        return _("the members of %(club)s, %(count)s") % {
            "club": activity.target_club,
            "count": count,
        }
    return _("all members in service, %(count)s") % {"count": count}


@dataclass
class Participation:
    """Who of the audience took part, two ways a union states it:

    - at least once: the members of the audience (as it was on the activity's first day) who
      came to at least one session, against its size (`participants`, `denominator`, `rate`);
    - per session: each session held (one with attendance) expects each member of the
      audience as it was on its date (a member-day expected); those recorded there are the
      member-days present (`member_days_present`, `member_days_expected`, `session_rate`).
      Daily exercise everyone came to now and then reads 100% the first way, and 96% the
      second when 4 in 100 places stayed empty."""

    participants: int
    denominator: int
    rate: float | None
    words: str  # the denominator in words
    # The target group's members who came (`members`), made when first asked for: a summary
    # listing the activities never asks.
    came: Callable[[], QuerySet] = field(repr=False, compare=False)
    sessions: int = 0  # sessions held (with attendance)
    member_days_present: int = 0
    member_days_expected: int = 0

    @cached_property
    def members(self) -> QuerySet:
        return self.came()

    @property
    def session_rate(self) -> float | None:
        return percent(self.member_days_present, self.member_days_expected)

    @property
    def text(self) -> str:
        if self.rate is None:
            return _("nobody in the target group (%(group)s)") % {"group": self.words}
        if self.sessions > 1 and self.session_rate is not None:
            return _(
                "took part at least once: %(participants)d of %(group)s (%(rate)s%%); per "
                "session: %(session_rate)s%% of member-days (%(present)d present of "
                "%(expected)d expected over %(sessions)d sessions)"
            ) % {
                "participants": self.participants,
                "group": self.words,
                "rate": f"{self.rate:.1f}",
                "session_rate": f"{self.session_rate:.1f}",
                "present": self.member_days_present,
                "expected": self.member_days_expected,
                "sessions": self.sessions,
            }
        # One session: both ways give the same figure.
        return _("%(participants)d of %(group)s (%(rate)s%%)") % {
            "participants": self.participants,
            "group": self.words,
            "rate": f"{self.rate:.1f}",
        }


def participation(activity: Activity) -> Participation:
    """Participation against the audience: at least once (as it was on the activity's first
    day) and per session (as it was on each session's date)."""
    return _participations([activity])[activity.pk]


@dataclass
class _Groups:
    """What an audience is judged by besides the members' status: the targeted clubs'
    memberships {club id: {member id: [(joined, left)]}}, the front-line departments (their
    staff are the teachers) and each LIST activity's members."""

    clubs: dict = field(default_factory=dict)
    frontline: frozenset = frozenset()
    listed: dict = field(default_factory=dict)


class _Registered(NamedTuple):
    """A member as an audience judges them: who, where, and the dates of their status (what
    `status_on` reads)."""

    pk: int
    org_id: int
    gender: str
    department_id: int | None
    status: str
    joined_on: dt.date | None
    left_on: dt.date | None
    retired_on: dt.date | None


def _register(orgs) -> list[_Registered]:
    """The organisations' members, with what their audiences are judged by."""
    return [
        _Registered(*row)
        for row in Member.objects.filter(org_id__in=orgs).values_list(*_Registered._fields)
    ]


class _Epoch:
    """The members of one organisation by their status on the days between two changes of
    the register (`_changes`), judged as `target_members` judges them (`status_on`)."""

    def __init__(self, members: list[_Registered], day: dt.date):
        on_register, active, retired = set(), set(), set()
        for member in members:
            status = status_on(member, day)
            if status is None or status in (Status.TRANSFERRED, Status.DECEASED):
                continue  # not on the register that day
            on_register.add(member.pk)
            if status == Status.ACTIVE:
                active.add(member.pk)
            elif status == Status.RETIRED:
                retired.add(member.pk)
        self.on_register = frozenset(on_register)
        self.active = frozenset(active)
        self.retired = frozenset(retired)


class _Audiences:
    """Who each activity is for on a day, as `target_members` says. Who that is depends on the
    activity's organisation, whom it targets and the day, and the day only by the last change
    of the register before it (`_changes`): each member's status is judged once per
    organisation and change, and each audience once per target and change."""

    def __init__(self, members: list[_Registered], groups: _Groups):
        self.groups = groups
        self.changes = _changes(members, groups)
        self.register: dict[int, list[_Registered]] = {}
        self.women: dict[int, set[int]] = {}
        self.departments: dict[tuple[int, int | None], set[int]] = {}
        for member in members:
            self.register.setdefault(member.org_id, []).append(member)
            if member.gender == Gender.FEMALE:
                self.women.setdefault(member.org_id, set()).add(member.pk)
            self.departments.setdefault((member.org_id, member.department_id), set()).add(member.pk)
        self.teachers = {
            org: set().union(
                *(
                    pks
                    for (of, department), pks in self.departments.items()
                    if of == org and department in groups.frontline
                )
            )
            for org in self.register
        }
        self._epochs: dict[tuple[int, int], _Epoch] = {}
        self._found: dict[tuple, frozenset[int]] = {}

    def of(self, activity: Activity, day: dt.date) -> frozenset[int]:
        epoch = bisect.bisect_right(self.changes, day)
        key = (activity.org_id, *_audience_key(activity), epoch)
        if key not in self._found:
            self._found[key] = self._judge(activity, day, epoch)
        return self._found[key]

    def _judge(self, activity: Activity, day: dt.date, epoch: int) -> frozenset[int]:
        org = activity.org_id
        if (org, epoch) not in self._epochs:
            self._epochs[org, epoch] = _Epoch(self.register.get(org, []), day)
        members = self._epochs[org, epoch]
        if activity.target == Target.WOMEN:
            return members.active & self.women.get(org, set())
        if activity.target == Target.TEACHERS:
            return members.active & self.teachers.get(org, set())
        if activity.target == Target.LIST:
            return members.on_register & self.groups.listed.get(activity.pk, frozenset())
        if activity.target == Target.DEPARTMENT:
            return members.active & self.departments.get(
                (org, activity.target_department_id), set()
            )
        if activity.target == Target.RETIREES:
            return members.retired
        if activity.target == Target.CLUB:
            spans = self.groups.clubs.get(activity.target_club_id, {})
            in_club = {
                member
                for member, joined_left in spans.items()
                if any(
                    joined <= day and (left is None or left > day) for joined, left in joined_left
                )
            }
            return members.on_register & in_club
        return members.active


def _audience_key(activity: Activity) -> tuple:
    """What an audience reads of the activity: whom it targets, and which of them."""
    if activity.target == Target.LIST:
        return (Target.LIST, activity.pk)
    if activity.target == Target.DEPARTMENT:
        return (Target.DEPARTMENT, activity.target_department_id)
    if activity.target == Target.CLUB:
        return (Target.CLUB, activity.target_club_id)
    return (activity.target,)


def _came(activity: Activity) -> QuerySet[Member]:
    return target_members(activity).filter(
        pk__in=Attendance.objects.filter(activity=activity).values("member_id")
    )


def participations(activities: list[Activity]) -> dict[int, Participation]:
    """`participation(activity)` for each of `activities` (by id), in three queries whatever
    their number: the organisations' members, the targeted clubs' memberships, who came (and
    the front-line departments when an activity is for the teachers). Within a summary
    (`indicators.computed_together`) an activity's participation is worked out once, for the
    activities held and again for the women's ones among them."""
    known: dict[int, Participation] = shared(("activities.participations",), dict)
    missing = [a for a in activities if a.pk not in known]
    if missing:
        known.update(_participations(missing))
    return {a.pk: known[a.pk] for a in activities}


def _changes(members: list[_Registered], groups: _Groups) -> list[dt.date]:
    """The days on which an audience may judge somebody differently from the day before: a
    member joins the union, retires, is gone the day after leaving (`status_on`), joins or
    leaves a targeted club. Between two of them every day has the same audiences."""
    days = set()
    for member in members:
        days.update(day for day in (member.joined_on, member.retired_on) if day)
        if member.left_on:
            days.add(member.left_on + dt.timedelta(days=1))
    for memberships in groups.clubs.values():
        for spans in memberships.values():
            for joined, left in spans:
                days.update(day for day in (joined, left) if day)
    return sorted(days)


def _groups(activities: list[Activity], orgs) -> _Groups:
    groups = _Groups(
        listed={a.pk: frozenset(a.audience_members or ()) for a in activities},
    )
    targeted = {a.target_club_id for a in activities if a.target == Target.CLUB}
    if targeted:
        for club_id, member_id, *membership in ClubMembership.objects.filter(
            club_id__in=targeted
        ).values_list("club_id", "member_id", "joined_on", "left_on"):
            groups.clubs.setdefault(club_id, {}).setdefault(member_id, []).append(membership)
    if any(a.target == Target.TEACHERS for a in activities):
        groups.frontline = frozenset(
            Department.objects.filter(org_id__in=orgs, is_frontline=True).values_list(
                "pk", flat=True
            )
        )
    return groups


def _participations(activities: list[Activity]) -> dict[int, Participation]:
    orgs = frozenset(a.org_id for a in activities)
    audiences = _Audiences(_register(orgs), _groups(activities, orgs))
    # {activity: {session: (its date, who was recorded there)}}
    held: dict[int, dict[int, tuple[dt.date, set[int]]]] = {}
    for activity_id, session_id, date, member_id in Attendance.objects.filter(
        activity__in=[a.pk for a in activities]
    ).values_list("activity_id", "session_id", "session__date", "member_id"):
        held.setdefault(activity_id, {}).setdefault(session_id, (date, set()))[1].add(member_id)
    found = {}
    for activity in activities:
        group = audiences.of(activity, activity.starts_on)
        sessions = held.get(activity.pk, {})
        came = set().union(*(present for _day, present in sessions.values()))
        participants = len(group & came)
        present = expected = 0
        for day, there in sessions.values():
            on_the_day = group if day == activity.starts_on else audiences.of(activity, day)
            expected += len(on_the_day)
            present += len(on_the_day & there)
        found[activity.pk] = Participation(
            participants=participants,
            denominator=len(group),
            rate=percent(participants, len(group)),
            words=target_words(activity, len(group)),
            came=partial(_came, activity),
            sessions=len(sessions),
            member_days_present=present,
            member_days_expected=expected,
        )
    return found


def kinds(*, org) -> QuerySet[ActivityKind]:
    return ActivityKind.objects.filter(org=org)


def activity_list(*, org, kind: int | None = None, start=None, end=None) -> QuerySet[Activity]:
    rows = (
        Activity.objects.filter(org=org)
        .select_related("kind", "target_department", "target_club", "organiser")
        .annotate(
            session_count=Count("sessions", distinct=True),
            attendance_count=Count("attendances", distinct=True),
        )
    )
    if kind:
        rows = rows.filter(kind_id=kind)
    if start and end:
        rows = rows.filter(starts_on__lte=end, ends_on__gte=start)
    return rows.order_by("-starts_on", "-id")


def activity_get(*, org, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related(
            "kind", "target_department", "target_club", "organiser", "cancelled_by"
        ),
        org=org,
        pk=pk,
    )


def sessions_of(activity: Activity) -> QuerySet[Session]:
    return activity.sessions.annotate(present=Count("attendances")).order_by("date", "id")


def signups_of(activity: Activity) -> QuerySet[SignUp]:
    return activity.signups.select_related("member", "member__department").order_by(
        "signed_up_at", "id"
    )


def signups_to_tell(activity: Activity) -> QuerySet[SignUp]:
    """The sign-ups (places and waiting list, not those withdrawn) whose members are told when
    the activity is cancelled, with their members and logins."""
    return (
        activity.signups.exclude(status=SignUp.Status.WITHDRAWN)
        .select_related("member__user")
        .order_by("signed_up_at", "id")
    )


def signup_of(*, activity: Activity, member: Member) -> SignUp | None:
    return (
        SignUp.objects.filter(activity=activity, member=member)
        .exclude(status=SignUp.Status.WITHDRAWN)
        .first()
    )


def session_on(activity: Activity, day: dt.date) -> Session | None:
    return Session.objects.filter(activity=activity, date=day).first()


def attendance_by_member(session: Session) -> dict[int, Attendance]:
    """Who is recorded at a session (present or absent), by member id."""
    return {
        a.member_id: a for a in Attendance.objects.filter(session=session).select_related("member")
    }


def checkin_member(*, org, user) -> Member | None:
    """The member a login checks in as, with only the fields the check-in reads: the gate page
    answers a crowd."""
    return (
        Member.objects.filter(org=org, user=user)
        .only("id", "org_id", "name", "joined_on", "retired_on", "left_on", "status")
        .first()
    )


def _ledger_entries(*, org, model: str, source_id: int) -> list[LedgerEntry]:
    return list(
        LedgerEntry.objects.filter(
            org=org,
            source_type__app_label="activities",
            source_type__model=model,
            source_id=source_id,
        ).order_by("date", "id")
    )


def activity_costs(*, org, activity: Activity) -> list[LedgerEntry]:
    """The ledger entries an activity paid, by date."""
    return _ledger_entries(org=org, model="activity", source_id=activity.pk)


def club_subsidies(*, org, club: Club) -> list[LedgerEntry]:
    """The ledger entries that subsidised a club, by date."""
    return _ledger_entries(org=org, model="club", source_id=club.pk)


def my_activities(*, org, member: Member) -> QuerySet[Activity]:
    """The activities a member signed up for or attended, newest first."""
    return (
        Activity.objects.filter(org=org)
        .filter(
            Q(pk__in=SignUp.objects.filter(member=member).values("activity_id"))
            | Q(pk__in=Attendance.objects.filter(member=member).values("activity_id"))
        )
        .select_related("kind")
        .order_by("-starts_on", "-id")
    )


def open_for_signup(*, org, now) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(org=org, signup_required=True, cancelled_at__isnull=True)
        .filter(Q(signup_opens_at__isnull=True) | Q(signup_opens_at__lte=now))
        .filter(Q(signup_closes_at__isnull=True) | Q(signup_closes_at__gte=now))
        .filter(ends_on__gte=now.date())
        .select_related("kind")
        .order_by("starts_on", "id")
    )


def club_list(*, org) -> QuerySet[Club]:
    return (
        Club.objects.filter(org=org)
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__left_on__isnull=True), distinct=True
            )
        )
        .order_by("name")
    )


def club_get(*, org, pk: int) -> Club:
    return get_object_or_404(Club, org=org, pk=pk)


def club_memberships(club: Club, *, current: bool = True) -> QuerySet[ClubMembership]:
    rows = club.memberships.select_related("member", "member__department")
    if current:
        rows = rows.filter(left_on__isnull=True)
    return rows.order_by("role", "member__name_pinyin", "id")


def member_in_target(activity: Activity, member: Member, day: dt.date | None = None) -> bool:
    return target_members(activity, day).filter(pk=member.pk).exists()
