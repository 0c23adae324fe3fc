"""Setting up a new school without a developer, on a phone: the district administrator creates
the school and names its chair; the chair logs in with the one-time password, chooses a new one,
and sets the school up item by item from the first-run checklist on the home page, which ticks
each item as its records appear."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT_MS, assert_fits_phone, log_in, screenshot
from tests.factories import DistrictFactory
from tests.personas import district_admin_of
from unionhall.core import idcard
from unionhall.orgs.models import Organisation, User

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Shen-jiang-2026!"
STEPS = ["departments", "members", "officers", "care_rules", "opening_balance", "dues_rate", "plan"]


def submit(page, form="main form"):
    page.locator(f"{form} button[type=submit]").first.click()


def home_checklist(page, code: str):
    """The school's home page, scrolled down to the checklist (it loads when it comes into view)."""
    page.goto(f"/o/{code}/")
    page.locator("#setup-checklist").scroll_into_view_if_needed()


def open_step(page, code: str, step: str):
    """From the school's home page, follow the checklist's link for `step`."""
    home_checklist(page, code)
    item = page.locator(f"#setup-checklist [data-step={step}]")
    expect(item).to_have_attribute("data-done", "no")
    item.locator("a").click()


def test_a_district_sets_up_a_school_and_its_chair_sets_it_up_to_the_checklist(
    browser, live_server, db
):
    district = DistrictFactory(code="sj", name="申江区教育工会")
    admin = district_admin_of(district, display_name="区工会干事")

    # The district administrator creates the school and names its chair.
    admin_context = browser.new_context(base_url=live_server.url, **_phone())
    page = admin_context.new_page()
    log_in(admin_context, admin, live_server)
    page.goto(f"/o/{district.code}/schools/")
    page.locator(f"main a[href='/o/{district.code}/schools/manage/']").click()
    page.fill("#id_name", "申江区第三小学工会")
    page.fill("#id_code", "sj-sanxiao")
    page.select_option("#id_school_type", "primary")
    page.fill("#id_staff_count", "56")
    submit(page)
    expect(page).to_have_url(f"{live_server.url}/o/{district.code}/schools/manage/sj-sanxiao/")
    page.fill("#chair-form #id_display_name", "周敏")
    page.fill("#chair-form #id_username", "zhoumin")
    submit(page, "#chair-form")
    message = page.locator(".alert-success").inner_text()
    password = re.search(r"zhoumin[^a-z0-9]+[^“]*“([a-z0-9]{10})”", message)[1]
    expect(page.locator("#chairs")).to_contain_text("周敏")
    assert_fits_phone(page)
    screenshot(page, "setup-1-district-named-the-chair")
    admin_context.close()
    school = Organisation.objects.get(code="sj-sanxiao")

    # The chair logs in with the one-time password and must choose a new one first.
    context = browser.new_context(base_url=live_server.url, **_phone())
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", "zhoumin")
    page.fill("#id_password", password)
    submit(page)
    expect(page).to_have_url(f"{live_server.url}/password/")
    expect(page.locator("#forced")).to_be_visible()
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    submit(page)
    expect(page).to_have_url(f"{live_server.url}/o/{school.code}/")
    page.locator("#setup-checklist").scroll_into_view_if_needed()
    expect(page.locator("#setup-checklist [data-done=no]")).to_have_count(len(STEPS))
    screenshot(page, "setup-2-chair-home-checklist")

    # Departments.
    open_step(page, school.code, "departments")
    page.fill("#id_name", "语文组")
    page.select_option("#id_kind", "subject")
    submit(page)
    expect(page.locator("#departments")).to_contain_text("语文组")

    # A member (the checklist leads to the import; one member is typed in by hand here).
    open_step(page, school.code, "members")
    expect(page).to_have_url(f"{live_server.url}/o/{school.code}/members/import/")
    page.goto(f"/o/{school.code}/members/new/")
    page.fill("#id_name", "林晓")
    page.select_option("#id_gender", "F")
    page.fill("#id_id_number", idcard.make("310105", dt.date(1988, 5, 6), 24))
    page.select_option("#id_department", label="语文组")
    submit(page)
    expect(page.locator("main h1")).to_contain_text("林晓")
    page.fill("main input[name=username]", "linxiao")
    page.locator("main form:has(input[name=username]) button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("linxiao")

    # An officer: the member becomes the welfare committee member.
    open_step(page, school.code, "officers")
    member_user = User.objects.get(username="linxiao")
    page.select_option("#id_user", str(member_user.pk))
    page.select_option("#id_role", "committee_welfare")
    submit(page, "main form:has(#id_role)")
    expect(page.locator("#committee")).to_contain_text("林晓")

    # Care rules (the example standard, to be edited later).
    open_step(page, school.code, "care_rules")
    page.locator("form[action$='/care/rules/example/'] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()

    # The funds' opening balance.
    open_step(page, school.code, "opening_balance")
    page.fill("#id_amount", "5000.00")
    page.fill("#id_date", timezone.localdate().replace(day=1).isoformat())
    submit(page)
    expect(page.locator(".alert-success")).to_be_visible()

    # The dues rate.
    open_step(page, school.code, "dues_rate")
    page.fill("#id_default_rate", "0.005")
    submit(page)
    expect(page.locator(".alert-success")).to_be_visible()

    # This year's plan, from the template.
    open_step(page, school.code, "plan")
    page.locator("#start-plan").click()
    expect(page.locator("main h1")).to_contain_text(
        str(timezone.localdate().year - (timezone.localdate().month < 9))
    )
    expect(page.locator("[data-task]").first).to_be_visible()
    assert_fits_phone(page)
    screenshot(page, "setup-3-the-plan")

    # Every item of the checklist is ticked, by the records themselves.
    home_checklist(page, school.code)
    for step in STEPS:
        expect(page.locator(f"#setup-checklist [data-step={step}]")).to_have_attribute(
            "data-done", "yes"
        )
    assert_fits_phone(page)
    screenshot(page, "setup-4-every-item-ticked")
    context.close()


def _phone() -> dict:
    from tests.browser.helpers import PHONE

    return PHONE
