"""The summary's activities and women staff sections: activities named with their dates and
participation, 场次 and 人次, the 三八 activity against the women staff; nothing recorded is
said in words."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity, women_of
from tests.personas import chair_of
from unionhall.activities import services
from unionhall.activities.models import Target

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(dt.date(2026, 9, 10)), tick=False),
]
PAGE = "/o/{code}/reports/summary/"


def _sections(html: str) -> dict[str, str]:
    found = re.findall(r'<section class="mb-4" id="section-(\w+)">(.*?)</section>', html, re.S)
    return {key: re.sub(r"<[^>]+>", "", body) for key, body in found}


def _summary(client, school) -> dict[str, str]:
    client.force_login(chair_of(school))
    html = client.get(PAGE.format(code=school.code), {"period": "2025-2026"}).content.decode()
    return _sections(html)


def test_an_empty_year_says_nothing_was_recorded(client, school):
    sections = _summary(client, school)
    assert "No culture or sports activities were recorded in this period." in sections["activities"]
    assert "No activities for women staff were recorded in this period." in sections["women"]


def test_the_sections_name_the_activities_and_their_participation(client, school):
    women = [MemberFactory(org=school, gender="F") for _ in range(4)]
    men = [MemberFactory(org=school, gender="M") for _ in range(2)]
    sports = activity(school, starts_on=dt.date(2025, 10, 24), title="秋季教职工趣味运动会")
    for member in [*women, *men[:1]]:
        services.checkin(session=sports.sessions.get(), member=member, actor=sports.organiser)
    salon = activity(
        school,
        organiser=women_of(school),
        code="womens_day",
        title="三八节插花沙龙",
        starts_on=dt.date(2026, 3, 6),
        target=Target.WOMEN,
    )
    for member in women[:3]:
        services.checkin(session=salon.sessions.get(), member=member, actor=salon.organiser)
    services.activity_cost_post(
        activity=sports,
        actor=sports.organiser,
        kind="prize",
        amount=Decimal("600"),
        date=dt.date(2025, 10, 24),
    )
    sections = _summary(client, school)
    text = " ".join(sections["activities"].split())
    assert "held 2 activities for its members in the period, in 2 sessions, with 8 " in text
    # The activities are named in a table, each with its participation (not a run-on list).
    assert "Activities held and their participation" in text
    # Its date written out: a narrow column of the printed summary would break "2025-10- / 24".
    assert "秋季教职工趣味运动会, Oct. 24, 2025" in text
    assert "5 of all members in service, 6 people (83.3%)" in text
    assert "Spent on activities and club subsidies: 600.00 yuan." in text
    women_text = " ".join(sections["women"].split())
    assert "三八节插花沙龙, 2026-03-06 (3 of the women staff, 4 people (75.0%))" in women_text
    assert "Of the 4 women staff in service at the end of the period, 3 took part" in women_text
