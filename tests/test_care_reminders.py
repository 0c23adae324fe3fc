"""The care reminders digest: dashboard and the care_digest command say the same thing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import MemberFactory
from tests.factories_care import record
from tests.personas import welfare_of
from unionhall.care.models import Festival
from unionhall.care.reminders import digest

pytestmark = pytest.mark.usefixtures("english")

# 2025-10-15: Double Ninth falls on 2025-10-29.
TODAY = dt.date(2025, 10, 15)


def test_birthdays_solar_and_lunar_in_the_next_days(school):
    solar = MemberFactory(org=school, birth_date=dt.date(1985, 10, 20))
    # Born 1970-10-01, the 2nd day of the 9th lunar month, which in 2025 is 2025-10-22.
    lunar = MemberFactory(org=school, birth_date=dt.date(1970, 10, 1), lunar_birthday=True)
    solar_only = MemberFactory(org=school, birth_date=dt.date(1970, 10, 1))  # passed already
    MemberFactory(org=school, birth_date=dt.date(1990, 12, 1))
    found = digest(org=school, today=TODAY, days=7).birthdays
    assert [(b.member, b.day) for b in found] == [
        (solar, dt.date(2025, 10, 20)),
        (lunar, dt.date(2025, 10, 22)),
    ]
    assert solar_only not in [b.member for b in found]
    assert found[1].lunar


def test_double_ninth_concerns_the_retirees_not_yet_visited(school):
    retirees = MemberFactory.create_batch(3, org=school, status="retired")
    MemberFactory(org=school)
    officer = welfare_of(school)
    record(
        school,
        officer,
        [retirees[0]],
        kind="festival",
        festival="double_ninth",
        date=dt.date(2025, 10, 10),
    )
    festivals = digest(org=school, today=TODAY, days=14).festivals
    (double_ninth,) = [f for f in festivals if f.festival == Festival.DOUBLE_NINTH]
    assert double_ninth.day == dt.date(2025, 10, 29)
    assert set(double_ninth.members) == set(retirees)
    assert set(double_ninth.not_visited) == set(retirees[1:])


def test_womens_day_concerns_the_women_and_spring_festival_everyone(school):
    women = MemberFactory.create_batch(2, org=school, gender="F")
    men = MemberFactory.create_batch(2, org=school, gender="M")
    MemberFactory(org=school, gender="F", status="transferred")
    festivals = digest(org=school, today=dt.date(2026, 2, 10), days=30).festivals
    by_name = {f.festival: f for f in festivals}
    assert set(by_name[Festival.SPRING].members) == set(women + men)
    assert set(by_name[Festival.WOMEN].members) == set(women)


def test_hardship_members_not_visited_this_year(school):
    visited = MemberFactory(org=school, hardship="ordinary")
    waiting = MemberFactory(org=school, hardship="severe")
    MemberFactory(org=school)
    record(school, welfare_of(school), [visited], kind="hardship", date=timezone.localdate())
    found = digest(org=school, today=timezone.localdate()).hardship_unvisited
    assert found == [waiting]
    assert digest(org=school, today=timezone.localdate(), sensitive=False).hardship_unvisited == []


def test_members_in_hospital_until_discharged(school):
    from unionhall.care.services import care_visit_discharge

    officer = welfare_of(school)
    ill = MemberFactory(org=school)
    visit, _w = record(school, officer, [ill], kind="illness", illness="阑尾炎手术")
    assert [v.pk for v in digest(org=school, today=timezone.localdate()).in_hospital] == [visit.pk]
    care_visit_discharge(visit=visit, actor=officer, discharged_on=timezone.localdate())
    assert digest(org=school, today=timezone.localdate()).in_hospital == []


def test_the_digest_query_count_does_not_grow_with_members(school, django_assert_num_queries):
    MemberFactory.create_batch(5, org=school, status="retired", hardship="ordinary")
    # members, festival visits, hardship visits, hospital visits
    with django_assert_num_queries(4):
        digest(org=school, today=TODAY, days=30)
    MemberFactory.create_batch(10, org=school, birth_date=dt.date(1980, 10, 20))
    with django_assert_num_queries(4):
        digest(org=school, today=TODAY, days=30)


def test_the_command_prints_the_digest(school, other_school):
    MemberFactory(org=school, name="王秀英", birth_date=dt.date(1985, 10, 20))
    MemberFactory(org=school, status="retired")
    out = StringIO()
    call_command("care_digest", org=school.code, date="2025-10-15", days=7, stdout=out)
    text = out.getvalue()
    assert school.name in text
    assert other_school.name not in text
    assert "王秀英" in text
    assert "10-20" in text
    assert "Double Ninth" in text or "重阳" in text


def test_the_command_works_in_a_year_without_official_holidays(school):
    MemberFactory(org=school, status="retired")
    out = StringIO()
    call_command("care_digest", date="2031-10-10", stdout=out)
    assert "2031-10-24" in out.getvalue()


def test_the_command_refuses_an_unknown_school_or_date(school):
    with pytest.raises(CommandError):
        call_command("care_digest", org="nope", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("care_digest", date="2025-13-01", stdout=StringIO())
