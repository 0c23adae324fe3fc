"""On a phone, the welfare officer finds members by typing part of a name, picks two for a group
visit (and a visitor by pinyin initials), drops a wrong pick, and saves: the visit has both."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_fits_phone, log_in, pick, screenshot
from tests.factories import MemberFactory
from tests.personas import welfare_of
from unionhall.care.models import CareVisit

pytestmark = pytest.mark.browser


def test_two_members_picked_by_part_of_their_name_share_a_visit(phone, live_server, school):
    MemberFactory(org=school, name="王建国")
    MemberFactory(org=school, name="王建英")
    MemberFactory(org=school, name="王丽")
    MemberFactory(org=school, name="李明")
    officer = welfare_of(school, display_name="赵春燕")
    MemberFactory(org=school, name="赵春燕", user=officer)  # found as a visitor by initials
    log_in(phone, officer, live_server)
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(f"/o/{school.code}/care/new/")
    page.select_option("#id_kind", "wedding")

    page.fill("#id_members", "王建")
    matches = page.locator("#id_members_matches label")
    expect(matches).to_have_count(2)
    expect(page.locator("#id_members_matches")).not_to_contain_text("王丽")
    pick(page, "members", "王建", "王建国", "王建英")
    pick(page, "members", "王丽", "王丽")
    # The wrong pick, unticked, leaves the chosen.
    chosen = page.locator("[data-picker]", has=page.locator("#id_members")).locator(
        "[data-picker-chosen]"
    )
    chosen.locator("label", has_text="王丽").click()
    expect(chosen).not_to_contain_text("王丽")
    expect(chosen.locator("input:checked")).to_have_count(2)
    pick(page, "visitors", "zcy", "赵春燕")
    assert_fits_phone(page)
    screenshot(page, "care-picker-two-members")

    page.fill("#id_date", timezone.localdate().isoformat())
    page.check("#id_is_cash")
    page.fill("#id_amount", "500")
    page.locator("main form button.btn-danger[type=submit]").click()
    expect(page.locator("main h1")).to_contain_text(timezone.localdate().isoformat())
    expect(page.locator("main")).to_contain_text("王建国")
    expect(page.locator("main")).to_contain_text("王建英")
    visit = CareVisit.objects.get()
    assert sorted(m.name for m in visit.members.all()) == ["王建国", "王建英"]
    assert list(visit.visitors.all()) == [officer]
    assert errors == []
