"""Indicators of activities and clubs: activities held (次), sessions (场次), person-attendances
(人次), participation against each activity's target group, clubs and their members, and what
activities cost (from the ledger entries posted for them).

An activity is "held" in a period when one of its sessions in the period has attendance; a
session counts (场次) once someone attended it. A cancelled activity counts in none of these
(cancelling is refused once it has attendance, so this only guards the record); what was spent
on it still counts in the spending, as the ledger does.
"""

from collections import Counter
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.activities.models import Activity, Attendance, Club, ClubMembership, Session, Target
from unionhall.activities.selectors import in_service_on, participations
from unionhall.core.indicators import (
    BREAKDOWN,
    COUNT,
    RATE,
    SUM,
    IndicatorValue,
    Period,
    count_of,
    indicator,
    rate_of,
    shared_rows,
)
from unionhall.core.money import quantize
from unionhall.funds.models import LedgerEntry
from unionhall.members.models import Gender, Member


def describe_activity(activity: Activity) -> str:
    if activity.ends_on != activity.starts_on:
        return _("%(title)s, %(start)s to %(end)s") % {
            "title": activity.title,
            "start": activity.starts_on.isoformat(),
            "end": activity.ends_on.isoformat(),
        }
    return _("%(title)s, %(date)s") % {
        "title": activity.title,
        "date": activity.starts_on.isoformat(),
    }


def describe_session(session: Session) -> str:
    return f"{session.date.isoformat()} {session.activity.title}"


def describe_attendance(attendance: Attendance) -> str:
    return (
        f"{attendance.session.date.isoformat()} {attendance.activity.title} · {attendance.member}"
    )


def describe_member(member: Member) -> str:
    return member.name


def describe_membership(membership: ClubMembership) -> str:
    return f"{membership.club.name} · {membership.member.name}"


def describe_entry(entry: LedgerEntry) -> str:
    return f"{entry.date.isoformat()} {entry.memo} {-entry.amount}"


def _held_sessions(org, period: Period):
    return Session.objects.filter(
        org=org,
        date__range=period.as_range(),
        activity__cancelled_at__isnull=True,
        pk__in=Attendance.objects.filter(org=org, session__date__range=period.as_range()).values(
            "session_id"
        ),
    )


def held_activities(org, period: Period):
    """Activities with an attended session in the period, in the order they started."""
    return (
        Activity.objects.filter(org=org, cancelled_at__isnull=True)
        .filter(pk__in=_held_sessions(org, period).values("activity_id"))
        .select_related("kind", "target_department", "target_club")
        .order_by("starts_on", "id")
    )


def women_activities(org, period: Period):
    """Activities held for women staff: the 三八 activity and any activity aimed at women."""
    return held_activities(org, period).filter(Q(kind__for_women=True) | Q(target=Target.WOMEN))


def _held(org, period: Period):
    """`held_activities`, read once per summary (`shared_rows`): the activities held, by kind,
    their participation, the low ones and the table of the summary count or list these rows."""
    key = ("activities.held", org.pk, period.start, period.end)
    return shared_rows(key, held_activities(org, period))


def _held_for_women(org, period: Period):
    """`women_activities`, read once per summary: counted, listed, and who came to them."""
    key = ("activities.for_women", org.pk, period.start, period.end)
    return shared_rows(key, women_activities(org, period))


@indicator(
    "activities.held",
    gettext_lazy("Activities held"),
    unit=gettext_lazy("activities"),
    describe=describe_activity,
    capability="activities.view",
    kind=COUNT,
)
def activities_held(org, period: Period) -> IndicatorValue:
    return count_of(_held(org, period))


@indicator(
    "activities.by_kind",
    gettext_lazy("Activities held by kind"),
    unit=gettext_lazy("activities"),
    describe=describe_activity,
    capability="activities.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def activities_by_kind(org, period: Period) -> IndicatorValue:
    """{kind's name: activities held (次)}, in the kinds' order."""
    held = _held(org, period)
    counted = Counter(activity.kind_id for activity in held)
    kinds = sorted(
        {activity.kind_id: activity.kind for activity in held}.values(),
        key=lambda kind: (kind.sort_order, kind.pk),
    )
    value, parts = {}, {}
    for kind in kinds:  # counted from the activities held; each kind's records read on demand
        parts[kind.name] = IndicatorValue(
            value=counted[kind.pk], records=held.filter(kind_id=kind.pk)
        )
        value[kind.name] = parts[kind.name].value
    return IndicatorValue(value=value or None, records=held, parts=parts)


@indicator(
    "activities.sessions",
    gettext_lazy("Sessions held (场次)"),
    unit=gettext_lazy("sessions"),
    describe=describe_session,
    capability="activities.view",
    kind=COUNT,
)
def activities_sessions(org, period: Period) -> IndicatorValue:
    return count_of(_held_sessions(org, period).select_related("activity").order_by("date", "id"))


def _attendances(org, period: Period):
    return (
        Attendance.objects.filter(
            org=org, session__date__range=period.as_range(), activity__cancelled_at__isnull=True
        )
        .select_related("session", "activity", "member")
        .order_by("session__date", "session_id", "id")
    )


@indicator(
    "activities.attendances",
    gettext_lazy("Person-attendances (人次)"),
    unit=gettext_lazy("person-attendances"),
    describe=describe_attendance,
    capability="activities.view",
    kind=COUNT,
)
def activities_attendances(org, period: Period) -> IndicatorValue:
    return count_of(_attendances(org, period))


def activity_key(activity: Activity) -> str:
    """An activity's name in a breakdown: its title and first day, unique in the organisation
    unless two share both (then its number is added)."""
    return f"{activity.title} {activity.starts_on.isoformat()}"


@indicator(
    "activities.participation",
    gettext_lazy("Participation by activity, against its target group"),
    unit=gettext_lazy("people"),
    describe=describe_member,
    capability="activities.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
    part_field="participants",
)
def activities_participation(org, period: Period) -> IndicatorValue:
    """{activity: {"participants", "denominator", "rate", "group" (the denominator in words),
    "member_days_present", "member_days_expected", "session_rate"}} for each activity held:
    took part at least once, and per session (`selectors.Participation`); each part's records
    are the members of its target group who came."""
    value, parts, everyone = {}, {}, []
    held = list(_held(org, period))
    shown_all = participations(held)
    for activity in held:
        shown = shown_all[activity.pk]
        key = activity_key(activity)
        if key in value:
            key = f"{key} #{activity.pk}"
        members = list(shown.members)
        value[key] = {
            "participants": len(members),
            "denominator": shown.denominator,
            "rate": shown.rate,
            "group": shown.words,
            "member_days_present": shown.member_days_present,
            "member_days_expected": shown.member_days_expected,
            "session_rate": shown.session_rate,
        }
        parts[key] = IndicatorValue(value=len(members), records=members)
        everyone += members
    return IndicatorValue(value=value or None, records=everyone, parts=parts)


def _clubs(org, period: Period):
    return (
        Club.objects.filter(org=org)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=period.end))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
        .filter(
            pk__in=ClubMembership.objects.filter(org=org, joined_on__lte=period.end).values(
                "club_id"
            )
        )
        .order_by("name", "id")
    )


def _clubs_shared(org, period: Period):
    """`_clubs`, read once per summary: counted, named, and each with its members."""
    return shared_rows(("activities.clubs", org.pk, period.start, period.end), _clubs(org, period))


@indicator(
    "activities.clubs",
    gettext_lazy("Clubs"),
    unit=gettext_lazy("clubs"),
    capability="activities.view",
    kind=COUNT,
)
def activities_clubs(org, period: Period) -> IndicatorValue:
    return count_of(_clubs_shared(org, period))


@indicator(
    "activities.club_members",
    gettext_lazy("Club members at the end of the period"),
    unit=gettext_lazy("people"),
    describe=describe_membership,
    capability="activities.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def activities_club_members(org, period: Period) -> IndicatorValue:
    """{club: its members at the end of the period}; a member of two clubs counts in each."""
    memberships = (
        ClubMembership.objects.filter(org=org, joined_on__lte=period.end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=period.end))
        .filter(club__in=_clubs(org, period))
        .select_related("club", "member")
        .order_by("club__name", "club_id", "member__name_pinyin", "id")
    )
    counts = dict(memberships.order_by().values_list("club_id").annotate(n=Count("id")))
    value, parts = {}, {}
    for club in _clubs_shared(org, period):
        n = counts.get(club.pk, 0)
        if n:
            value[club.name] = n
            parts[club.name] = IndicatorValue(value=n, records=memberships.filter(club=club))
    return IndicatorValue(value=value or None, records=memberships, parts=parts)


def _spending(org, period: Period):
    types = ContentType.objects.get_for_models(Activity, Club).values()
    return LedgerEntry.objects.filter(
        org=org, date__range=period.as_range(), source_type__in=list(types)
    ).order_by("date", "id")


def spent(entry: LedgerEntry) -> Decimal:
    return -entry.amount


@indicator(
    "activities.spending",
    gettext_lazy("Spending on activities and clubs"),
    unit=gettext_lazy("yuan"),
    describe=describe_entry,
    capability="funds.view",
    kind=SUM,
    summed=spent,
)
def activities_spending(org, period: Period) -> IndicatorValue:
    """What the ledger entries posted for activities (and club subsidies) spent, reversals
    deducted."""
    rows = _spending(org, period)
    total = sum((spent(entry) for entry in rows), Decimal("0"))
    return IndicatorValue(value=quantize(total) if rows.exists() else None, records=rows)


@indicator(
    "activities.for_women",
    gettext_lazy("Activities held for women staff"),
    unit=gettext_lazy("activities"),
    describe=describe_activity,
    capability="activities.view",
    kind=COUNT,
)
def activities_for_women(org, period: Period) -> IndicatorValue:
    return count_of(_held_for_women(org, period))


@indicator(
    "activities.women_participation",
    gettext_lazy("Women staff who took part in activities for women staff"),
    unit="%",
    describe=describe_member,
    capability="activities.view",
    kind=RATE,
    empty=gettext_lazy("no women staff on the register"),
)
def activities_women_participation(org, period: Period) -> IndicatorValue:
    """Of the women staff in service at the end of the period, those who attended an activity
    held for women staff in the period."""
    women = in_service_on(Member.objects.filter(org=org, gender=Gender.FEMALE), period.end)
    # Read in three plain queries (the activities, who came, the women), not as one count
    # nested four deep: PostgreSQL could plan that one so badly, before its tables were
    # analysed, that it ran for minutes.
    held = [activity.pk for activity in _held_for_women(org, period)]
    rows = women.order_by("name_pinyin", "id")
    ids = list(rows.values_list("pk", flat=True)) if held else []
    if not ids:
        return IndicatorValue(value=None, records=None)
    came = set(
        Attendance.objects.filter(
            org=org, session__date__range=period.as_range(), activity_id__in=held
        ).values_list("member_id", flat=True)
    )
    return rate_of(numerator=sum(1 for pk in ids if pk in came), denominator=len(ids), records=rows)


# Below this share of its target group, an activity's participation is low (存在的问题).
LOW_PARTICIPATION = 50


@indicator(
    "activities.low_participation",
    gettext_lazy("Activities with low participation (under half of their group)"),
    unit=gettext_lazy("activities"),
    describe=describe_activity,
    capability="activities.view",
    kind=COUNT,
)
def activities_low_participation(org, period: Period) -> IndicatorValue:
    held = list(_held(org, period))
    shown = participations(held)
    low = [a for a in held if shown[a.pk].rate is not None and shown[a.pk].rate < LOW_PARTICIPATION]
    return IndicatorValue(value=len(low) or None, records=low)
