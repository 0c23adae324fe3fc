"""Helpers for the district tests: a district with a few schools, each with members, care and
a chair."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tests.factories import DepartmentFactory, DistrictFactory, MemberFactory, SchoolFactory
from tests.factories_care import record
from tests.personas import chair_of, district_admin_of
from unionhall.orgs.models import Organisation, User


@dataclass
class District:
    district: Organisation
    admin: User
    schools: list[Organisation]
    chairs: list[User]


def make_district(*, schools: int = 3, members=(4, 6, 3), visits=(2, 0, 1)) -> District:
    """A district whose school n has members[n] members (two-thirds women, rounded down) and
    visits[n] care visits of 200 yuan to one member each, this year."""
    district = DistrictFactory()
    admin = district_admin_of(district)
    made, chairs = [], []
    for n in range(schools):
        school = SchoolFactory(parent=district)
        chair = chair_of(school)
        dept = DepartmentFactory(org=school)
        people = [
            MemberFactory(org=school, department=dept, gender="F" if i % 3 else "M")
            for i in range(members[n % len(members)])
        ]
        for _ in range(visits[n % len(visits)]):
            record(school, chair, members=people[:1], amount=Decimal("200.00"))
        made.append(school)
        chairs.append(chair)
    return District(district, admin, made, chairs)


def days_from(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)
