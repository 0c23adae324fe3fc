"""A student scans the code on their slip with a phone, votes without logging in, and the same
code is refused the second time. The code never travels in an address: the slip's QR holds the
entry page with the code after "#", which the browser does not send; the page's script posts it.
Without JavaScript (as in WeChat's browser, when scripts are off) the student types the code."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, screenshot
from tests.factories_polls import survey
from unionhall.polls.models import SealedBallot
from unionhall.polls.services import code_entry_url

pytestmark = pytest.mark.browser

REFUSED = "这个码无法投票：可能输错了，或已经用过。请核对后重新输入，或向老师要一个新码。"


def test_a_student_scans_the_slip_and_votes_once_and_the_code_is_in_no_address(
    browser, live_server, school
):
    from tests.browser.helpers import PHONE

    poll, codes, _chair = survey(school)
    code = codes["初一(2)班"][3].code
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    sent = []
    page.on("request", lambda request: sent.append((request.url, request.post_data or "")))
    slip = code_entry_url(live_server.url, school.code, code)
    assert slip.endswith(f"/p/{school.code}/polls/#{code}")
    page.goto(slip)
    expect(page.locator("h1")).to_have_text("学生评教")
    expect(page.locator(".secrecy")).to_be_visible()
    assert "#" not in page.url and code not in page.url  # the script cleared it
    assert_fits_phone(page)
    screenshot(page, "polls-code-1-ballot")
    page.get_by_label("比较满意").check()
    page.locator("textarea").fill("希望多讲练习题")
    page.locator("button[type=submit]").click()
    expect(page.locator(".done")).to_be_visible()
    screenshot(page, "polls-code-2-cast")
    assert SealedBallot.objects.filter(poll=poll).count() == 1  # sealed until the count

    page.goto(slip)  # the same slip again
    expect(page.locator(".refusal")).to_have_text(REFUSED)
    expect(page.locator("input#code")).to_be_visible()  # to type another code
    screenshot(page, "polls-code-3-refused")
    assert SealedBallot.objects.filter(poll=poll).count() == 1
    # Every address the browser asked for is free of the code; the code went in POST bodies.
    assert sent and not [url for url, _body in sent if code in url]
    assert [body for _url, body in sent if f"code={code}" in body]
    context.close()


def test_without_javascript_the_student_types_the_code(browser, live_server, school):
    from tests.browser.helpers import PHONE

    poll, codes, _chair = survey(school)
    code = codes["初一(1)班"][0].code
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(code_entry_url(live_server.url, school.code, code))
    expect(page.locator("h1")).to_have_text("输入投票码")
    page.get_by_label("纸条上的投票码").fill(code.lower())
    page.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("学生评教")
    page.get_by_label("比较满意").check()
    page.locator("button[type=submit]").click()
    expect(page.locator(".done")).to_be_visible()
    assert SealedBallot.objects.filter(poll=poll).count() == 1
    context.close()
