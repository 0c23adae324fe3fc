"""Every page of the page walk (tests/pagewalk.py: what the chair, the district administrator
and a visitor reach by following links on the demo district, with the chair's main pages), with
the Content-Security-Policy enforced, at phone and desktop width: no policy violation in the
console, and no serious or critical axe-core finding. The error pages (500, 503, 404, a form
whose CSRF cookie is gone) are styled from static files with no violation. The policy is the
one production sends (settings.CONTENT_SECURITY_POLICY is the same in every environment:
tests/test_csp_sources.py checks it), enforced, not report-only.

axe-core comes from axe-playwright-python (its bundled axe.min.js), run through Playwright's
evaluate, which the page's policy does not govern.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import path
from django.utils import timezone

from tests.browser.helpers import PHONE, log_in, screenshot
from tests.pagewalk import demo_starts, walk
from unionhall import urls as site_urls
from unionhall.archive.models import Archive
from unionhall.care.models import CareVisit
from unionhall.congress.models import Proposal
from unionhall.demo import register
from unionhall.members.models import Member
from unionhall.orgs.models import Organisation, User

pytestmark = pytest.mark.browser

DESKTOP = {**PHONE, "viewport": {"width": 1280, "height": 900}, "is_mobile": False}
DESKTOP.pop("has_touch")

WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ` +
                    `${e.sourceFile}:${e.lineNumber} ${e.sample || ''}`);
});
"""


@pytest.fixture
def demo(db, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(username="chair"), User.objects.get(username="district")


def _chair_pages() -> list[str]:
    school = register.SCHOOL_CODE
    o = f"/o/{school}"
    member = Member.objects.filter(org__code=school, hardship="").exclude(photo="").first()
    member = member or Member.objects.filter(org__code=school).first()
    illness = CareVisit.objects.filter(org__code=school, kind="illness").first()
    proposal = Proposal.objects.filter(org__code=school).first()
    pages = [
        f"{o}/",
        f"{o}/members/",
        f"{o}/members/{member.pk}/",
        f"{o}/care/",
        f"{o}/care/reminders/",
        f"{o}/funds/",
        f"{o}/funds/disclosure/",
        f"{o}/funds/budget/",
        f"{o}/dues/",
        f"{o}/congress/",
        f"{o}/congress/proposals/",
        f"{o}/voice/",
        f"{o}/voice/all/",
        f"{o}/voice/board/",
        f"{o}/reports/summary/",
        f"{o}/roles/",
        f"{o}/sensitive-reads/",
        f"{o}/me/",
        "/password/",
    ]
    if illness:
        pages.append(f"{o}/care/{illness.pk}/")
    if proposal:
        pages.append(f"{o}/congress/proposals/{proposal.pk}/")
    return pages


def _console_watch(page) -> list[str]:
    """The policy violations Chromium reports in the page's console, as they come."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security" in m.text else None)
    return seen


def _axe(page, url: str) -> list[str]:
    """The serious and critical axe-core findings on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for v in Axe().run(page).response["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = [" ".join(n["target"]) for n in v["nodes"][:3]]
            found.append(f"{url} axe {v['impact']} {v['id']}: {v['help']} {targets}")
    return found


@pytest.fixture
def walked(demo) -> dict[str | None, list[str]]:
    """Each user's pages on the walk of the demo district: the HTML pages that answer 200
    (downloads, redirects and refusals left out), as the Django test client reached them."""
    from django.test import Client

    # An archive whose build failed at 40 %, so that the walk reaches its page and progress bar
    # (one still being built reloads itself every 2 seconds, under axe's feet).
    Archive.objects.create(
        org=Organisation.objects.get(code=register.SCHOOL_CODE),
        year=timezone.localdate().year - 1,
        state=Archive.State.FAILED,
        progress=40,
        step="funds",
        requested_by=demo[0],
    )
    pages = {}
    for username, start in demo_starts().items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        pages[username] = [p.url for p in walk(client, start) if p.status == 200 and p.is_html]
    # The walk visits one page per route; the chair's main pages name particular records too
    # (a member with a photo, an illness visit, a proposal).
    pages["chair"] += [url for url in _chair_pages() if url not in pages["chair"]]
    return pages


# Pages whose content arrives after the load event (htmx, when the element shows): wait for it.
LATE_CONTENT = "document.querySelector('[hx-trigger*=intersect], [hx-trigger*=load]') !== null"


def test_every_page_of_the_walk_keeps_the_policy_and_passes_axe(browser, live_server, walked):
    """At phone and desktop width (one seeding for both: it is the slow part)."""
    assert len(walked["chair"]) > 80 and len(walked["district"]) > 10 and walked[None]
    assert any(re.fullmatch(r"/o/[\w-]+/archive/\d+/", url) for url in walked["chair"])
    assert any(url.endswith("/district/compare/") for url in walked["district"])
    problems: list[str] = []
    for width, shape in (("phone", PHONE), ("desktop", DESKTOP)):
        for username, urls in walked.items():
            context = browser.new_context(base_url=live_server.url, **shape)
            context.add_init_script(WATCH_CSP)
            if username:
                log_in(context, User.objects.get(username=username), live_server)
            page = context.new_page()
            console = _console_watch(page)
            for url in urls:
                console.clear()
                who = f"{username or 'visitor'} at {width} width: {url}"
                response = page.goto(url)
                if response is None or response.status != 200:
                    problems.append(f"{who}: {response and response.status}")
                    continue
                if "style-src 'self'" not in response.headers.get("content-security-policy", ""):
                    problems.append(f"{who}: no Content-Security-Policy")
                page.wait_for_load_state("load")
                if page.evaluate(LATE_CONTENT):
                    page.wait_for_load_state("networkidle")
                seen = page.evaluate("window.__csp") + console
                problems += [f"{who} CSP: {v}" for v in seen]
                problems += [f"{who} {finding}" for finding in _axe(page, url)]
            if problems:
                screenshot(page, f"csp-walk-{width}-last")
            context.close()
    assert not problems, "\n".join(problems)


def test_every_other_role_s_own_pages_pass_axe(browser, live_server, walked):
    """The other demo logins (organiser, welfare, treasurer, representative, leader, teacher) at
    desktop width: the pages of their walk that the chair's walk did not reach, and their home
    page (each role sees its own home). The chair's, the district's and a visitor's are above."""
    from django.test import Client

    from unionhall.demo.register import DEMO_LOGINS

    chair_urls = set(walked["chair"])
    home = f"/o/{register.SCHOOL_CODE}/"
    problems: list[str] = []
    for username, _role in DEMO_LOGINS:
        if username in walked:
            continue
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        pages = [p.url for p in walk(client, [home]) if p.status == 200 and p.is_html]
        urls = [home, *(url for url in pages if url not in chair_urls and url != home)]
        context = browser.new_context(base_url=live_server.url, **DESKTOP)
        log_in(context, user, live_server)
        page = context.new_page()
        for url in urls:
            response = page.goto(url)
            if response is None or response.status != 200:
                problems.append(f"{username}: {url}: {response and response.status}")
                continue
            page.wait_for_load_state("load")
            if page.evaluate(LATE_CONTENT):
                page.wait_for_load_state("networkidle")
            problems += [f"{username} {finding}" for finding in _axe(page, url)]
        context.close()
    assert not problems, "\n".join(problems)


def test_the_watch_sees_a_violation_when_there_is_one(browser, live_server, db):
    """The check above would catch inline script: the policy blocks it and the watch says so."""
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.goto("/login/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__ran = true'; document.body.append(s);
                   document.body.setAttribute('style', 'color: red'); }"""
    )
    page.wait_for_function("window.__csp.length >= 2")
    assert page.evaluate("window.__ran") is None
    context.close()


# The error pages, forced: a bug (500) and a database that went away (503), beside the site's
# own pages, with the site's handler500 (tests/test_error_pages.py checks their text).
def _broken(request):
    raise RuntimeError("a bug")


def _database_away(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("broken/", _broken),
    path("database-away/", _database_away),
    *site_urls.urlpatterns,
]
handler500 = site_urls.handler500
RED_BAR = "rgb(165, 40, 52)"  # .bg-union in unionhall.css, nav in error.css


def _styled_without_violation(page, url: str, status: int) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, f"{url}: {response.status}"
    assert "style-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("load")
    bar = page.evaluate("getComputedStyle(document.querySelector('nav')).backgroundColor")
    assert bar == RED_BAR, f"{url}: the page is not styled (its bar is {bar})"
    assert page.evaluate("window.__csp") == [], url


def test_the_error_pages_are_styled_from_static_files_under_the_policy(
    browser, live_server, db, settings
):
    settings.ROOT_URLCONF = __name__
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security" in m.text else None)
    for url, status in (("/broken/", 500), ("/database-away/", 503), ("/no-such-page/", 404)):
        _styled_without_violation(page, url, status)
        screenshot(page, f"error-page-{status}")
    # A login form sent after its CSRF cookie is gone (cookies cleared, a session expired).
    page.goto("/login/")
    context.clear_cookies()
    page.locator("#id_username").fill("chair")
    page.locator("#id_password").fill("pass-word-123")
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.locator("main form button[type=submit]").click()
    assert sent.value.status == 403
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="表单已失效").is_visible()
    assert (
        page.evaluate("getComputedStyle(document.querySelector('nav')).backgroundColor") == RED_BAR
    )
    screenshot(page, "error-page-403-csrf")
    assert page.evaluate("window.__csp") == [] and console == []
    context.close()
