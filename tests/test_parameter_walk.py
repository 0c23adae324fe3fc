"""The page walk (tests/pagewalk.py, on the seeded demo district, as the chair, the district's
administrator and a visitor who is not logged in) leads to pages, and no parameter gives a 500
(issue 18): every page of the walk is asked again with each of its query parameters, and a
standard set of names, set to odd values; the public ballot and the public suggestion page are
posted with odd field names and values.

The test client re-raises the exception of a view that fails (`raise_request_exception`), so a
failure is reported with the place it was raised. All failures are collected and reported
together, one line each.
"""

import io
import time
import traceback
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve, reverse

from tests.factories_polls import survey
from tests.pagewalk import Page, demo_starts, walk
from unionhall.demo import register
from unionhall.orgs.models import Organisation, User

pytestmark = [pytest.mark.django_db]

THIRTY_DIGITS = "9" * 30
FIVE_THOUSAND_DIGITS = "1" * 5000

# 0 (and year 0 in four digits), a negative, a year past any school's, full-width digits (a
# Chinese input method's), more digits than any database column holds, more than Python's int()
# reads, text where a number belongs, and the first and last days Python's dates know.
ODD_VALUES = [
    "0",
    "0000",
    "-1",
    "10000",
    "０",
    THIRTY_DIGITS,
    FIVE_THOUSAND_DIGITS,
    "不是数字",
    "0001-01-01",
    "9999-12-31",
]

# Names the site's views read by hand, asked of every page whether its links use them or not.
STANDARD_NAMES = [
    "year",
    "period",
    "page",
    "kind",
    "session",
    "member",
    "q",
    "status",
    "state",
    "rank",
    "level",
    "sort",
    "order",
    "month",
    "half",
    "term",
    "days",
    "theme",
    "category",
    "department",
    "part",
    "start",
    "end",
    "i",
    "festival",
    "holder",
    "template",
    "which",
    "code",
    "next",
]

# Field names a scanner might post: the ballot's q<id> with more digits than int() reads, an id
# past any column, full-width digits, an option of a question that is none, a very long name.
ODD_FIELD_NAMES = [
    f"q{FIVE_THOUSAND_DIGITS}",
    f"q{THIRTY_DIGITS}",
    "q０",
    "q-1",
    f"q1o{FIVE_THOUSAND_DIGITS}",
    "x" * 5000,
]


def _short(text: str) -> str:
    """An address or a field as a report line shows it: long runs of digits counted."""
    return (
        text.replace(FIVE_THOUSAND_DIGITS, "<5000 digits>")
        .replace(THIRTY_DIGITS, "<30 digits>")
        .replace("x" * 5000, "<5000 x>")
    )


class _Failures(list):
    def call(self, who: str, label: str, request) -> None:
        """Make one request; note a 500 or an exception the view let through."""
        try:
            response = request()
        except Exception as error:
            frame = traceback.extract_tb(error.__traceback__)[-1]
            place = f"{frame.filename.rsplit('/unionhall/', 1)[-1]}:{frame.lineno}"
            message = _short(str(error))[:120]
            self.append(f"{who}: {_short(label)} → {type(error).__name__}: {message} ({place})")
            return
        if response.status_code >= 500:
            self.append(f"{who}: {_short(label)} → {response.status_code}")


def _query_with(page: Page, values: dict[str, str]) -> str:
    parts = urlsplit(page.url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(values)
    return f"{parts.path}?{urlencode(query)}"


def _ask_odd_values(client: Client, who: str, pages: list[Page], failures: _Failures) -> int:
    """Each page with every name at once set to each odd value, then each of the page's own
    names alone (a bad value read first may answer before a later one is read), then each
    number in its path set to each odd number a route's converter lets through."""
    asked = 0
    for page in pages:
        if page.status >= 400:
            continue
        names = sorted(page.params | set(STANDARD_NAMES))
        for value in ODD_VALUES:
            url = _query_with(page, dict.fromkeys(names, value))
            failures.call(who, f"{page.path}?<every name>={value}", lambda url=url: client.get(url))
            asked += 1
            for name in sorted(page.params):
                url = _query_with(page, {name: value})
                failures.call(who, url, lambda url=url: client.get(url))
                asked += 1
        match = resolve(page.path)
        for name, number in match.kwargs.items():
            if not isinstance(number, int):
                continue
            for value in ("0", "10000", THIRTY_DIGITS, FIVE_THOUSAND_DIGITS):
                url = reverse(match.view_name, kwargs={**match.kwargs, name: value})
                failures.call(who, url, lambda url=url: client.get(url))
                asked += 1
    return asked


class _PostForms(HTMLParser):
    """The fields of a page's POST forms, with the values the page gives them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {} if (a.get("method") or "").lower() == "post" else None
        elif tag in ("input", "select", "textarea") and self._form is not None and a.get("name"):
            if (a.get("type") or "").lower() in ("submit", "button", "reset", "file"):
                return
            if (a.get("type") or "").lower() in ("checkbox", "radio") and "checked" not in a:
                self._form.setdefault(a["name"], "")
                return
            self._form[a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _post_odd_fields(client: Client, url: str, failures: _Failures) -> int:
    """The page's POST form, posted once per field and odd value (the other fields as the page
    gives them), then with each odd field name added. A ballot accepted along the way uses its
    code, so the odd names come last."""
    page = client.get(url)
    assert page.status_code == 200, url
    parser = _PostForms()
    parser.feed(page.content.decode())
    forms = [form for form in parser.forms if form]
    assert forms, f"{url} has no form to post"
    asked = 0

    def post(data: dict[str, str], label: str) -> None:
        body = urlencode(data)
        failures.call(
            "visitor",
            f"POST {url} {label}",
            lambda: client.post(url, body, content_type="application/x-www-form-urlencoded"),
        )

    for form in forms:
        for name in form:
            for value in ODD_VALUES:
                post({**form, name: value}, f"{name}={value}")
                asked += 1
        for name in ODD_FIELD_NAMES:
            for value in ("1", "satisfied", FIVE_THOUSAND_DIGITS):
                post({**form, name: value}, f"{name}={value}")
                asked += 1
    return asked


@pytest.fixture(scope="module")
def walk_media(tmp_path_factory):
    return tmp_path_factory.mktemp("walk-media")


@pytest.fixture(scope="module")
def walks(django_db_setup, django_db_blocker, walk_media):
    """The demo district, with a poll open for one-time codes (the demo's own poll is closed
    and its codes void, so the visitor's walk starts on a ballot), and each user's walk over it
    with that user's logged-in client; seeded once for the module inside a transaction rolled
    back afterwards, its uploads in a folder of the module's."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=walk_media),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            survey(Organisation.objects.get(code=register.SCHOOL_CODE))
            result = {}
            for username, start in demo_starts().items():
                client = Client()
                if username is not None:
                    client.force_login(User.objects.get(username=username))
                result[username] = (client, walk(client, start))
            yield result
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def media(walk_media, settings):
    """The seeded demo's uploads, for every test of the module (each test otherwise gets an empty
    folder of its own)."""
    settings.MEDIA_ROOT = walk_media


@pytest.mark.parametrize("user", ["chair", "district", None])
def test_every_link_of_the_walk_leads_to_a_page(walks, user):
    _, pages = walks[user]
    broken = [f"{p.url}: {p.status}" for p in pages if p.status not in (200, 302)]
    assert not broken, "\n".join(broken)


def test_the_chair_reaches_every_area_of_the_school(walks):
    _, pages = walks["chair"]
    routes = {p.route for p in pages}
    for area in ("members", "care", "funds", "dues", "congress", "voice", "activities", "polls"):
        assert any(r.startswith(f"{area}:") for r in routes), area
    assert len(pages) > 80


# Some two thousand requests: about three minutes on a quiet machine, three times that on a busy
# CI machine with PostgreSQL, above the suite's ten-minute limit for one test.
@pytest.mark.timeout(1800)
def test_no_parameter_of_any_page_of_the_walk_gives_a_500(walks):
    began = time.monotonic()
    failures = _Failures()
    asked = 0
    public_posts = []
    for username, (client, pages) in walks.items():
        assert len(pages) > 5, f"the walk as {username} found only {[p.url for p in pages]}"
        asked += _ask_odd_values(client, username or "visitor", pages, failures)
        if username is None:
            public_posts = {p.route: p.path for p in pages if p.route in POSTED_ROUTES}
    assert set(public_posts) == POSTED_ROUTES, "the visitor's walk missed a public form"
    for path in public_posts.values():
        asked += _post_odd_fields(Client(), path, failures)
    print(f"{asked} requests in {time.monotonic() - began:.0f} s")
    assert not failures, f"{len(failures)} of {asked} requests failed:\n" + "\n".join(failures)


# The public pages that take a POST without a login: the page a code is typed on (its answer is
# the ballot, whose odd fields tests/test_odd_parameters.py posts), the suggestion box.
POSTED_ROUTES = {"polls_public:enter", "voice_public:submit"}
