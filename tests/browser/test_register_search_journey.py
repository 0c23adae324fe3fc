"""Finding a colleague in the member register on a phone: by name, by pinyin initials."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, assert_fits_phone, log_in, screenshot
from tests.factories import DepartmentFactory, MemberFactory
from tests.personas import chair_of

pytestmark = pytest.mark.browser

NAMES = ["张明华", "李晓燕", "李晓明", "王建国", "吴佳"]


@pytest.fixture
def register(school):
    chair = chair_of(school)
    department = DepartmentFactory(org=school, name="语文组")
    for name in NAMES:
        MemberFactory(org=school, name=name, department=department, post="高级教师")
    return chair


def rows(page):
    return page.locator("#results tbody tr:has(a)")


def test_it_searches_the_register_as_you_type(page, live_server, school, register):
    log_in(page.context, register, live_server)
    page.goto(f"/o/{school.code}/members/")
    expect(rows(page)).to_have_count(len(NAMES))
    assert_fits_phone(page)
    screenshot(page, "search-1-register")

    page.fill("#id_q", "李晓")
    expect(rows(page)).to_have_count(2)
    expect(rows(page)).to_contain_text(["李晓明", "李晓燕"])
    expect(page).to_have_url(re.compile(r"[?&]q=%E6%9D%8E%E6%99%93(&|$)"))  # 李晓, to share

    page.fill("#id_q", "wjg")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("王建国")
    expect(rows(page).first).to_contain_text("语文组")
    assert_fits_phone(page)
    screenshot(page, "search-2-pinyin-initials")

    page.fill("#id_q", "zzz")
    expect(rows(page)).to_have_count(0)
    expect(page.locator("#results tbody")).not_to_contain_text("张明华")

    page.fill("#id_q", "lxy")
    page.locator("form[role=search] button[type=submit]").click()
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("李晓燕")
    rows(page).first.get_by_role("link").click()
    expect(page).to_have_url(
        f"{live_server.url}/o/{school.code}/members/{school.members.get(name='李晓燕').pk}/"
    )
    screenshot(page, "search-3-member-detail")


def test_the_search_button_works_without_javascript(browser, live_server, school, register):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, **PHONE)
    try:
        log_in(context, register, live_server)
        page = context.new_page()
        page.goto(f"/o/{school.code}/members/")
        page.fill("#id_q", "wj")
        page.locator("form[role=search] button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/members/\?q=wj(&|$)"))
        expect(rows(page)).to_have_count(2)
        expect(rows(page)).to_contain_text(["王建国", "吴佳"])
        assert_fits_phone(page)
        screenshot(page, "search-4-without-javascript")
    finally:
        context.close()


def test_on_a_phone_the_menu_opens_from_its_button(page, live_server, school, register):
    """Bootstrap's own script (bootstrap.bundle.min.js: the collapse and the dropdowns) opens the
    collapsed navigation on a phone, and the members' menu in it."""
    log_in(page.context, register, live_server)
    page.goto(f"/o/{school.code}/")
    menu_link = page.locator("#mainnav").get_by_role("link", name="会员档案")
    expect(menu_link).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    page.locator("#mainnav").get_by_role("button", name="会员").click()
    expect(menu_link).to_be_visible()
    menu_link.click()
    expect(page).to_have_url(f"{live_server.url}/o/{school.code}/members/")
