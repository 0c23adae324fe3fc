"""The visit form shows the fields a kind needs, with no script error on the page."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.personas import welfare_of

pytestmark = pytest.mark.browser


def test_choosing_a_kind_shows_its_fields(phone, live_server, school):
    log_in(phone, welfare_of(school), live_server)
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(f"/o/{school.code}/care/new/")
    festival, illness = page.locator("[data-field=festival]"), page.locator("[data-field=illness]")
    expect(festival).to_be_hidden()
    page.select_option("#id_kind", "festival")
    expect(festival).to_be_visible()
    expect(illness).to_be_hidden()
    page.select_option("#id_kind", "illness")
    expect(illness).to_be_visible()
    expect(festival).to_be_hidden()
    assert errors == []
