"""On a phone, the welfare officer gives this month's birthday gifts in one go: she previews
the people whose birthday falls in the month, unticks one, and records the rest as one visit."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, screenshot
from tests.factories import MemberFactory
from tests.factories_care import load_rules
from tests.personas import welfare_of
from unionhall.care.models import CareRecipient, CareVisit

pytestmark = pytest.mark.browser


def test_the_welfare_officer_gives_a_months_birthday_gifts(phone, live_server, school):
    load_rules(school)
    today = timezone.localdate()
    month = today.month
    born = [
        MemberFactory(org=school, name=name, birth_date=dt.date(1980 + n, month, 1 + n))
        for n, name in enumerate(["王丽", "李强", "张敏"])
    ]
    log_in(phone, welfare_of(school), live_server)
    page = phone.new_page()
    page.goto(f"/o/{school.code}/care/batch/birthdays/")
    assert_fits_phone(page)
    expect(page.locator("#id_amount")).to_have_value("300.00")  # the rule's standard
    page.fill("#id_goods", "生日蛋糕券")
    page.locator("main form button[name=preview]").click()
    preview = page.locator("[data-testid=batch-preview]")
    for member in born:
        expect(preview).to_contain_text(member.name)
    assert_fits_phone(page)
    screenshot(page, "care-batch-1-preview")
    page.uncheck(f"#member-{born[1].pk}")
    page.locator("main form button[name=confirm]").click()
    expect(page.locator("main h1")).to_contain_text(today.isoformat())
    screenshot(page, "care-batch-2-recorded")
    visit = CareVisit.objects.get()
    assert set(CareRecipient.objects.filter(visit=visit).values_list("member_id", flat=True)) == {
        born[0].pk,
        born[2].pk,
    }
