"""What the browser journeys share: screenshots, the phone-width check, a quick sign-in."""

import re
from pathlib import Path

from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE_WIDTH = 375
# How long a browser action waits (ms): generous, as a CI machine's two cores run Chromium, the
# live server and the test at once; a passing journey does not wait for it.
TIMEOUT_MS = 20_000
PHONE = {  # the browser context options of every journey
    "viewport": {"width": PHONE_WIDTH, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
PASSWORD = "pass-word-123"  # what tests.factories.UserFactory sets


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_fits_phone(page) -> None:
    """Nothing sticks out sideways: the page never scrolls horizontally on a 375 px phone."""
    # Lazy images take their width only once loaded: load them all before measuring.
    page.evaluate(
        """() => Promise.all([...document.images].map(img => {
            img.loading = 'eager';
            return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
        }))"""
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE_WIDTH:
        culprits = page.evaluate(
            """limit => {
              const out = e => e.getBoundingClientRect().right > limit + 1;
              return [...document.body.querySelectorAll('*')]
                .filter(e => out(e) && ![...e.children].some(out))
                .slice(0, 5)
                .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> ${
                    (e.innerText || '').slice(0, 40)}`);
            }""",
            PHONE_WIDTH,
        )
        raise AssertionError(
            f"{page.url} is {width} px wide on a {PHONE_WIDTH} px phone; sticking out: {culprits}"
        )


def log_in(context, user, live_server) -> None:
    """Give the browser a signed-in session for user, without going through the login form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    cookie = {"name": name, "value": client.cookies[name].value, "url": live_server.url}
    context.add_cookies([cookie])


def pick(page, field: str, typed: str, *names: str) -> None:
    """In the form's picker `field` (core/picker.py), type `typed` and tick each of `names`
    among the matches; each then shows among the chosen."""
    page.fill(f"#id_{field}", typed)
    for name in names:
        page.locator(f"#id_{field}_matches label", has_text=name).first.click()
        chosen = page.locator(f"[data-picker-chosen] input[name={field}]:checked")
        expect(chosen.locator("xpath=..").filter(has_text=name)).to_have_count(1)
