"""The figures of a school's home page and of the district overview come from indicators, and
every number leads to the records behind it: following the link lists exactly that many rows."""

import datetime as dt
import re

import pytest

from tests.factories import MemberFactory, SchoolFactory, UserFactory, grant

pytestmark = pytest.mark.usefixtures("english")

FIGURE = re.compile(
    r'<a [^>]*href="(?P<href>[^"]+)"[^>]*data-figure="(?P<key>[^"]+)">(?P<n>[^<]+)<'
)


def _register(school, *, active_women=2, active_men=1, retirees=1):
    MemberFactory.create_batch(active_women, org=school, gender="F")
    MemberFactory.create_batch(active_men, org=school, gender="M")
    MemberFactory.create_batch(
        retirees, org=school, status="retired", retired_on=dt.date(2020, 7, 1)
    )
    MemberFactory(org=school, status="transferred", left_on=dt.date(2021, 1, 1))


def _figures(html: str) -> dict[str, tuple[str, str]]:
    return {m["key"]: (m["href"].replace("&amp;", "&"), m["n"]) for m in FIGURE.finditer(html)}


def _rows_behind(client, href: str) -> int:
    page = client.get(href)
    assert page.status_code == 200, href
    html = page.content.decode()
    shown = html.count('<li class="list-group-item">')
    assert f"{shown} record" in html  # "3 records behind this figure"
    return shown


def test_every_number_on_the_home_page_leads_to_its_records(client, school):
    _register(school, active_women=3, active_men=2, retirees=2)
    client.force_login(grant(UserFactory(), school, "chair"))
    html = client.get(f"/o/{school.code}/").content.decode()
    figures = _figures(html)
    assert {key: n for key, (_href, n) in figures.items()} == {
        "active": "5",
        "women": "3",
        "retired": "2",
    }
    for key, (href, n) in figures.items():
        assert _rows_behind(client, href) == int(n), key


def test_a_member_sees_the_numbers_without_the_records(client, school):
    _register(school)
    client.force_login(grant(UserFactory(), school, "member"))
    html = client.get(f"/o/{school.code}/").content.decode()
    assert _figures(html) == {}
    assert '<span data-figure="active">3</span>' in html


def test_an_empty_register_is_not_recorded_rather_than_zero(client, school):
    client.force_login(grant(UserFactory(), school, "chair"))
    html = client.get(f"/o/{school.code}/").content.decode()
    assert {n for _href, n in _figures(html).values()} == {"not recorded"}


def test_the_home_page_query_count_does_not_grow_with_the_members(
    client, school, django_assert_num_queries
):
    client.force_login(grant(UserFactory(), school, "chair"))
    _register(school)
    # session, user, roles, unread notices; one count per figure; the chair's "to do" list
    # (tests/test_home_today.py pins it per role)
    with django_assert_num_queries(23):
        client.get(f"/o/{school.code}/")
    _register(school, active_women=20, retirees=5)
    with django_assert_num_queries(23):
        html = client.get(f"/o/{school.code}/").content.decode()
    assert _figures(html)["women"][1] == "22"


@pytest.fixture
def district_admin(school):
    return grant(UserFactory(), school.parent, "district_admin")


def test_every_number_on_the_district_overview_leads_to_that_schools_records(
    client, school, other_school, district_admin
):
    _register(school, active_women=2, active_men=2, retirees=1)
    _register(other_school, active_women=1, active_men=0, retirees=3)
    client.force_login(district_admin)
    html = client.get(f"/o/{school.parent.code}/schools/").content.decode()
    links = re.findall(r'<a href="([^"]+)" data-figure="\d">([^<]+)<', html)
    expected = {school.code: ["4", "1"], other_school.code: ["1", "3"]}
    assert [n for _href, n in links] == [n for code in sorted(expected) for n in expected[code]]
    for href, n in links:
        assert _rows_behind(client, href) == int(n), href
    first = min(school, other_school, key=lambda org: org.code)
    records = client.get(links[0][0]).content.decode()
    assert first.name in records
    assert max(school, other_school, key=lambda org: org.code).name not in records


def test_the_district_reads_only_its_own_schools_and_only_the_overviews_figures(
    client, school, district_admin
):
    stranger = SchoolFactory()  # a school of another district
    MemberFactory(org=stranger)
    client.force_login(district_admin)
    base = f"/o/{school.parent.code}/schools"
    assert client.get(f"{base}/{stranger.code}/indicator/members.active/").status_code == 404
    assert client.get(f"{base}/{school.code}/indicator/care.visits/").status_code == 404
    assert client.get(f"{base}/{school.code}/indicator/members.active/").status_code == 200
    # A school's own officers have no role in the district: its pages are not found for them.
    client.force_login(grant(UserFactory(), school, "chair"))
    assert client.get(f"{base}/{school.code}/indicator/members.active/").status_code == 404


def test_the_overview_query_count_does_not_grow_with_the_schools(
    client, school, district_admin, django_assert_num_queries
):
    client.force_login(district_admin)
    url = f"/o/{school.parent.code}/schools/"
    _register(school)
    # session, user, roles, unread notices; the schools; one grouped count per figure
    with django_assert_num_queries(7):
        client.get(url)
    for _n in range(5):
        _register(SchoolFactory(parent=school.parent))
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(re.findall(r'data-figure="\d"', response.content.decode())) == 12
