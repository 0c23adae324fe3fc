"""The honours register's pages: the list with its filters, the year's counts by level and rank,
recording and correcting through the form, and each member's honours on their page."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from PIL import Image

from tests.factories import DepartmentFactory, MemberFactory
from tests.personas import chair_of, member_of, treasurer_of
from unionhall.honours.models import Honour, Level, Rank
from unionhall.honours.services import honour_record

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _honour(school, actor, **fields):
    values = {
        "title": "区优秀班主任",
        "level": Level.COUNTY,
        "rank": "",
        "body": "某区教育局",
        "awarded_on": dt.date(2025, 9, 10),
    }
    values.update(fields)
    return honour_record(org=school, actor=actor, **values)


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def test_the_register_filters_by_year_level_rank_and_holder(
    client, school, chair, django_assert_num_queries
):
    wang = MemberFactory(org=school, name="王丽")
    li = MemberFactory(org=school, name="李娜")
    for n in range(30):
        _honour(school, chair, member=wang if n % 2 else li, title=f"荣誉{n}")
    _honour(school, chair, member=wang, title="市教学能手", level=Level.CITY, rank=Rank.FIRST)
    _honour(school, chair, member=li, title="旧荣誉", awarded_on=dt.date(2023, 5, 1))
    url = f"/o/{school.code}/honours/"
    with django_assert_num_queries(6):
        page = client.get(url, {"year": 2025}).content.decode()
    assert "市教学能手" in page and "旧荣誉" not in page
    page = client.get(url, {"year": 2025, "level": Level.CITY}).content.decode()
    assert "市教学能手" in page and "荣誉1<" not in page
    page = client.get(url, {"year": "", "holder": "李娜"}).content.decode()
    assert "旧荣誉" in page and "市教学能手" not in page
    page = client.get(url, {"year": 2025, "rank": "first"}).content.decode()
    assert "市教学能手" in page and "荣誉2<" not in page


def _sent_by_the_form(**asked) -> dict:
    """What the register's search form sends: every field, blank where nothing is chosen."""
    return {"year": "", "level": "", "rank": "", "holder": "", **asked}


def test_all_ranks_is_every_rank_and_no_rank_is_asked_for_by_name(client, school, chair):
    """ "全部等次" sends rank= (blank), which once read as "no rank": a search for 丁宇 found
    none of his two ranked honours, and a level alone found only its unranked ones."""
    ding = MemberFactory(org=school, name="丁宇")
    _honour(school, chair, member=ding, title="区教学能手", rank=Rank.FIRST)
    _honour(school, chair, member=ding, title="区优秀教师", rank=Rank.SECOND)
    _honour(school, chair, member=MemberFactory(org=school), title="区优秀班主任")
    _honour(school, chair, member=ding, title="市骨干教师", level=Level.CITY)
    url = f"/o/{school.code}/honours/"
    page = client.get(url, _sent_by_the_form(holder="丁宇")).content.decode()
    assert "区教学能手" in page and "区优秀教师" in page and "市骨干教师" in page
    assert "3 项荣誉" in page
    page = client.get(url, _sent_by_the_form(level=Level.COUNTY)).content.decode()
    assert all(t in page for t in ("区教学能手", "区优秀教师", "区优秀班主任"))
    assert "市骨干教师" not in page
    page = client.get(url, _sent_by_the_form(rank="none")).content.decode()
    assert "区优秀班主任" in page and "区教学能手" not in page


def test_the_register_exports_what_is_searched_to_excel(client, school, chair):
    ding = MemberFactory(org=school, name="丁宇")
    _honour(school, chair, member=ding, title="区教学能手", rank=Rank.FIRST)
    _honour(school, chair, member=ding, title="市骨干教师", level=Level.CITY)
    _honour(school, chair, member=MemberFactory(org=school, name="王丽"), title="区优秀班主任")
    page = client.get(f"/o/{school.code}/honours/", _sent_by_the_form(holder="丁宇"))
    assert f'href="/o/{school.code}/honours/register.xlsx?' in page.content.decode()
    response = client.get(
        f"/o/{school.code}/honours/register.xlsx", _sent_by_the_form(holder="丁宇")
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("获奖时间", "获奖者", "荣誉称号", "级别", "等次", "颁奖单位")
    assert sorted(r[2] for r in rows[1:]) == ["区教学能手", "市骨干教师"]
    first = next(r for r in rows[1:] if r[2] == "区教学能手")
    assert first[1] == "丁宇" and first[4] == "一等奖" and first[5] == "某区教育局"
    assert first[0].date() == dt.date(2025, 9, 10)
    client.force_login(member_of(school))
    assert client.get(f"/o/{school.code}/honours/register.xlsx").status_code == 403


def test_the_counts_table_has_a_row_per_level_and_a_column_per_rank(
    client, school, chair, django_assert_num_queries
):
    member = MemberFactory(org=school)
    _honour(school, chair, member=member, level=Level.CITY, rank=Rank.FIRST)
    _honour(school, chair, member=member, level=Level.CITY, rank=Rank.SECOND)
    _honour(school, chair, member=member, level=Level.SCHOOL, rank=Rank.FIRST)
    _honour(school, chair, union=True, title="模范教工之家", level=Level.CITY)
    with django_assert_num_queries(5):
        response = client.get(f"/o/{school.code}/honours/counts/", {"year": 2025})
    table = response.context["table"]
    assert [row["level"] for row in table["rows"]] == [Level.CITY, Level.SCHOOL]
    assert table["rows"][0]["counts"] == [1, 1, 0, 0, 1] and table["rows"][0]["honours"] == 3
    assert table["honours"] == 4
    assert "市级" in response.content.decode()


def test_the_chair_records_a_collective_honour_with_evidence(client, school, chair):
    department = DepartmentFactory(org=school, name="数学组")
    response = client.post(
        f"/o/{school.code}/honours/new/",
        {
            "holder_kind": "department",
            "department": department.pk,
            "title": "先进教研组",
            "level": Level.CITY,
            "rank": "",
            "body": "某市教育局",
            "awarded_on": "2025-06-01",
            "evidence": SimpleUploadedFile("证书.png", _png()),
        },
    )
    honour = Honour.objects.get()
    assert response.status_code == 302 and honour.department == department
    detail = client.get(response.url).content.decode()
    assert "数学组" in detail and "查看证书" in detail
    assert client.get(f"/o/{school.code}/honours/{honour.pk}/evidence/").status_code == 200


def test_a_missing_holder_is_named_on_the_form(client, school, chair):
    response = client.post(
        f"/o/{school.code}/honours/new/",
        {
            "holder_kind": "member",
            "title": "x",
            "level": Level.CITY,
            "body": "y",
            "awarded_on": "2025-06-01",
        },
    )
    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    assert not Honour.objects.exists()


def test_the_chair_corrects_and_withdraws(client, school, chair):
    member = MemberFactory(org=school)
    honour = _honour(school, chair, member=member)
    client.post(
        f"/o/{school.code}/honours/{honour.pk}/edit/",
        {
            "holder_kind": "member",
            "member": member.pk,
            "title": "区优秀班主任",
            "level": Level.CITY,
            "rank": "",
            "body": "某市教育局",
            "awarded_on": "2025-09-10",
        },
    )
    honour.refresh_from_db()
    assert honour.level == Level.CITY and honour.awarding_body == "某市教育局"
    client.post(f"/o/{school.code}/honours/{honour.pk}/withdraw/", {"reason": "重复录入"})
    honour.refresh_from_db()
    assert honour.is_withdrawn
    assert "区优秀班主任" not in client.get(f"/o/{school.code}/honours/?year=2025").content.decode()


def test_a_members_honours_show_on_their_page_and_their_own_profile(client, school, chair):
    user = member_of(school)
    member = MemberFactory(org=school, user=user)
    singers = [member, MemberFactory(org=school)]
    _honour(school, chair, member=member, title="区优秀班主任")
    _honour(school, chair, team_name="教工合唱队", team_members=singers, title="合唱比赛")
    page = client.get(f"/o/{school.code}/members/{member.pk}/").content.decode()
    assert "区优秀班主任" in page and "合唱比赛" in page
    client.force_login(user)
    page = client.get(f"/o/{school.code}/me/").content.decode()
    assert "区优秀班主任" in page and "合唱比赛" in page


def test_who_may_see_and_record(client, school):
    client.force_login(member_of(school))
    assert client.get(f"/o/{school.code}/honours/").status_code == 403
    client.force_login(treasurer_of(school))
    assert client.get(f"/o/{school.code}/honours/new/").status_code == 403
