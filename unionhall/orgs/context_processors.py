from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from unionhall.core.urlcache import cached_reverse
from unionhall.orgs.capabilities import CAPABILITIES, allows

SCHOOL = "school"  # an item shown in every school, whatever the roles


class Links(tuple):
    """A table of links (see NAV), hashed by identity: its labels are lazy translations, and
    hashing one translates it, which the memo below would otherwise do on every request."""

    __hash__ = object.__hash__

    def __eq__(self, other) -> bool:
        return self is other


# The navigation bar inside an organisation, in order: each item is its alternatives, and the
# first one the user's capabilities allow is shown (a capability, or SCHOOL, or both).
NAV = Links(
    (
        ((("members.view",), "members:list", _("Member register")),),
        ((("care.view",), "care:list", _("Care visits")),),
        ((("dues.view",), "dues:list", _("Member dues")),),
        (
            (("funds.view",), "funds:list", _("Funds")),
            (("funds.disclosure",), "funds:disclosure", _("Funds disclosure")),
        ),
        ((("congress.view",), "congress:home", _("Staff congress")),),
        ((("activities.view",), "activities:list", _("Activities")),),
        ((("voice.submit",), "voice:submit", _("Suggestion box")),),
        ((("polls.view",), "polls:list", _("Polls")),),
        (
            (("honours.view",), "honours:register", _("Honours")),
            (("competitions.results",), "competitions:list", _("Competitions")),
        ),
        (
            (("mentoring.view",), "mentoring:list", _("Mentoring")),
            ((SCHOOL, "mentoring.log"), "mentoring:mine", _("Mentoring")),
        ),
        ((("archive.build",), "archive:home", _("Archive")),),
        ((("plans.view",), "plans:home", _("Annual plan")),),
        ((("reports.summary",), "reports:summary", _("Work summary")),),
        ((("orgs.roles",), "roles", _("Roles")),),
        ((("district.overview",), "district_overview", _("Schools")),),
        (
            (("district.compare",), "district:home", _("District work")),
            (("district.report",), "district:my_home", _("Reports to the district")),
        ),
        (((SCHOOL,), "members:me", _("My profile")),),
    )
)


NAV_ITEM = '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>'


@lru_cache(maxsize=1024)
def _capabilities(roles: frozenset[str]) -> frozenset[str]:
    return frozenset(cap for cap in CAPABILITIES if allows(roles, cap))


@lru_cache(maxsize=2048)
def _links(table, item_html, code, is_school, caps, language, urlconf, prefix) -> SafeString:
    """A table of links (like NAV) for one organisation and set of capabilities, in one
    language, each written as `item_html` (href, label): the same every request, so built
    once (reversing ~20 URLs and translating ~20 labels per page otherwise)."""
    held = caps | ({SCHOOL} if is_school else set())
    items = []
    for alternatives in table:
        for needs, name, label in alternatives:
            if held.issuperset(needs):
                items.append((cached_reverse(name, kwargs={"org": code}), label))
                break
    return format_html_join("\n", item_html, items)


def links_html(request: HttpRequest, table, item_html: str) -> SafeString:
    """`table`'s links that the user's roles in `request.org` allow, as HTML."""
    org = request.org
    return _links(
        table,
        item_html,
        org.code,
        org.is_school,
        _capabilities(frozenset(getattr(request, "roles", frozenset()))),
        get_language(),
        get_urlconf(),
        get_script_prefix(),
    )


def current_org(request: HttpRequest) -> dict:
    roles = getattr(request, "roles", frozenset())
    org = getattr(request, "org", None)
    caps = _capabilities(frozenset(roles))
    context = {"org": org, "roles": roles, "caps": caps}
    if org is not None:
        context["org_nav"] = links_html(request, NAV, NAV_ITEM)
    return context
