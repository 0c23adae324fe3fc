"""A believable honours register for the demo school: individuals and collectives, from school
level to city level, last year and this year up to today. Written for the demo; any likeness to
real people or awards is chance.

`seed_honours_demo(school, today=...)` records them through `honour_record`; it does nothing if
the school already has honours.
"""

import datetime as dt
import random

from unionhall.honours.models import Honour, Level, Rank
from unionhall.honours.services import honour_record
from unionhall.members.models import Member, Status
from unionhall.orgs.models import Department, RoleAssignment
from unionhall.orgs.roles import Role

DISTRICT_BUREAU = "申江区教育局"
DISTRICT_UNION = "申江区教育工会"
CITY_BUREAU = "申州市教育委员会"
CITY_UNION = "申州市教育工会"
STREET = "江湾街道办事处"

# (month, day, title, level, rank, body): one member each, in the order of the year.
INDIVIDUAL = (
    (1, 12, "区优秀班主任", Level.COUNTY, Rank.NONE, DISTRICT_BUREAU),
    (3, 6, "三八红旗手", Level.TOWN, Rank.NONE, STREET),
    (4, 20, "区中小学青年教师课堂教学评比", Level.COUNTY, Rank.FIRST, DISTRICT_BUREAU),
    (4, 20, "区中小学青年教师课堂教学评比", Level.COUNTY, Rank.THIRD, DISTRICT_BUREAU),
    (5, 28, "市优秀教育工会积极分子", Level.CITY, Rank.NONE, CITY_UNION),
    (6, 15, "区教职工硬笔书法比赛", Level.COUNTY, Rank.SECOND, DISTRICT_UNION),
    (9, 8, "市优秀教师", Level.CITY, Rank.NONE, CITY_BUREAU),
    (9, 8, "区师德标兵", Level.COUNTY, Rank.NONE, DISTRICT_BUREAU),
    (9, 8, "校级优秀班主任", Level.SCHOOL, Rank.NONE, ""),
    (11, 10, "市中小学信息化教学案例评选", Level.CITY, Rank.MERIT, CITY_BUREAU),
    (12, 5, "区教育科研论文评选", Level.COUNTY, Rank.SECOND, DISTRICT_BUREAU),
)
# (month, day, holder kind, holder, title, level, rank, body)
COLLECTIVE = (
    (4, 28, "union", "", "区模范教职工之家", Level.COUNTY, Rank.NONE, DISTRICT_UNION),
    (6, 20, "department", "语文组", "区优秀教研组", Level.COUNTY, Rank.NONE, DISTRICT_BUREAU),
    (10, 26, "team", "教工合唱队", "区教职工合唱比赛", Level.COUNTY, Rank.FIRST, DISTRICT_UNION),
    (12, 18, "department", "数学组", "市先进女职工集体", Level.CITY, Rank.NONE, CITY_UNION),
)


def seed_honours_demo(school, *, today: dt.date, seed: int = 9) -> list[Honour]:
    if Honour.objects.filter(org=school).exists():
        return []
    chair = (
        RoleAssignment.objects.filter(org=school, role=Role.CHAIR).select_related("user").first()
    )
    if chair is None:
        return []
    rng = random.Random(seed)
    teachers = list(
        Member.objects.filter(org=school, status=Status.ACTIVE, department__is_frontline=True)
        .select_related("department")
        .order_by("id")
    )
    if len(teachers) < 20:
        return []
    school_body = school.name
    recorded = []
    for year in (today.year - 1, today.year):
        chosen = rng.sample(teachers, len(INDIVIDUAL) + 8)
        for (month, day, title, level, rank, body), member in zip(INDIVIDUAL, chosen, strict=False):
            awarded = dt.date(year, month, day)
            if awarded > today:
                continue
            recorded.append(
                honour_record(
                    org=school,
                    actor=chair.user,
                    member=member,
                    title=title,
                    level=level,
                    rank=rank,
                    body=body or school_body,
                    awarded_on=awarded,
                )
            )
        singers = chosen[len(INDIVIDUAL) :]
        for month, day, kind, holder, title, level, rank, body in COLLECTIVE:
            awarded = dt.date(year, month, day)
            if awarded > today:
                continue
            holder_of: dict = {"union": True}
            if kind == "department":
                department = Department.objects.filter(org=school, name=holder).first()
                if department is None:
                    continue
                holder_of = {"department": department}
            elif kind == "team":
                holder_of = {"team_name": holder, "team_members": singers}
            recorded.append(
                honour_record(
                    org=school,
                    actor=chair.user,
                    title=title,
                    level=level,
                    rank=rank,
                    body=body,
                    awarded_on=awarded,
                    **holder_of,
                )
            )
    return recorded
