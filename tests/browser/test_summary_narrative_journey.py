"""On a phone, the chair writes her own paragraph into the summary between two computed ones,
without leaving the page (htmx), then corrects it."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, screenshot
from tests.factories import MemberFactory
from tests.personas import chair_of
from unionhall.reports.models import NarrativeParagraph

pytestmark = pytest.mark.browser


def test_the_chair_writes_and_corrects_her_paragraph(phone, live_server, school):
    MemberFactory.create_batch(12, org=school)
    log_in(phone, chair_of(school), live_server)
    page = phone.new_page()
    page.goto(f"/o/{school.code}/reports/summary/?period=2025-2026")
    members = page.locator("#section-members")
    members.locator("details summary").nth(1).click()  # after the first computed paragraph
    opened = members.locator("details[open]")  # its form is fetched as it opens
    opened.locator("textarea").fill("今年重点做好新教师入会工作。")
    opened.locator("button[type=submit]").click()
    written = page.locator("#section-members [data-narrative]")
    expect(written).to_contain_text("今年重点做好新教师入会工作。")
    computed = page.locator("#section-members p[data-computed]")
    assert written.bounding_box()["y"] > computed.first.bounding_box()["y"]
    assert_fits_phone(page)
    screenshot(page, "summary-narrative")

    written.locator("details summary").click()
    written.locator("textarea").fill("今年重点做好新教师入会和困难会员帮扶工作。")
    written.locator("button[type=submit]").first.click()
    expect(page.locator("#section-members [data-narrative]")).to_contain_text("困难会员帮扶")
    assert NarrativeParagraph.objects.get(org=school).text.endswith("困难会员帮扶工作。")
