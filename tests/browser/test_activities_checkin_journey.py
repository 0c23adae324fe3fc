"""A member signs up for the sports day on a 375 px phone, then checks in by opening the URL of
the QR code the organiser shows; the second scan says they are checked in already."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, screenshot
from tests.factories_activities import activity, culture_of, member_with_login
from unionhall.activities.models import Attendance, SignUp

pytestmark = pytest.mark.browser


def test_a_member_signs_up_and_checks_in_by_qr_code(phone, browser, live_server, school):
    from tests.browser.helpers import PHONE

    organiser = culture_of(school, display_name="王老师")
    sports = activity(
        school,
        organiser=organiser,
        title="秋季教职工趣味运动会",
        starts_on=timezone.localdate(),
        place="学校田径场",
        signup_required=True,
        capacity=50,
        signup_fields=[{"name": "size", "label": "文化衫尺码", "choices": ["S", "M", "L"]}],
    )
    member = member_with_login(school, name="林晓", gender="F")

    # The member signs up on her phone.
    log_in(phone, member.user, live_server)
    page = phone.new_page()
    page.goto(f"/o/{school.code}/activities/{sports.pk}/")
    assert_fits_phone(page)
    page.locator(f"a[href='/o/{school.code}/activities/{sports.pk}/signup/']").click()
    page.select_option("select[name=q1], select[name=size]", "M")
    screenshot(page, "activities-1-signup-form")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-testid=my-signup]")).to_be_visible()
    assert SignUp.objects.get(member=member).answers == {"size": "M"}
    assert_fits_phone(page)
    screenshot(page, "activities-2-signed-up")

    # The organiser opens the QR code page; the code's URL is what a phone camera opens.
    desk = browser.new_context(base_url=live_server.url, **PHONE)
    log_in(desk, organiser, live_server)
    qr_page = desk.new_page()
    qr_page.goto(f"/o/{school.code}/activities/{sports.pk}/qr/")
    expect(qr_page.locator("[data-testid=qr] svg")).to_be_visible()
    url = qr_page.locator("[data-testid=checkin-url]").get_attribute("href")
    screenshot(qr_page, "activities-3-qr-code")
    desk.close()

    page.goto(url)
    expect(page.locator("[data-testid=checkin].alert-success")).to_contain_text("林晓")
    assert_fits_phone(page)
    screenshot(page, "activities-4-checked-in")
    page.goto(url)
    expect(page.locator("[data-testid=checkin].alert-info")).to_contain_text("林晓")
    screenshot(page, "activities-5-already-checked-in")
    assert Attendance.objects.filter(member=member).count() == 1
