"""A union chair signs in on their phone and lands on their school's home page."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, assert_fits_phone, screenshot
from tests.factories import MemberFactory
from tests.personas import chair_of

pytestmark = pytest.mark.browser


def test_it_logs_in_with_staff_number_and_password_and_lands_on_the_school_home(
    page, live_server, school
):
    chair_of(school, username="T01024", display_name="周丽")
    MemberFactory.create_batch(3, org=school, gender="F")

    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    assert_fits_phone(page)
    page.fill("#id_username", "T01024")
    page.fill("#id_password", "not-the-password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .alert-danger")).to_be_visible()
    screenshot(page, "login-1-wrong-password")

    page.fill("#id_password", PASSWORD)
    screenshot(page, "login-2-form")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/o/{school.code}/")
    expect(page.locator("main h1")).to_have_text(school.name)
    expect(page.locator("[data-figure=active]")).to_have_text("3")
    expect(page.locator("[data-figure=women]")).to_have_text("3")
    assert_fits_phone(page)
    screenshot(page, "login-3-school-home")
