"""Importing honours from Excel: row errors named by row and column, nothing saved when any
row is wrong, and the imported honours linked to their file."""

import io

import pytest
from openpyxl import load_workbook

from tests.factories import DepartmentFactory, MemberFactory
from tests.personas import chair_of, member_of
from tests.xlsx import upload, xlsx_bytes
from unionhall.honours.models import HolderKind, Honour, HonourImport, Level, Rank, Source

pytestmark = pytest.mark.django_db

HEADER = [
    "获奖者*",
    "获奖者类别",
    "身份证号",
    "荣誉称号*",
    "级别*",
    "等次",
    "颁奖单位*",
    "获奖时间*",
]


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def post_file(client, school, rows, name="荣誉.xlsx"):
    content = xlsx_bytes(rows, header=HEADER)
    return client.post(f"/o/{school.code}/honours/import/", {"file": upload(content, name)})


def errors_of(response) -> list[str]:
    result = response.context.get("result")
    return [str(e) for e in (result.errors if result else [])]


def test_the_template_names_the_columns_and_the_levels(client, school, chair):
    response = client.get(f"/o/{school.code}/honours/import/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert "获奖者*" in header and "级别*" in header and "颁奖单位*" in header
    guide = " ".join(str(c.value) for row in book.worksheets[1].iter_rows() for c in row)
    assert "市级" in guide and "国家级" in guide


def test_a_good_file_is_previewed_then_imported_with_its_link(client, school, chair):
    teacher = MemberFactory(org=school, name="王丽")
    DepartmentFactory(org=school, name="语文组")
    response = post_file(
        client,
        school,
        [
            ["王丽", "", "", "区优秀班主任", "区级", "", "某区教育局", "2025-09-10"],
            ["语文组", "部门", "", "先进教研组", "市级", "", "某市教育局", "2025-06-01"],
            [
                "教工合唱队",
                "团队",
                "",
                "合唱比赛",
                "区/县级",
                "一等奖",
                "某区教育工会",
                "2025-05-20",
            ],
            ["", "工会", "", "模范教工之家", "市级", "", "某市教育工会", "2025-12-01"],
        ],
    )
    assert response.status_code == 302, errors_of(response)
    assert not Honour.objects.exists()
    preview = client.get(response.url)
    assert "4" in preview.content.decode() and "先进教研组" in preview.content.decode()
    client.post(response.url)
    assert Honour.objects.count() == 4
    mine = Honour.objects.get(member=teacher)
    assert mine.level == Level.COUNTY and mine.source == Source.IMPORT
    assert mine.source_record == HonourImport.objects.get()
    team = Honour.objects.get(holder_kind=HolderKind.TEAM)
    assert team.rank == Rank.FIRST and team.team_name == "教工合唱队"
    assert Honour.objects.get(holder_kind=HolderKind.UNION).level == Level.CITY
    # Confirming twice imports once.
    client.post(response.url)
    assert Honour.objects.count() == 4


def test_every_wrong_row_is_named_and_nothing_is_saved(client, school, chair):
    MemberFactory(org=school, name="王丽")
    MemberFactory(org=school, name="张伟")
    MemberFactory(org=school, name="张伟")
    response = post_file(
        client,
        school,
        [
            ["王丽", "", "", "区优秀班主任", "区级", "", "某区教育局", "2025-09-10"],
            ["李雷", "", "", "区优秀班主任", "区级", "", "某区教育局", "2025-09-10"],
            ["张伟", "", "", "区优秀教师", "区级", "", "某区教育局", "2025-09-10"],
            ["王丽", "", "", "优秀党员", "乡级", "", "某镇", "2025-09-10"],
            ["王丽", "", "", "教学比武", "校级", "特等奖", "本校工会", "2999-01-01"],
            ["王丽", "", "", "", "市级", "", "", "2025-09-10"],
        ],
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert any(e.startswith("第3行") and "获奖者" in e and "李雷" in e for e in errors), errors
    assert any(e.startswith("第4行") and "身份证" in e for e in errors), errors
    assert any(e.startswith("第5行") and "级别" in e and "乡级" in e for e in errors), errors
    assert any(e.startswith("第6行") and "等次" in e and "特等奖" in e for e in errors), errors
    assert any(e.startswith("第6行") and "2999-01-01" in e for e in errors), errors
    assert any(e.startswith("第7行") and "荣誉称号" in e for e in errors), errors
    assert any(e.startswith("第7行") and "颁奖单位" in e for e in errors), errors
    assert not any(e.startswith("第2行") for e in errors)
    assert not Honour.objects.exists() and not HonourImport.objects.exists()


def test_a_missing_column_is_named(client, school, chair):
    content = xlsx_bytes([["王丽", "区优秀班主任"]], header=["获奖者", "荣誉称号"])
    response = client.post(
        f"/o/{school.code}/honours/import/", {"file": upload(content, "荣誉.xlsx")}
    )
    errors = errors_of(response)
    assert any("级别" in e and "颁奖单位" in e for e in errors), errors


def test_an_ordinary_member_may_not_import(client, school):
    client.force_login(member_of(school))
    assert client.get(f"/o/{school.code}/honours/import/").status_code == 403
