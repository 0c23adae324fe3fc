"""The care reminders digest (关怀提醒): what the welfare officer should do in the coming days.

Used by the dashboard and by the `care_digest` command, so both say the same thing.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from unionhall.care import calendar
from unionhall.care.models import CareRecipient, CareVisit, Festival, Kind
from unionhall.core import workdays
from unionhall.core.text import join_list
from unionhall.members.models import Member, Status

# How long after an illness visit with no discharge date we still count the member in hospital.
HOSPITAL_WINDOW_DAYS = 90
FESTIVAL_LOOKAHEAD_DAYS = 30


@dataclass
class Birthday:
    member: Member
    day: dt.date
    lunar: bool
    age: int


@dataclass
class FestivalReminder:
    festival: str
    day: dt.date
    visit_by: dt.date
    official_data: bool
    members: list[Member] = field(default_factory=list)
    visited: set[int] = field(default_factory=set)

    @property
    def label(self) -> str:
        return str(Festival(self.festival).label)

    @property
    def not_visited(self) -> list[Member]:
        return [m for m in self.members if m.pk not in self.visited]


@dataclass
class Digest:
    today: dt.date
    days: int
    birthdays: list[Birthday]
    festivals: list[FestivalReminder]
    hardship_unvisited: list[Member]
    in_hospital: list[CareVisit]


def concerned(festival: str, members: list[Member]) -> list[Member]:
    """Who a festival's visits are for: retirees at Double Ninth, women at Women's Day,
    staff in service at Teachers' Day, Dragon Boat and Mid-Autumn, everyone at Spring Festival."""
    if festival == Festival.DOUBLE_NINTH:
        return [m for m in members if m.status == Status.RETIRED]
    if festival == Festival.WOMEN:
        return [m for m in members if m.gender == "F"]
    if festival == Festival.SPRING:
        return list(members)
    return [m for m in members if m.status == Status.ACTIVE]


def upcoming_birthdays(members: list[Member], *, today: dt.date, days: int) -> list[Birthday]:
    found = []
    for member in members:
        if member.birth_date is None:
            continue
        day = calendar.next_birthday(member.birth_date, lunar=member.lunar_birthday, today=today)
        if day <= today + dt.timedelta(days=days):
            age = day.year - member.birth_date.year
            found.append(Birthday(member, day, member.lunar_birthday, age))
    return sorted(found, key=lambda b: (b.day, b.member.name_pinyin))


def digest(*, org, today: dt.date, days: int = 14, sensitive: bool = True) -> Digest:
    """Everything due in the next `days` days (festivals: the next 30 days at least).

    A fixed number of queries whatever the number of members. `sensitive=False` leaves out
    hardship members, for readers who may not see hardship status.
    """
    members = list(
        Member.objects.filter(org=org, status__in=[Status.ACTIVE, Status.RETIRED]).select_related(
            "department"
        )
    )
    festival_end = today + dt.timedelta(days=max(days, FESTIVAL_LOOKAHEAD_DAYS))
    festivals = []
    upcoming = calendar.festivals_between(today, festival_end)
    if upcoming:
        visited_rows = CareRecipient.objects.filter(
            org=org,
            visit__kind=Kind.FESTIVAL,
            visit__festival__in=[f for f, _d in upcoming],
            visit__date__gte=min(d for _f, d in upcoming) - dt.timedelta(days=45),
            visit__cancelled_at__isnull=True,
        ).values_list("visit__festival", "member_id")
        visited: dict[str, set[int]] = {}
        for name, member_id in visited_rows:
            visited.setdefault(name, set()).add(member_id)
        for name, day in upcoming:
            festivals.append(
                FestivalReminder(
                    festival=name,
                    day=day,
                    visit_by=workdays.last_workday_before(day),
                    official_data=workdays.has_official_data(day.year),
                    members=concerned(name, members),
                    visited=visited.get(name, set()),
                )
            )
    hardship_unvisited: list[Member] = []
    if sensitive:
        visited_this_year = set(
            CareRecipient.objects.filter(
                org=org,
                visit__kind=Kind.HARDSHIP,
                visit__date__year=today.year,
                visit__cancelled_at__isnull=True,
            ).values_list("member_id", flat=True)
        )
        hardship_unvisited = [m for m in members if m.hardship and m.pk not in visited_this_year]
    in_hospital = list(
        CareVisit.objects.filter(
            org=org,
            kind=Kind.ILLNESS,
            discharged_on__isnull=True,
            cancelled_at__isnull=True,
            date__gte=today - dt.timedelta(days=HOSPITAL_WINDOW_DAYS),
            date__lte=today,
        )
        .filter(~Q(illness=""))
        .prefetch_related("members")
        .order_by("date")
    )
    return Digest(
        today=today,
        days=days,
        birthdays=upcoming_birthdays(members, today=today, days=days),
        festivals=festivals,
        hardship_unvisited=hardship_unvisited,
        in_hospital=in_hospital,
    )


def digest_text(d: Digest) -> str:
    """The digest as plain text, for the command (and later for e-mail or messages)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    title = _("Care reminders for %(date)s (next %(days)d days)")
    lines = [title % {"date": d.today, "days": d.days}]
    lines.append("")
    lines.append(_("Birthdays: %(n)d") % {"n": len(d.birthdays)})
    for b in d.birthdays:
        if b.lunar:
            birthday = _("%(day)s (lunar) %(name)s · %(department)s")
        else:
            birthday = _("%(day)s %(name)s · %(department)s")
        member = b.member
        shown = {"day": f"{b.day:%m-%d}", "name": member.name, "department": member.department.name}
        lines.append("  " + birthday % shown)
    lines.append("")
    lines.append(_("Festivals: %(n)d") % {"n": len(d.festivals)})
    for f in d.festivals:
        festival = ngettext(
            "%(festival)s on %(day)s, visit by %(by)s: %(n)d member, %(left)d not yet visited",
            "%(festival)s on %(day)s, visit by %(by)s: %(n)d members, %(left)d not yet visited",
            len(f.members),
        )
        shown = {
            "festival": f.label,
            "day": f.day,
            "by": f.visit_by,
            "n": len(f.members),
            "left": len(f.not_visited),
        }
        lines.append("  " + festival % shown)
        if not f.official_data:
            lines.append("    " + _("(official holidays not yet published for this year)"))
    lines.append("")
    hardship = _("Hardship members not yet visited this year: %(n)d")
    lines.append(hardship % {"n": len(d.hardship_unvisited)})
    for m in d.hardship_unvisited:
        lines.append(f"  {m.name} · {m.department.name}")
    lines.append("")
    lines.append(_("In hospital: %(n)d") % {"n": len(d.in_hospital)})
    for v in d.in_hospital:
        names = join_list(m.name for m in v.members.all())
        lines.append(
            "  "
            + _("%(names)s since %(date)s (%(illness)s)")
            % {"names": names, "date": v.date, "illness": v.illness}
        )
    return "\n".join(lines)
