"""On a phone, the welfare officer records a visit that breaks a cap; it is refused with the
rule named. The chair then records it with a written reason, and the expense reaches the ledger."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, pick, screenshot
from tests.factories import MemberFactory
from tests.factories_care import load_rules
from tests.personas import chair_of, welfare_of
from unionhall.care.models import CareVisit
from unionhall.funds.models import LedgerEntry

pytestmark = pytest.mark.browser


def _fill_hardship_visit(page, member_name: str) -> None:
    page.select_option("#id_kind", "hardship")
    pick(page, "members", member_name, member_name)
    page.fill("#id_date", timezone.localdate().isoformat())
    page.check("#id_is_cash")
    page.fill("#id_amount", "2600")
    page.fill("#id_visitors_text", "工会主席、生活福利委员")


def test_a_visit_over_the_cap_is_refused_then_the_chair_overrides(phone, live_server, school):
    load_rules(school)
    member = MemberFactory(org=school, name="孙桂兰", hardship="severe")
    officer, chair = welfare_of(school), chair_of(school)

    log_in(phone, officer, live_server)
    page = phone.new_page()
    page.goto(f"/o/{school.code}/care/new/")
    assert_fits_phone(page)
    _fill_hardship_visit(page, member.name)
    page.locator("main form button[type=submit]").click()
    refusal = page.locator("[data-testid=broken-rules]")
    expect(refusal).to_contain_text("2000.00")
    expect(page.locator("#id_override_reason")).to_have_count(0)
    assert_fits_phone(page)
    screenshot(page, "care-1-cap-refused")
    assert not CareVisit.objects.exists()

    phone.clear_cookies()
    log_in(phone, chair, live_server)
    page.goto(f"/o/{school.code}/care/new/")
    _fill_hardship_visit(page, member.name)
    page.fill("#id_override_reason", "家属重大疾病，经工会委员会集体研究同意")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_contain_text(timezone.localdate().isoformat())
    expect(page.locator("main")).to_contain_text("集体研究")
    assert_fits_phone(page)
    screenshot(page, "care-2-overridden")
    visit = CareVisit.objects.get()
    assert visit.overridden_by == chair
    assert LedgerEntry.objects.get().amount == Decimal("-2600.00")


def test_the_reminders_fit_a_phone(phone, live_server, school):
    MemberFactory.create_batch(4, org=school, status="retired")
    MemberFactory(
        org=school, name="庞丽娟", birth_date=timezone.localdate().replace(year=1980)
    )  # 1980 is a leap year
    log_in(phone, welfare_of(school), live_server)
    page = phone.new_page()
    page.goto(f"/o/{school.code}/care/reminders/?days=30")
    expect(page.locator("[data-section=birthdays]")).to_contain_text("庞丽娟")
    assert_fits_phone(page)
    screenshot(page, "care-3-reminders")
