from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unionhall.orgs.capabilities import CAPABILITIES, allows

SCHOOL = "school"  # an item shown in every school, whatever the roles


# The navigation bar inside an organisation, in order: each item is its alternatives, and the
# first one the user's capabilities allow is shown (a capability, or SCHOOL, or both).
NAV = (
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


def _capabilities(roles: frozenset[str]) -> frozenset[str]:
    return frozenset(cap for cap in CAPABILITIES if allows(roles, cap))


def links(request: HttpRequest, table) -> list[tuple[str, str]]:
    """`table`'s links (like NAV) that the user's roles in `request.org` allow, as (URL,
    label): for each item, the first alternative the roles allow."""
    org = request.org
    held = _capabilities(frozenset(getattr(request, "roles", frozenset())))
    if org.is_school:
        held = held | {SCHOOL}
    shown = []
    for alternatives in table:
        for needs, name, label in alternatives:
            if held.issuperset(needs):
                shown.append((reverse(name, kwargs={"org": org.code}), label))
                break
    return shown


def current_org(request: HttpRequest) -> dict:
    roles = getattr(request, "roles", frozenset())
    org = getattr(request, "org", None)
    caps = _capabilities(frozenset(roles))
    context = {"org": org, "roles": roles, "caps": caps}
    if org is not None:
        context["org_nav"] = links(request, NAV)
    return context
