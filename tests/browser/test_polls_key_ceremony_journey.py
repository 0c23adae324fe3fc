"""The sealed ballot box as its key holders meet it, on phones, in Chinese: each sets an opening
passphrase on the draft poll's page (a minute at the opening); after the close two of them, side
by side, type their passphrases into one form (a minute at the count) and the result appears.
Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, assert_fits_phone, log_in, screenshot
from tests.factories_polls import election
from tests.personas import member_of
from unionhall.polls import services
from unionhall.polls.models import Ballot, Poll
from unionhall.polls.workflow import State

pytestmark = pytest.mark.browser


def test_two_key_holders_seal_and_open_the_box(browser, live_server, school):
    poll, committee, _audit_body, chair, people = election(school, voters_n=3)
    holders = [member_of(school, display_name=name) for name in ("钱老师", "孙老师")]
    scrutineers = [
        services.scrutineer_add(org=school, actor=chair, poll=poll, user=u, name=u.display_name)
        for u in holders
    ]
    detail = f"/o/{school.code}/polls/{poll.pk}/"
    for i, user in enumerate(holders):
        context = browser.new_context(base_url=live_server.url, **PHONE)
        log_in(context, user, live_server)
        page = context.new_page()
        page.goto(detail)
        expect(page.get_by_role("heading", name="密封票箱与开箱人")).to_be_visible()
        assert_fits_phone(page)
        if i == 0:
            screenshot(page, "polls-key-1-set-passphrase")
        page.get_by_label("您的开箱口令").fill(f"{user.display_name}记得的那一句老话")
        page.get_by_label("再次输入口令").fill(f"{user.display_name}记得的那一句老话")
        page.get_by_role("button", name="保存口令").click()
        expect(page.get_by_text("您的开箱口令已设置，计票时请记得输入。")).to_be_visible()
        context.close()
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    wang = committee.options.get(label="王芳")
    for person in people:
        services.ballot_cast(
            org=school, poll=poll, user=person.user, choices={committee.pk: {wang.pk: "approve"}}
        )
    services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)

    context = browser.new_context(base_url=live_server.url, **PHONE)
    log_in(context, holders[0], live_server)
    page = context.new_page()
    page.goto(detail)
    expect(page.get_by_text("票箱内有3张密封选票。")).to_be_visible()
    page.locator("select[name=holder_1]").select_option(str(scrutineers[0].pk))
    page.get_by_label("开箱人1的口令").fill("钱老师记得的那一句老话")
    page.locator("select[name=holder_2]").select_option(str(scrutineers[1].pk))
    page.get_by_label("开箱人2的口令").fill("孙老师记得的那一句老话")
    assert_fits_phone(page)
    screenshot(page, "polls-key-2-open-the-box")
    page.get_by_role("button", name="开箱计票").click()
    expect(page.get_by_text("票箱已开启：共计3张选票。")).to_be_visible()
    screenshot(page, "polls-key-3-opened")
    context.close()
    assert Ballot.objects.filter(poll=poll).count() == 3
    assert Poll.objects.get(pk=poll.pk).box_opened_at is not None
