"""The navigation bar: every capability a role holds can be reached from it (a menu item whose
page declares it, or the page where it is exercised), and no role is shown a link it may not
open."""

import re

import pytest
from django.urls import resolve

from tests.factories import DistrictFactory, SchoolFactory, UserFactory, grant
from unionhall.orgs.capabilities import CAPABILITIES, allows
from unionhall.orgs.roles import Role

# Capabilities used on a page rather than opening one of their own: the page the menu leads to.
EXERCISED_ON = {
    "members.view_sensitive": "members:list",
    "members.export": "members:list",
    "orgs.unlock_address": "locked_logins",
    "care.rules": "care:rules",
    "reports.narrative": "reports:summary",
    "congress.manage": "congress:home",
    "congress.review": "congress:proposals",
    "congress.answer": "congress:proposals",
    "mentoring.manage": "mentoring:list",
    "mentoring.assess": "mentoring:list",
    "polls.vote": "polls:list",
    "polls.scrutinise": "polls:list",
    "polls.comments": "polls:list",
    "plans.edit": "plans:home",
}

NAV = re.compile(r'<nav class="navbar.*?</nav>', re.S)
HREF = re.compile(r'href="(/o/[^"]+)"')


def _nav_pages(client, org) -> dict[str, str]:
    """The pages the navigation bar links to: url name → the capability its view declares."""
    html = client.get(f"/o/{org.code}/", follow=True).content.decode()
    pages = {}
    for href in HREF.findall(NAV.search(html).group(0)):
        match = resolve(href)
        pages[match.view_name] = match.func.capability
    return pages


@pytest.fixture
def district(db):
    return DistrictFactory()


@pytest.mark.parametrize("role", list(Role))
def test_every_capability_of_a_role_is_reachable_from_its_menus(client, district, role):
    org = district if role == Role.DISTRICT_ADMIN else SchoolFactory(parent=district)
    client.force_login(grant(UserFactory(), org, role))
    pages = _nav_pages(client, org)
    held = {cap for cap in CAPABILITIES if allows({role}, cap)}
    reached = set(pages.values())
    # Capabilities a district administrator holds inside schools, not in the district itself.
    if role == Role.DISTRICT_ADMIN:
        held -= {"reports.summary", "notices.own"}
    unreachable = {cap for cap in held - reached if EXERCISED_ON.get(cap) not in pages}
    assert not unreachable, f"{role}: nothing in the menus leads to {sorted(unreachable)}"
    # And nothing is shown that the role may not open.
    forbidden = {name: cap for name, cap in pages.items() if not allows({role}, cap)}
    assert not forbidden, f"{role} is shown links it may not open: {forbidden}"


def test_a_member_sees_only_their_own_menus(client, school):
    client.force_login(grant(UserFactory(), school, "member"))
    html = client.get(f"/o/{school.code}/").content.decode()
    nav = NAV.search(html).group(0)
    assert "Member register" not in nav
    assert "Care visits" not in nav
    for shown in ("Funds disclosure", "Suggestion box", "Activities", "Polls", "My dues"):
        assert shown in nav, shown


pytestmark = pytest.mark.usefixtures("english")
