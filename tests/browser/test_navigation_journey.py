"""The navigation bar: a few menus on one line on a 1366 px laptop, and the same menus one under
the other in a phone's menu, every link in them reachable, by mouse, touch or keyboard."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, screenshot
from tests.factories import SchoolFactory, UserFactory, grant

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def busy_school(db):
    """A school with a long name, and a chair who also holds most other roles: the widest bar."""
    return SchoolFactory(name="北京市海淀区实验第二小学工会")


@pytest.fixture
def everyone(busy_school):
    roles = ("chair", "committee_organisation", "committee_culture", "representative", "leader")
    return grant(UserFactory(display_name="欧阳晓梅"), busy_school, *roles)


def _menu_toggles(page):
    return page.locator("#mainnav .dropdown-toggle")


def test_on_a_laptop_the_menus_sit_on_one_line_and_no_label_wraps(
    browser, live_server, busy_school, everyone
):
    context = browser.new_context(base_url=live_server.url, viewport=LAPTOP, locale="zh-CN")
    try:
        log_in(context, everyone, live_server)
        page = context.new_page()
        page.goto(f"/o/{busy_school.code}/")
        toggles = _menu_toggles(page)
        expect(toggles.first).to_be_visible()
        labels = toggles.all_inner_texts()
        assert labels[:7] == ["会员", "关爱", "经费", "教代会", "活动", "投票评选", "年度工作"]
        boxes = [t.bounding_box() for t in toggles.all()]
        line_height = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('#mainnav .nav-link')).lineHeight)"
        )
        # One line: every menu (and the user's own) starts at the same height, and none is
        # taller than one line of text plus its padding.
        assert len({round(box["y"]) for box in boxes}) == 1, boxes
        assert all(box["height"] < 2 * line_height for box in boxes), (line_height, boxes)
        bar = page.locator("nav.navbar").bounding_box()
        assert bar["height"] < 2.5 * line_height + 16, bar
        assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
        screenshot(page, "navigation-1-laptop")

        # The keyboard opens a menu and walks into it.
        toggles.nth(1).focus()
        page.keyboard.press("Enter")
        care = page.locator("#mainnav .dropdown-menu.show")
        expect(care.get_by_role("link", name="慰问", exact=True)).to_be_visible()
        page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "慰问"
        screenshot(page, "navigation-2-laptop-care-menu")
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{live_server.url}/o/{busy_school.code}/care/")
    finally:
        context.close()


def test_on_a_phone_every_menu_opens_and_every_link_in_it_can_be_reached(
    page, live_server, busy_school, everyone
):
    log_in(page.context, everyone, live_server)
    page.goto(f"/o/{busy_school.code}/")
    toggles = _menu_toggles(page)
    expect(toggles.first).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    expect(toggles.first).to_be_visible()
    assert_fits_phone(page)
    reached = 0
    for number in range(toggles.count()):
        toggle = toggles.nth(number)
        toggle.click()
        menu = page.locator("#mainnav .dropdown-menu.show")
        expect(menu).to_have_count(1)
        links = menu.locator("a.dropdown-item")
        assert links.count() > 0, toggle.inner_text()
        for link in links.all():
            link.scroll_into_view_if_needed()
            expect(link).to_be_visible()
            expect(link).to_be_in_viewport()
            reached += 1
        assert_fits_phone(page)
        screenshot(page, f"navigation-3-phone-menu-{number}")
        toggle.click()
        expect(menu).to_have_count(0)
    assert reached > 30
    toggles.nth(0).click()
    page.locator("#mainnav .dropdown-menu.show").get_by_role("link", name="会员档案").click()
    expect(page).to_have_url(f"{live_server.url}/o/{busy_school.code}/members/")
