"""The school year typed in through the pages (tests/test_acceptance_school_year.py), read in the
browser: the chair opens the 2025-2026 summary on her phone, sees the group visit counted per
person and the dues said to be unrecorded, and follows the Mid-Autumn figure to its 12 people."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, screenshot
from tests.test_acceptance_school_year import YEAR, year  # noqa: F401 (the entered year)

pytestmark = pytest.mark.browser


def test_the_chair_reads_the_year_she_entered(phone, live_server, school, year):  # noqa: F811
    log_in(phone, year["chair"], live_server)
    page = phone.new_page()
    page.goto(f"/o/{school.code}/reports/summary/?period={YEAR}")
    main = page.locator("main")
    expect(main).to_contain_text("2025—2026学年工作总结")
    people = page.locator("main a[href*='care.person_visits/']").first
    expect(people).to_have_text("17")
    expect(main).to_contain_text("本期未记录会费收缴情况。")
    expect(main).to_contain_text("45,153.90")
    assert_fits_phone(page)
    screenshot(page, "acceptance-1-summary")

    page.locator("main a[href*='care.festival_person_visits/']").filter(has_text="12").click()
    expect(page.locator("main li")).to_have_count(12)
    expect(page.locator("main li").first).to_contain_text("200.00元（工会经费）")
    screenshot(page, "acceptance-2-records")
