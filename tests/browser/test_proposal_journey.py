"""One proposal from submission to a satisfied rating, in Debian's Chromium: the representative
on a phone, the committee chair and the leader on a desktop. Screenshots go to test-artifacts/."""

import datetime as dt
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "pass-word-123"  # tests.factories.UserFactory

# The browser is the suite's (tests/browser/conftest.py): Debian's Chromium, failing under CI
# when it is missing.
pytestmark = pytest.mark.browser


@pytest.fixture
def congress(transactional_db):
    from tests.factories import SchoolFactory
    from tests.factories_congress import make_congress

    return make_congress(SchoolFactory())


def _login(browser, live_server, user, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"proposal-journey-{name}.png"), full_page=True)


def test_a_proposal_goes_from_submission_to_a_satisfied_rating(browser, live_server, congress):
    from unionhall.congress.models import Proposal

    c = congress
    base = f"{live_server.url}/o/{c.school.code}/congress"

    # The representative submits on a phone, with two co-signers.
    rep = _login(browser, live_server, c.reps[0].user, PHONE)
    rep.goto(f"{base}/proposals/new/")
    rep.fill("#id_title", "关于增设教师午间休息室的建议")
    rep.select_option("#id_category", "welfare")
    rep.fill("#id_reasons", "教师办公室人员密集，午间无处休息。")
    rep.fill("#id_measures", "利用综合楼闲置教室改建休息室。")
    for r in c.reps[1:3]:
        rep.check(f'input[name="cosigners"][value="{r.pk}"]')
    _shot(rep, "1-submit-phone")
    rep.click("main form button[type=submit]")
    rep.wait_for_selector("[data-state=submitted]")
    proposal = Proposal.objects.get()
    assert rep.locator("[data-cosigners]").inner_text().count(" ") >= 1
    _shot(rep, "2-submitted-phone")

    # The chair, for the proposal committee, accepts it on a desktop.
    chair = _login(browser, live_server, c.chair, DESKTOP)
    chair.goto(f"{base}/proposals/{proposal.pk}/")
    chair.select_option("#id_accept-lead_department", str(c.dept.pk))
    chair.check(f'input[name="accept-supporting_departments"][value="{c.support.pk}"]')
    chair.select_option("#id_accept-responsible", str(c.leader.pk))
    chair.fill("#id_accept-answer_due", (dt.date.today() + dt.timedelta(days=20)).isoformat())
    chair.click("form[data-action=accept] button[type=submit]")
    chair.wait_for_selector("[data-state=accepted]")
    _shot(chair, "3-accepted-desktop")

    # The leader sees the notice under the bell and answers on a desktop.
    leader = _login(browser, live_server, c.leader, DESKTOP)
    leader.goto(f"{base}/")
    assert leader.locator("#bell [data-unread]").inner_text().strip() == "1"
    leader.click("#bell")
    leader.click("main form button.btn-link")
    leader.wait_for_selector("form[data-action=answer]")
    leader.fill("#id_answer-text", "同意。暑假期间改建两间休息室，九月开学投入使用。")
    _shot(leader, "4-answer-desktop")
    leader.click("form[data-action=answer] button[type=submit]")
    leader.wait_for_selector("[data-state=answered]")

    # The representative rates the answer on the phone.
    rep.goto(f"{base}/proposals/{proposal.pk}/")
    assert "暑假期间改建" in rep.locator("[data-answer='1']").inner_text()
    rep.check("#id_rate-rating_0")
    rep.click("form[data-action=rate] button[type=submit]")
    rep.wait_for_selector("[data-rating=satisfied]")
    _shot(rep, "5-rated-phone")

    proposal.refresh_from_db()
    assert proposal.state == "rated" and proposal.rating == "satisfied"
    assert list(proposal.transitions.values_list("to_state", flat=True)) == [
        "collecting",
        "submitted",
        "accepted",
        "answered",
        "rated",
    ]
