"""A chair opens the year-end summary on a phone and downloads it as .docx."""

import io
import os
import shutil

import pytest
from docx import Document

from tests.factories import UserFactory, grant
from tests.factories_reports import funds_indicators, school_year_2025  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("funds_indicators")]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def phone():
    """A phone-sized Chromium browser context."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(
            viewport={"width": 375, "height": 800}, locale="en-US", accept_downloads=True
        )
        yield context
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_it_downloads_the_summary_from_the_summary_page(phone, live_server, client, settings):
    from tests.factories import SchoolFactory

    school = SchoolFactory()
    chair = UserFactory(username="chair-browser")
    grant(chair, school, "chair")
    expected = school_year_2025(school, chair)

    client.force_login(chair)
    session = client.cookies["sessionid"].value
    page = phone.new_page()
    phone.add_cookies(
        [
            {"name": "sessionid", "value": session, "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
        ]
    )
    page.goto(f"{live_server.url}/o/{school.code}/reports/summary/?period=2025-2026")
    assert page.locator(f"a:text-is('{expected['members']}')").first.is_visible()

    with page.expect_download() as download_info:
        page.click("a[href*='summary.docx']")
    download = download_info.value
    content = open(download.path(), "rb").read()
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert f"{expected['members']} members" in text
    assert expected["balance"] in text
