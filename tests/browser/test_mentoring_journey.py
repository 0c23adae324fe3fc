"""On a 375 px phone, a mentee logs a lesson she observed of her mentor, without JavaScript
needed, and sees the progress against her contract's targets; the chair then builds the year's
archive and watches its progress page until the .zip is ready."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, screenshot
from tests.factories import MemberFactory
from tests.personas import chair_of, member_of
from unionhall.core.periods import SCHOOL_YEAR, Period
from unionhall.mentoring import services
from unionhall.mentoring.models import Log

pytestmark = pytest.mark.browser


def test_a_mentee_logs_a_lesson_on_her_phone(phone, live_server, school):
    chair = chair_of(school)
    mentee_user = member_of(school)
    mentor = MemberFactory(org=school, name="王建国")
    mentee = MemberFactory(org=school, name="李小雨", user=mentee_user)
    year = Period.containing(SCHOOL_YEAR, timezone.localdate())
    contract = services.contract_create(
        org=school,
        actor=chair,
        mentor=mentor,
        mentees=[mentee],
        starts_on=year.start,
        ends_on=year.end,
        signed_on=year.start,
    )

    log_in(phone, mentee_user, live_server)
    page = phone.new_page()
    page.goto(f"/o/{school.code}/mentoring/mine/")
    assert_fits_phone(page)
    page.get_by_role("link", name="师傅王建国").click()
    page.get_by_role("link", name="记录", exact=True).click()
    assert_fits_phone(page)
    page.select_option("#id_observed", label=f"{mentor.name} · {mentor.department.name}")
    page.fill("#id_date", max(year.start, timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.fill("#id_class_name", "三(2)班")
    page.fill("#id_subject", "语文")
    page.fill("#id_comment", "导入自然，提问有层次。")
    screenshot(page, "mentoring-1-log-form")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("李小雨听王建国的课")
    expect(page.locator("main")).to_contain_text("差额")
    assert_fits_phone(page)
    screenshot(page, "mentoring-2-progress")
    log = Log.objects.get()
    assert log.contract == contract and log.member == mentee and log.observed == mentor

    phone.clear_cookies()
    log_in(phone, chair, live_server)
    page.goto(f"/o/{school.code}/archive/")
    assert_fits_phone(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-testid=archive-state]")).to_contain_text("已生成")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    assert_fits_phone(page)
    screenshot(page, "archive-1-ready")
