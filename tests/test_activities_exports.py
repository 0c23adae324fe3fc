"""The activities' Excel exports, opened back with openpyxl: the list as filtered with each
activity's participation, for anyone who sees the list; an activity's sign-ups, for its
organisers only."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity, culture_of
from tests.personas import member_of
from unionhall.activities import services

DAY = dt.date(2025, 10, 15)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(morning_of(DAY), tick=False)]


def _rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_activities_export_lists_what_the_page_lists_with_participation(
    client, school, django_assert_num_queries
):
    organiser = culture_of(school)
    came = [MemberFactory(org=school) for _n in range(3)][:2]
    games = activity(school, organiser=organiser, title="秋季运动会", starts_on=DAY)
    for member in came:
        services.checkin(session=games.sessions.get(), member=member, actor=organiser)
    for n in range(5):
        activity(school, organiser=organiser, title=f"读书会{n}", starts_on=DAY)
    activity(school, organiser=organiser, title="春游", starts_on=dt.date(2025, 4, 10))
    client.force_login(member_of(school))
    page = client.get(f"/o/{school.code}/activities/?term=2025").content.decode()
    assert f'href="/o/{school.code}/activities/export.xlsx?term=2025"' in page
    with django_assert_num_queries(6):
        response = client.get(f"/o/{school.code}/activities/export.xlsx?term=2025")
    rows = _rows(response)
    assert rows[0][0] == "标题" and rows[0][10:12] == ("参加人数", "参与情况")
    titles = [row[0] for row in rows[1:]]
    assert "春游" not in titles and len(titles) == 6
    games_row = next(row for row in rows[1:] if row[0] == "秋季运动会")
    in_group = games_row[7]
    assert games_row[10] == 2 and games_row[11] == f"{200 / in_group:.1f}%"
    assert games_row[13] == games.pk


def test_the_sign_ups_export_is_for_the_organisers_only(client, school):
    act = activity(school, signup_required=True, capacity=1, starts_on=dt.date(2025, 10, 20))
    first = MemberFactory(org=school, name="甲老师")
    second = MemberFactory(org=school, name="乙老师")
    services.signup_create(activity=act, member=first, actor=act.organiser)
    services.signup_create(activity=act, member=second, actor=act.organiser)
    url = f"/o/{school.code}/activities/{act.pk}/signups.xlsx"
    client.force_login(act.organiser)
    assert url in client.get(f"/o/{school.code}/activities/{act.pk}/").content.decode()
    rows = _rows(client.get(url))
    assert rows[0][:3] == ("会员", "部门", "状态")
    assert [row[0] for row in rows[1:]] == ["甲老师", "乙老师"]
    assert rows[2][2] != rows[1][2]  # the second waits: capacity 1
    client.force_login(member_of(school))
    assert client.get(url).status_code == 403
    assert url not in client.get(f"/o/{school.code}/activities/{act.pk}/").content.decode()
