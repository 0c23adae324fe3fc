import datetime as dt
import io

from openpyxl import load_workbook

from tests.factories import DepartmentFactory, MemberFactory
from tests.personas import chair_of, leader_of
from unionhall.members.exports import register_bytes
from unionhall.members.models import Member


def _rows(response):
    book = load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def test_export_is_the_current_filtered_list(client, school):
    client.force_login(chair_of(school))
    maths = DepartmentFactory(org=school, name="数学组")
    MemberFactory(org=school, name="数学甲", department=maths)
    MemberFactory(
        org=school, name="语文乙", department=DepartmentFactory(org=school, name="语文组")
    )
    response = client.get(f"/o/{school.code}/members/export.xlsx", {"department": maths.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(response)
    assert rows[0][0] == "姓名"
    assert [r[0] for r in rows[1:]] == ["数学甲"]


def test_cells_that_look_like_formulas_are_neutralised(client, school):
    client.force_login(chair_of(school))
    MemberFactory(org=school, name="=HYPERLINK(1)", post="+SUM(A1)", mobile="-1+1")
    MemberFactory(org=school, name="@cmd", post="普通")
    response = client.get(f"/o/{school.code}/members/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row]
    assert not any(c.data_type == "f" for c in cells)
    values = {c.value for c in cells}
    assert {"'=HYPERLINK(1)", "'+SUM(A1)", "'-1+1", "'@cmd"} <= values


def test_the_chair_exports_full_id_numbers_and_the_export_is_logged(client, school):
    from unionhall.core.models import SensitiveAccess

    chair = chair_of(school)
    client.force_login(chair)
    member = MemberFactory(org=school, hardship="severe")
    rows = _rows(client.get(f"/o/{school.code}/members/export.xlsx"))
    assert member.id_number in rows[1]
    assert SensitiveAccess.objects.filter(actor=chair, purpose="member_export").exists()


def test_a_leader_cannot_export(client, school):
    client.force_login(leader_of(school))
    assert client.get(f"/o/{school.code}/members/export.xlsx").status_code == 403


def test_each_row_shows_the_member_with_choices_in_words(client, school):
    client.force_login(chair_of(school))
    MemberFactory(
        org=school,
        name="甲退休",
        gender="F",
        birth_date=dt.date(1962, 3, 2),
        id_number="110101196203020021",
        mobile="13800000001",
        department=DepartmentFactory(org=school, name="数学组"),
        post="高级教师",
        status="retired",
        joined_on=dt.date(1985, 9, 1),
        retired_on=dt.date(2017, 3, 2),
        hardship="severe",
    )
    MemberFactory(org=school, name="乙在职", gender="M", status="active", hardship="")
    rows = _rows(client.get(f"/o/{school.code}/members/export.xlsx", {"sort": "name"}))
    assert rows[0][-1] == "困难职工"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["甲退休"] == (
        "甲退休",
        "女",
        dt.datetime(1962, 3, 2),
        "110101196203020021",
        "13800000001",
        "数学组",
        "高级教师",
        "退休",
        dt.datetime(1985, 9, 1),
        dt.datetime(2017, 3, 2),
        "特困",
    )
    active = by_name["乙在职"]
    assert (active[1], active[7], active[9], active[10]) == ("男", "在职", None, None)


def test_a_register_without_sensitive_data_masks_id_numbers_and_leaves_out_hardship(school):
    member = MemberFactory(org=school, id_number="110101196203020021", hardship="severe")
    content = register_bytes(members=Member.objects.filter(org=school), sensitive=False)
    header, row = load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    assert len(header) == len(row) == 10
    assert row[0] == member.name and row[3] == "110***********0021"
