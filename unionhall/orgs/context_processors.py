from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.orgs.capabilities import CAPABILITIES, allows

SCHOOL = "school"  # an item shown in every school, whatever the roles
DISTRICT = "district"  # an item shown only in a district (the district's own work)


# The navigation bar inside an organisation: a few menus, each a list of sections (a divider
# between them), each section a list of items; an item is its alternatives, and the first one the
# user's capabilities allow is shown (a capability, or SCHOOL, or both). A menu none of whose
# items is allowed is not shown. Eight short menus fit on one line at 1366 px; the phone menu
# shows them one under the other.
MENUS = (
    (
        pgettext_lazy("menu", "Members"),
        (
            (
                ((("members.view",), "members:list", _("Member register")),),
                ((("members.edit",), "members:create", _("Add a member")),),
                ((("members.import",), "members:import", _("Import members from Excel")),),
            ),
            (
                ((("orgs.roles",), "roles", _("Roles")),),
                (((SCHOOL, "orgs.unlock"), "locked_logins", _("Locked logins")),),
                ((("orgs.sensitive_log",), "sensitive_log", _("Reads of sensitive data")),),
                ((("orgs.setup",), "school_setup", _("School settings")),),
                ((("orgs.setup",), "departments", _("Departments")),),
            ),
        ),
    ),
    (
        pgettext_lazy("menu", "Care"),
        (
            (
                ((("care.view",), "care:list", _("Care visits")),),
                ((("care.record",), "care:create", _("Record a care visit")),),
                ((("care.reminders",), "care:reminders", _("Care reminders")),),
                ((("care.view",), "care:rules", _("Care rules")),),
                ((("care.override",), "care:overrides", _("Care rule overrides")),),
            ),
        ),
    ),
    (
        pgettext_lazy("menu", "Funds"),
        (
            (
                (
                    (("funds.view",), "funds:list", _("Funds ledger")),
                    (("funds.disclosure",), "funds:disclosure", _("Funds disclosure")),
                ),
                ((("funds.view",), "funds:disclosure", _("Funds disclosure")),),
                ((("funds.post",), "funds:create", _("Post to the ledger")),),
                ((("funds.budget",), "funds:budget", _("Budget")),),
            ),
            (
                ((("dues.view",), "dues:list", _("Member dues")),),
                ((("dues.record",), "dues:collect", _("Record dues collections")),),
                ((("dues.view",), "dues:arrears", _("Dues arrears")),),
                ((("dues.settings",), "dues:settings", _("Dues settings")),),
            ),
        ),
    ),
    (
        pgettext_lazy("menu", "Congress"),
        (
            (
                ((("congress.view",), "congress:home", _("Staff congress")),),
                ((("congress.view",), "congress:proposals", _("Proposals")),),
                ((("congress.submit",), "congress:proposal_create", _("Submit a proposal")),),
                (
                    (
                        ("congress.enter_paper",),
                        "congress:proposal_paper",
                        _("Type in a proposal from paper"),
                    ),
                ),
                ((("congress.overdue",), "congress:overdue", _("Overdue answers")),),
            ),
            (
                ((("voice.submit",), "voice:submit", _("Suggestion box")),),
                ((("voice.board",), "voice:board", _("Answers board")),),
                ((("voice.answer",), "voice:inbox", _("Suggestions for me to answer")),),
                ((("voice.manage",), "voice:list", _("All suggestions")),),
                (
                    (
                        ("voice.enter_paper",),
                        "voice:paper_batch",
                        _("Type in suggestions from paper"),
                    ),
                ),
            ),
        ),
    ),
    (
        pgettext_lazy("menu", "Activities"),
        (
            (
                ((("activities.view",), "activities:list", _("Activities")),),
                ((("activities.manage",), "activities:create", _("New activity")),),
                ((("activities.view",), "activities:clubs", _("Clubs")),),
            ),
            (
                ((("competitions.results",), "competitions:list", _("Competitions")),),
                ((("competitions.manage",), "competitions:create", _("New competition")),),
                ((("competitions.override",), "competitions:policy", _("Prize rules")),),
            ),
            (
                ((("honours.view",), "honours:register", _("Honours")),),
                ((("honours.record",), "honours:create", _("Record an honour")),),
                ((("honours.record",), "honours:import", _("Import honours from Excel")),),
            ),
            (
                (
                    (("mentoring.view",), "mentoring:list", _("Mentoring")),
                    ((SCHOOL, "mentoring.log"), "mentoring:mine", _("Mentoring")),
                ),
            ),
        ),
    ),
    (
        pgettext_lazy("menu", "Polls"),
        (
            (
                ((("polls.view",), "polls:list", _("Polls")),),
                ((("polls.manage",), "polls:create", _("New poll")),),
                ((("polls.manage",), "polls:selections", _("Selections")),),
                ((("polls.manage",), "polls:classes", _("Classes")),),
            ),
        ),
    ),
    (
        pgettext_lazy("menu", "Year's work"),
        (
            (
                ((("plans.view",), "plans:home", _("Annual plan")),),
                ((("reports.summary",), "reports:summary", _("Work summary")),),
                ((("reports.template",), "reports:template", _("Summary template")),),
                ((("archive.build",), "archive:home", _("Archive")),),
                ((("district.report",), "district:my_home", _("Reports to the district")),),
            ),
        ),
    ),
    (
        pgettext_lazy("menu", "District"),
        (
            (
                ((("district.overview",), "district_overview", _("Schools")),),
                ((("district.schools",), "district_schools", _("Manage schools")),),
                (((DISTRICT, "orgs.unlock"), "locked_logins", _("Locked logins")),),
            ),
            (
                ((("district.compare",), "district:home", _("District work")),),
                ((("district.returns",), "district:returns_index", _("Annual returns")),),
                ((("district.calls",), "district:calls", _("Data calls")),),
                ((("district.calls",), "district:congress_reports", _("Congress reports")),),
                ((("district.assess",), "district:assessment_index", _("Assessment")),),
                ((("district.holidays",), "district:holidays", _("Official holidays")),),
            ),
        ),
    ),
)

# One's own things, in the menu under one's name (beside "Log out").
MINE = (
    (((SCHOOL,), "members:me", _("My profile")),),
    ((("dues.self",), "dues:mine", _("My dues")),),
    ((("voice.submit",), "voice:mine", _("My suggestions")),),
    ((("activities.join",), "activities:mine", _("My activities")),),
    (((SCHOOL, "mentoring.log"), "mentoring:mine", _("My mentoring")),),
    ((("notices.own",), "notices:list", _("Notices")),),
)


def _capabilities(roles: frozenset[str]) -> frozenset[str]:
    return frozenset(cap for cap in CAPABILITIES if allows(roles, cap))


def _held(request: HttpRequest) -> frozenset[str]:
    held = _capabilities(frozenset(getattr(request, "roles", frozenset())))
    held = held | {SCHOOL if request.org.is_school else DISTRICT}
    return held


def _shown(org, held, table) -> list[tuple[str, str]]:
    shown = []
    for alternatives in table:
        for needs, name, label in alternatives:
            if held.issuperset(needs):
                shown.append((reverse(name, kwargs={"org": org.code}), label))
                break
    return shown


def links(request: HttpRequest, table) -> list[tuple[str, str]]:
    """`table`'s links (like MINE) that the user's roles in `request.org` allow, as (URL,
    label): for each item, the first alternative the roles allow."""
    return _shown(request.org, _held(request), table)


def menus(request: HttpRequest) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """The menus of MENUS the user's roles in `request.org` allow, as (label, sections), each
    section a non-empty list of (URL, label); a menu with nothing allowed is left out."""
    held = _held(request)
    shown = []
    for label, sections in MENUS:
        allowed = [links for section in sections if (links := _shown(request.org, held, section))]
        if allowed:
            shown.append((label, allowed))
    return shown


def current_org(request: HttpRequest) -> dict:
    roles = getattr(request, "roles", frozenset())
    org = getattr(request, "org", None)
    caps = _capabilities(frozenset(roles))
    context = {"org": org, "roles": roles, "caps": caps}
    if org is not None:
        context["org_menus"] = menus(request)
        context["org_mine"] = links(request, MINE)
    return context
