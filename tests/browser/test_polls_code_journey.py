"""A student scans the code on their slip with a phone, votes without logging in, and the same
code is refused the second time. The page runs without JavaScript (as in WeChat's browser)."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, screenshot
from tests.factories_polls import survey
from unionhall.polls.models import SealedBallot

pytestmark = pytest.mark.browser


def test_a_student_votes_with_a_code_once(browser, live_server, school):
    from tests.browser.helpers import PHONE

    poll, codes, _chair = survey(school)
    code = codes["初一(2)班"][3].code
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"/p/{school.code}/polls/v/{code}/")
    expect(page.locator("h1")).to_have_text("学生评教")
    expect(page.locator(".secrecy")).to_be_visible()
    assert_fits_phone(page)
    screenshot(page, "polls-code-1-ballot")
    page.get_by_label("比较满意").check()
    page.locator("textarea").fill("希望多讲练习题")
    page.locator("button[type=submit]").click()
    expect(page.locator(".done")).to_be_visible()
    screenshot(page, "polls-code-2-cast")
    assert SealedBallot.objects.filter(poll=poll).count() == 1  # sealed until the count

    page.goto(f"/p/{school.code}/polls/v/{code}/")
    expect(page.locator(".refusal")).to_be_visible()
    expect(page.locator("form")).to_have_count(0)
    screenshot(page, "polls-code-3-refused")
    assert SealedBallot.objects.filter(poll=poll).count() == 1
    context.close()
