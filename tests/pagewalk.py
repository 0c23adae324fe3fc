"""The page walk: every page a user reaches by following links from where they start, for tests
that visit them all (odd parameters, the content security policy in a browser).

The walk runs through Django's test client on whatever the database holds (the seeded demo school
in practice). It follows same-site links and GET forms, visits at most `per_route` addresses for
each route and set of query-parameter names (so 100 members' pages cost one visit, not 100), and
records, for each page, the query-parameter names that its links and forms send to it. Forms that
POST are not submitted: the walk only reads.
"""

from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

from django.urls import Resolver404, resolve

# Addresses the walk never follows: they change state on GET by design, or leave the site's pages.
SKIP_PREFIXES = ("/static/", "/media/", "/logout/", "/i18n/", "/healthz", "/admin/")


@dataclass
class Page:
    url: str  # path and query string, as first reached
    route: str  # namespace:name of the view
    status: int
    content_type: str
    params: set[str] = field(default_factory=set)  # query names the site sends to this route
    content: bytes = field(default=b"", repr=False)  # an HTML page's, when the walk keeps them

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    def with_query(self, **values: str) -> str:
        """This page's address with the given query parameters set (the others kept)."""
        parts = urlsplit(self.url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query.update(values)
        return f"{parts.path}?{urlencode(query)}"


class _Links(HTMLParser):
    """The same-site addresses of a page: links, and GET forms with the names of their fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[str, set[str]]] = []
        self._form: tuple[str, set[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = (a.get("action") or "", set()) if method == "get" else None
        elif tag in ("input", "select", "textarea") and self._form is not None and a.get("name"):
            if (a.get("type") or "").lower() not in ("submit", "button", "reset"):
                self._form[1].add(a["name"])

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _local(href: str, base: str) -> str | None:
    """The path and query of a same-site link, or None for another site, a fragment or a mailto."""
    href, _ = urldefrag(href)
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.netloc not in ("testserver", "localhost", "127.0.0.1"):
            return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    if path.startswith(SKIP_PREFIXES):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def walk(
    client, start: list[str], *, per_route: int = 1, limit: int = 600, keep_content: bool = False
) -> list[Page]:
    """The pages reachable from `start` for the client's user, in the order first reached.

    `per_route` addresses are visited for each route and set of query names; `limit` bounds the
    whole walk (a test fails rather than walking forever if links multiply without end);
    `keep_content` keeps each HTML page's content on its Page."""
    pages: list[Page] = []
    seen_keys: dict[tuple, int] = defaultdict(int)
    params: dict[str, set[str]] = defaultdict(set)
    queued: set[str] = set()
    queue: deque[str] = deque()

    def offer(url: str) -> None:
        parts = urlsplit(url)
        route = _route(parts.path)
        if route is None:
            return
        names = frozenset(k for k, _ in parse_qsl(parts.query, keep_blank_values=True))
        params[route] |= names
        key = (route, names)
        if url in queued or seen_keys[key] >= per_route:
            return
        seen_keys[key] += 1
        queued.add(url)
        queue.append(url)

    for url in start:
        offer(url)
    while queue:
        if len(pages) >= limit:
            raise AssertionError(f"the walk passed {limit} pages: do links multiply without end?")
        url = queue.popleft()
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        page = Page(url, _route(urlsplit(url).path) or "", response.status_code, content_type)
        pages.append(page)
        if response.status_code in (301, 302) and (local := _local(response["Location"], url)):
            offer(local)
        if response.status_code != 200 or not page.is_html:
            continue
        if keep_content:
            page.content = response.content
        parser = _Links()
        parser.feed(response.content.decode(errors="replace"))
        for href in parser.links:
            local = _local(href, url)
            if local:
                offer(local)
        for action, names in parser.forms:
            local = _local(action or url, url)
            if local:
                route = _route(urlsplit(local).path)
                if route:
                    params[route] |= names
                offer(urlsplit(local).path)
    for page in pages:
        page.params = set(params[page.route])
    return pages


def demo_starts() -> dict[str, list[str]]:
    """Where each kind of user starts on the seeded demo district: the usernames seed_demo
    creates (None for a visitor who is not logged in) and their first pages."""
    from unionhall.demo import register

    school, district = register.SCHOOL_CODE, register.DISTRICT_CODE
    # The code entry page: a code is posted there, never put in an address.
    public = ["/login/", f"/p/{school}/suggest/", f"/p/{school}/answers/", f"/p/{school}/polls/"]
    return {
        "chair": [f"/o/{school}/", "/password/"],
        "district": [f"/o/{district}/"],
        None: public,
    }
