"""Importing the register from Excel on a phone: an error is named by row and column and nothing
is saved; a good file goes through a preview and is saved only once confirmed."""

import datetime as dt
import re

import pytest
from django.utils import translation
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, screenshot
from tests.factories import DepartmentFactory
from tests.personas import chair_of
from unionhall.core import idcard
from unionhall.members.importer import COLUMNS, header_label
from unionhall.members.models import Member

pytestmark = pytest.mark.browser

GOOD_ID = idcard.make("310105", dt.date(1986, 4, 12), 22)
OTHER_ID = idcard.make("310105", dt.date(1979, 11, 3), 47)
BAD_ID = GOOD_ID[:17] + ("1" if GOOD_ID[17] != "1" else "2")  # wrong check digit


def register_file(path, rows: list[dict]):
    """An .xlsx laid out like the downloadable template: its header row, one member per row."""
    book = Workbook()
    sheet = book.active
    with translation.override("zh-hans"):
        sheet.append([header_label(column) for column in COLUMNS])
    for row in rows:
        sheet.append([row.get(column.key, "") for column in COLUMNS])
    book.save(path)
    return path


@pytest.fixture
def importer(school):
    DepartmentFactory(org=school, name="语文组")
    DepartmentFactory(org=school, name="数学组")
    return chair_of(school)


def error_items(page):
    return page.locator("#import-errors li")


def test_a_file_with_a_bad_id_number_is_refused_with_its_row_and_column(
    page, live_server, school, importer, tmp_path
):
    upload = register_file(
        tmp_path / "会员名册.xlsx",
        [
            {"name": "陈静", "id_number": GOOD_ID, "department": "语文组"},
            {"name": "刘洋", "id_number": BAD_ID, "department": "数学组"},
        ],
    )
    log_in(page.context, importer, live_server)
    page.goto(f"/o/{school.code}/members/")
    page.locator(f"main a[href='/o/{school.code}/members/import/']").first.click()
    assert_fits_phone(page)

    page.set_input_files("#id_file", upload)
    page.locator("main form button[type=submit]").click()
    expect(error_items(page)).to_have_count(1)
    expect(error_items(page).first).to_have_text("第3行 身份证号：校验位错误")
    assert_fits_phone(page)
    screenshot(page, "import-1-error-default-language")
    assert not Member.objects.filter(org=school).exists()

    page.select_option("#language", "en")  # the footer's selector submits on change
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.set_input_files("#id_file", upload)
    page.locator("main form button[type=submit]").click()
    expect(error_items(page)).to_have_text(["Row 3 ID card number: check digit is wrong"])
    screenshot(page, "import-2-error-english")
    assert not Member.objects.filter(org=school).exists()


def test_a_good_file_is_previewed_then_imported_when_confirmed(
    page, live_server, school, importer, tmp_path
):
    upload = register_file(
        tmp_path / "新会员.xlsx",
        [
            {"name": "陈静", "id_number": GOOD_ID, "department": "语文组", "mobile": "13912345678"},
            {
                "name": "赵国强",
                "id_number": OTHER_ID,
                "department": "数学组",
                "joined_on": "2005-09-01",
            },
        ],
    )
    log_in(page.context, importer, live_server)
    page.goto(f"/o/{school.code}/members/import/")
    page.set_input_files("#id_file", upload)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/o/{school.code}/members/import/\d+/$"))
    preview = page.locator("main table tbody tr")
    expect(preview).to_have_count(2)
    expect(preview).to_contain_text(["陈静", "赵国强"])
    expect(preview.nth(1)).to_contain_text("2005-09-01")
    expect(page.locator("main")).not_to_contain_text(OTHER_ID)  # masked in the preview
    assert_fits_phone(page)
    screenshot(page, "import-3-preview")
    assert not Member.objects.filter(org=school).exists()  # nothing saved before confirming

    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/o/{school.code}/members/$"))
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.locator("#results tbody tr:has(a)")).to_have_count(2)
    assert_fits_phone(page)
    screenshot(page, "import-4-imported")
    imported = Member.objects.filter(org=school).order_by("name_pinyin")
    assert [(m.name, m.id_number, m.department.name) for m in imported] == [
        ("陈静", GOOD_ID, "语文组"),
        ("赵国强", OTHER_ID, "数学组"),
    ]
