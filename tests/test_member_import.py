"""Importing the register from Excel: preview, confirm, row-by-row errors, all or nothing."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from tests.factories import DepartmentFactory, MemberFactory, make_id_number
from tests.personas import chair_of, leader_of
from tests.xlsx import upload, xlsx_bytes
from unionhall.core import idcard
from unionhall.core.importing import staged_rows
from unionhall.members import services
from unionhall.members.importer import RegisterParser
from unionhall.members.models import Member, MemberEvent, MemberImport


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    DepartmentFactory(org=school, name="语文组")
    DepartmentFactory(org=school, name="数学组")
    return user


def good_row(name="王丽", born=dt.date(1986, 5, 4), gender="F", department="语文组", **extra):
    number = make_id_number(born, gender)
    row = [
        name,
        "女" if gender == "F" else "男",
        born.isoformat(),
        "否",
        number,
        "13812345678",
        department,
        "一级教师",
        "在职",
        "2009-09-01",
    ]
    return row


def post_file(client, school, content, name="会员名册.xlsx"):
    return client.post(f"/o/{school.code}/members/import/", {"file": upload(content, name)})


def errors_of(response) -> list[str]:
    result = response.context.get("result")
    form_errors = (
        response.context["form"].errors.get("file", []) if "form" in response.context else []
    )
    return [str(e) for e in (result.errors if result else [])] + list(form_errors)


def test_the_template_has_the_register_columns_and_this_schools_departments(client, school, chair):
    response = client.get(f"/o/{school.code}/members/import/template.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[0] == "姓名*" and "身份证号*" in header and "部门*" in header
    guide = " ".join(str(c.value) for row in book.worksheets[1].iter_rows() for c in row)
    assert "语文组" in guide and "数学组" in guide


def test_a_good_file_is_previewed_then_imported_on_confirmation(client, school, chair):
    content = xlsx_bytes([good_row("王丽"), good_row("刘强", gender="M", department="数学组")])
    response = post_file(client, school, content)
    assert response.status_code == 302
    assert Member.objects.filter(org=school).count() == 0  # nothing saved before confirmation
    preview = client.get(response["Location"])
    assert "王丽" in preview.content.decode() and "刘强" in preview.content.decode()
    client.post(response["Location"])
    members = Member.objects.filter(org=school).order_by("name_pinyin")
    assert [m.name for m in members] == ["刘强", "王丽"]
    liu = members[0]
    assert liu.gender == "M" and liu.department.name == "数学组" and liu.name_initials == "lq"
    assert MemberEvent.objects.filter(member=liu, kind="join", date=dt.date(2009, 9, 1)).exists()
    assert MemberImport.objects.get().state == "imported"


def test_confirming_twice_imports_once(client, school, chair):
    response = post_file(client, school, xlsx_bytes([good_row()]))
    client.post(response["Location"])
    client.post(response["Location"])
    assert Member.objects.filter(org=school).count() == 1


def test_a_confirmation_racing_another_imports_once(client, school, chair):
    """Two tabs both showed the preview: the second confirmation finds the batch imported."""
    response = post_file(client, school, xlsx_bytes([good_row()]))
    batch = MemberImport.objects.get()
    rows = RegisterParser(org=school).parse(staged_rows(batch)).rows
    services.members_import(org=school, actor=chair, batch=batch, rows=rows)
    stale = MemberImport.objects.get()
    stale.state = MemberImport.State.PREVIEW  # as the second tab still holds it
    with pytest.raises(ValidationError, match="已经导入"):
        services.members_import(org=school, actor=chair, batch=stale, rows=rows)
    assert Member.objects.filter(org=school).count() == 1
    assert client.get(response["Location"]).status_code == 302  # back to the register


def test_gender_and_birth_date_may_be_left_to_the_id_number(client, school, chair):
    row = good_row(gender="M")
    row[1] = ""
    row[2] = ""
    response = post_file(client, school, xlsx_bytes([row]))
    client.post(response["Location"])
    member = Member.objects.get(org=school)
    assert member.gender == "M" and member.birth_date == dt.date(1986, 5, 4)


def test_excel_dates_and_chinese_dates_are_read(client, school, chair):
    first, second = good_row("甲"), good_row("乙")
    first[9] = dt.datetime(2001, 9, 1)
    second[9] = "2003年9月1日"
    response = post_file(client, school, xlsx_bytes([first, second]))
    client.post(response["Location"])
    assert sorted(Member.objects.values_list("joined_on", flat=True)) == [
        dt.date(2001, 9, 1),
        dt.date(2003, 9, 1),
    ]


def assert_refused(response, *expected: str):
    messages = errors_of(response)
    assert messages, "expected the file to be refused"
    for text in expected:
        assert any(text in m for m in messages), f"{text!r} not in {messages}"
    assert not Member.objects.exists()
    assert not MemberImport.objects.exists()


def test_a_wrong_file_type_is_refused(client, school, chair):
    assert_refused(post_file(client, school, b"name,id\n", "members.csv"), "members.csv")


def test_a_renamed_file_that_is_not_a_workbook_is_refused(client, school, chair):
    assert_refused(post_file(client, school, b"\xd0\xcf\x11\xe0 old xls", "old.xlsx"), "old.xlsx")


def test_an_empty_file_is_refused(client, school, chair):
    response = client.post(f"/o/{school.code}/members/import/", {"file": upload(b"", "empty.xlsx")})
    # Django refuses a zero-byte upload itself; either way nothing is imported
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Member.objects.exists()


def test_a_workbook_with_only_a_header_is_refused(client, school, chair):
    assert_refused(post_file(client, school, xlsx_bytes([])), "没有会员数据")


def test_a_20_mb_file_is_refused_before_it_is_read(client, school, chair):
    assert_refused(post_file(client, school, b"PK\x03\x04" + b"0" * (20 * 1024 * 1024)), "20.0 MB")


def test_missing_columns_are_named(client, school, chair):
    content = xlsx_bytes([["王丽", "女"]], header=["姓名", "性别"])
    assert_refused(post_file(client, school, content), "身份证号", "部门")


def test_a_bad_date_is_named_by_row_and_column(client, school, chair):
    row = good_row()
    row[9] = "去年九月"
    content = xlsx_bytes([good_row("甲"), row])
    assert_refused(post_file(client, school, content), "3", "去年九月")
    assert any(
        m.startswith(("第3行", "Row 3")) for m in errors_of(post_file(client, school, content))
    )


def test_a_bad_check_digit_is_named_by_row_and_column(client, school, chair):
    row = good_row()
    row[4] = row[4][:17] + ("0" if row[4][17] != "0" else "1")
    response = post_file(client, school, xlsx_bytes([good_row("甲"), good_row("乙"), row]))
    messages = errors_of(response)
    assert messages == [str(e) for e in response.context["result"].errors] and len(messages) == 1
    assert messages[0].startswith(("第4行", "Row 4"))
    assert "check digit" in messages[0] or "校验位" in messages[0]
    assert not Member.objects.exists()


def test_an_id_number_typed_as_a_number_is_refused(client, school, chair):
    row = good_row()
    row[4] = 110105198605040000
    assert_refused(post_file(client, school, xlsx_bytes([row])), "2")


def test_duplicates_in_the_file_are_named_with_both_rows(client, school, chair):
    row = good_row()
    copy = list(row)
    copy[0] = "王丽丽"
    assert_refused(post_file(client, school, xlsx_bytes([row, copy])), "3", "2")


def test_a_member_already_on_the_register_is_a_duplicate(client, school, chair):
    existing = MemberFactory(org=school, name="老会员")
    row = good_row()
    row[4] = existing.id_number
    row[1], row[2] = "", ""
    response = post_file(client, school, xlsx_bytes([row]))
    assert any("老会员" in m for m in errors_of(response))
    assert Member.objects.filter(org=school).count() == 1
    assert not MemberImport.objects.exists()


def test_an_unknown_department_is_named(client, school, chair):
    assert_refused(post_file(client, school, xlsx_bytes([good_row(department="火星组")])), "火星组")


def test_one_bad_row_among_many_imports_nothing(client, school, chair):
    rows = [good_row(f"老师{i}") for i in range(30)]
    rows[17][6] = "不存在的组"
    assert_refused(post_file(client, school, xlsx_bytes(rows)), "19")


def test_a_gender_contradicting_the_id_number_is_refused(client, school, chair):
    row = good_row(gender="F")
    row[1] = "男"
    assert_refused(post_file(client, school, xlsx_bytes([row])), "2")


def test_a_member_cannot_import(client, school):
    user = leader_of(school)
    client.force_login(user)
    DepartmentFactory(org=school, name="语文组")
    assert post_file(client, school, xlsx_bytes([good_row()])).status_code == 403
    assert not Member.objects.exists()


def test_the_example_id_number_in_the_template_is_valid():
    from unionhall.members.importer import COLUMNS

    example = next(c.example for c in COLUMNS if c.key == "id_number")
    assert idcard.validate(example) == example
