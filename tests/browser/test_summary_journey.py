"""On a phone, the chair opens the year-end summary written from a year of ledgers, follows a
figure to its records, and downloads the summary as .docx with the same figures in it."""

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, screenshot
from tests.factories import MemberFactory
from tests.personas import chair_of
from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.demo.care import seed_care_demo
from unionhall.demo.funds import seed_funds_demo
from unionhall.reports.build import format_value

pytestmark = pytest.mark.browser


def test_the_chair_reads_and_downloads_the_summary(phone, live_server, school):
    MemberFactory.create_batch(40, org=school)
    seed_funds_demo(school, 2025)
    seed_care_demo(school, 2025, min_members=40)
    period = Period.year(2025)
    visits = indicators.get("care.visits")(school, period).value
    balance = format_value(indicators.get("funds.closing_balance")(school, period).value)
    assert visits > 30

    log_in(phone, chair_of(school), live_server)
    page = phone.new_page()
    page.goto(f"/o/{school.code}/reports/summary/?period=2025")
    figure = page.locator(f"main a:text-is('{visits}')").first
    expect(figure).to_be_visible()
    expect(page.locator("main")).to_contain_text(balance)
    assert_fits_phone(page)
    screenshot(page, "summary-1-page")

    with page.expect_download() as download_info:
        page.locator("a[href*='summary.docx']").first.click()
    content = open(download_info.value.path(), "rb").read()
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for t in document.tables for row in t.rows for cell in row.cells)
    assert str(visits) in text and balance in text
    assert document.inline_shapes, "the summary carries its charts"

    figure.click()
    expect(page.locator("main li").first).to_be_visible()
    expect(page.locator("main")).to_contain_text(str(visits))
    assert_fits_phone(page)
    screenshot(page, "summary-2-records")
