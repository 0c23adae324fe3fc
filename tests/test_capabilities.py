"""The capability table: every view declares one, and each role gets exactly what the table says."""

import pytest

from tests.factories import DistrictFactory, MemberFactory, SchoolFactory, UserFactory, grant
from tests.urlwalk import all_routes
from unionhall.orgs.capabilities import AUTHENTICATED, CAPABILITIES, PUBLIC, allows
from unionhall.orgs.roles import Role

# Views that answer a GET with a redirect by design (they lead somewhere else).
REDIRECTS = {"org_home"}


def test_every_view_declares_a_known_capability():
    undeclared = []
    for route in all_routes():
        capability = getattr(route.view, "capability", None)
        if capability not in {PUBLIC, AUTHENTICATED} and capability not in CAPABILITIES:
            undeclared.append(f"{route.route} ({route.name}): {capability!r}")
    assert not undeclared, "views without a declared capability:\n" + "\n".join(undeclared)


def test_every_capability_is_used_or_is_a_sub_capability():
    declared = {getattr(r.view, "capability", None) for r in all_routes()}
    # members.view_sensitive and polls.comments are checked inside views, not declared by one.
    unused = set(CAPABILITIES) - declared - {"members.view_sensitive", "polls.comments"}
    assert not unused, f"capabilities no view declares (remove or use them): {sorted(unused)}"


def _org_only_routes():
    """Routes whose only parameter is the organisation: they can be called for every role."""
    return [r for r in all_routes() if r.params == ["org"]]


@pytest.fixture
def district_and_school(db):
    district = DistrictFactory()
    school = SchoolFactory(parent=district)
    MemberFactory(org=school)
    return district, school


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_gets_what_the_table_says(client, district_and_school, role):
    district, school = district_and_school
    org = district if role == Role.DISTRICT_ADMIN else school
    user = grant(UserFactory(), org, role)
    if role != Role.DISTRICT_ADMIN:
        MemberFactory(org=school, user=user)
    client.force_login(user)
    wrong = []
    for route in _org_only_routes():
        if route.view.capability in {PUBLIC, AUTHENTICATED}:
            continue
        url = "/" + route.route.replace("<slug:org>", org.code)
        response = client.get(url)
        if response.status_code == 405:  # POST-only views
            continue
        allowed = allows({role}, route.view.capability)
        if allowed:
            expected = {302} if route.name in REDIRECTS and not org.is_school else {200}
        else:
            expected = {403, 404}
        if response.status_code not in expected:
            wrong.append(f"{url} as {role}: {response.status_code}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_no_role_reaches_another_organisations_pages(client, district_and_school, role):
    district, school = district_and_school
    other = SchoolFactory(parent=district)
    own = district if role == Role.DISTRICT_ADMIN else other
    client.force_login(grant(UserFactory(), own, role))
    leaks = []
    for route in _org_only_routes():
        if route.view.capability in {PUBLIC, AUTHENTICATED}:
            continue
        url = "/" + route.route.replace("<slug:org>", school.code)
        status = client.get(url).status_code
        if status not in {404, 405}:
            leaks.append(f"{url} as {role} of {own.code}: {status}")
    assert not leaks, "\n".join(leaks)


def test_anonymous_users_are_sent_to_log_in(client, district_and_school):
    _district, school = district_and_school
    for route in _org_only_routes():
        if route.view.capability == PUBLIC:
            continue
        url = "/" + route.route.replace("<slug:org>", school.code)
        response = client.get(url)
        if response.status_code == 405:
            continue
        assert response.status_code == 302 and "/login/" in response["Location"], url
