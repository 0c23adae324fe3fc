"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Every page is a phone (375 × 812, touch). Each journey saves screenshots to test-artifacts/; a
failing test also leaves FAILED-<test>.png there. Playwright's own browser download is never
used: the machines have Debian's /usr/bin/chromium (`apt-get install chromium`). Without it the
tests skip on a workstation and FAIL under CI=true, so CI can never go green without them.
"""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import PHONE, TIMEOUT_MS, screenshot

CHROMIUM = Path(os.environ.get("UNIONHALL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.is_file():
        reason = f"Debian's Chromium is not at {CHROMIUM} (apt-get install chromium)"
        if running_in_ci():
            pytest.fail(f"CI=true and {reason}: the browser tests must run in CI", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: a CI machine's two cores run Chromium, the live server and the test at
    # once, and a passing journey does not wait for them.
    expect.set_options(timeout=15_000)

    # Playwright's sync API keeps an asyncio loop running in the main thread, and Django refuses
    # ORM calls from a thread with a running loop; the test code here is plain synchronous code.
    # Set only while the browser runs: `check --deploy` rightly refuses it anywhere else.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def phone(browser, live_server, request):
    """A fresh browser context shaped like a phone, pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for number, page in enumerate(context.pages):
            screenshot(page, f"FAILED-{request.node.name}-{number}")
    context.close()


@pytest.fixture
def page(phone):
    return phone.new_page()
