"""A paper sign-in sheet typed into a spreadsheet is imported through the staged import: every
wrong row named by row and column with nothing saved, then a preview by day, then one confirm
that records each day's attendance as the paper list does (its session made for a recurring
activity, marked as from paper, with who typed it)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity
from tests.xlsx import upload, xlsx_bytes
from unionhall.activities.models import Attendance, AttendanceImport

TODAY = dt.date(2025, 10, 20)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(TODAY), tick=False),
]
HEADER = ["日期*", "姓名*", "身份证号"]


@pytest.fixture
def exercise(school):
    return activity(
        school,
        title="教职工工间操",
        code="exercise",
        recurring=True,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 1, 16),
    )


def _post(client, act, rows):
    content = xlsx_bytes(rows, header=HEADER)
    return client.post(
        f"/o/{act.org.code}/activities/{act.pk}/sign-in-sheet/",
        {"file": upload(content, "签到表.xlsx")},
    )


def _errors(response) -> list[str]:
    result = response.context.get("result")
    return [str(e) for e in (result.errors if result else [])]


def test_the_template_names_its_columns(client, exercise):
    client.force_login(exercise.organiser)
    response = client.get(
        f"/o/{exercise.org.code}/activities/{exercise.pk}/sign-in-sheet/template.xlsx"
    )
    header = [c.value for c in load_workbook(io.BytesIO(response.content)).worksheets[0][1]]
    assert header == ["Date*", "Name*", "ID card number"]


def test_every_wrong_row_is_named_by_row_and_column_and_nothing_is_saved(client, school, exercise):
    MemberFactory(org=school, name="王芳")
    MemberFactory(org=school, name="李强", joined_on=dt.date(2025, 10, 1))
    client.force_login(exercise.organiser)
    response = _post(
        client,
        exercise,
        [
            ["2025-10-09", "王芳", ""],
            ["2025-10-09", "赵六", ""],
            ["2025-10-21", "王芳", ""],
            ["2025-09-20", "李强", ""],
            ["2025/10/9", "王芳", ""],
            ["十月九日", "王芳", ""],
        ],
    )
    assert _errors(response) == [
        "Row 3 Name: no member named 赵六 is on the register",
        "Row 4 Date: 2025-10-21 is in the future",
        "Row 5 Name: 李强 was not a member on 2025-09-20.",
        "Row 6 Name: 王芳 is already on row 2 for 2025-10-09",
        "Row 7 Date: “十月九日” is not a date; write it as 1985-03-02",
    ]
    assert "nothing was imported" in response.content.decode()
    assert not AttendanceImport.objects.exists()
    assert not Attendance.objects.exists()


def test_a_good_sheet_is_previewed_by_day_then_imported_in_one_confirm(client, school, exercise):
    names = ["王芳", "李强", "张伟"]
    for name in names:
        MemberFactory(org=school, name=name)
    client.force_login(exercise.organiser)
    rows = [["2025-10-09", name, ""] for name in names] + [["2025年10月10日", "王芳", ""]]
    response = _post(client, exercise, rows)
    batch = AttendanceImport.objects.get()
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "holds 4 names over 2 days" in preview
    assert not Attendance.objects.exists()
    done = client.post(response["Location"], follow=True).content.decode()
    assert "4 attendances typed in from the paper list." in done
    assert sorted(Attendance.objects.values_list("session__date", "member__name", "how")) == sorted(
        [(dt.date(2025, 10, 9), name, "paper") for name in names]
        + [(dt.date(2025, 10, 10), "王芳", "paper")]
    )
    assert exercise.sessions.count() == 2
    batch.refresh_from_db()
    assert batch.state == AttendanceImport.State.IMPORTED and batch.row_count == 4
    # A second confirm (a second tab) imports nothing more.
    again = client.post(response["Location"], follow=True).content.decode()
    assert "This file has already been imported." in again
    assert Attendance.objects.count() == 4


def test_a_member_may_not_import_a_sheet(client, school, exercise):
    from tests.personas import member_of

    client.force_login(member_of(school))
    response = client.get(f"/o/{school.code}/activities/{exercise.pk}/sign-in-sheet/")
    assert response.status_code == 403


@pytest.mark.parametrize("size", [1, 5])
def test_the_preview_reads_in_a_fixed_number_of_queries(
    client, school, exercise, size, django_assert_num_queries
):
    names = [f"教师{n}" for n in range(6 * size)]
    for name in names:
        MemberFactory(org=school, name=name)
    client.force_login(exercise.organiser)
    rows = [[f"2025-10-{day:02d}", name, ""] for day in (9, 10) for name in names]
    location = _post(client, exercise, rows)["Location"]
    client.get(location)
    with django_assert_num_queries(8):
        preview = client.get(location).content.decode()
    assert f"holds {12 * size} names over 2 days" in preview
