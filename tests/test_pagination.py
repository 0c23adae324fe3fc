"""Every paged list shares one pager: its links turn the page and keep the list's filters."""

import datetime as dt
import html
import re

import pytest

from tests.factories import DepartmentFactory, MemberFactory, UserFactory, grant
from tests.factories_care import record

pytestmark = pytest.mark.usefixtures("english")


def _pager_link(body: str, label: str) -> str:
    nav = re.search(r'<nav aria-label="Pages">.*?</nav>', body, re.S)
    assert nav, "no pager on the page"
    link = re.search(rf'<a class="page-link" href="([^"]*)"[^>]*>{label}</a>', nav.group(0))
    assert link, f"no {label} link in the pager"
    return html.unescape(link.group(1))


def test_the_member_list_pages_within_its_filter(client, school):
    client.force_login(grant(UserFactory(), school, "chair"))
    maths = DepartmentFactory(org=school, name="数学组")
    MemberFactory.create_batch(53, org=school, department=maths)
    MemberFactory.create_batch(
        3, org=school, department=DepartmentFactory(org=school, name="语文组")
    )
    url = f"/o/{school.code}/members/"

    first = client.get(url, {"department": maths.pk}).content.decode()
    assert "Page 1 of 2" in first
    following = _pager_link(first, "Next")
    assert following == f"?department={maths.pk}&page=2"
    assert f'hx-get="?department={maths.pk}&amp;page=2" hx-target="#results"' in first

    second = client.get(url + following)
    assert [m.department_id for m in second.context["page"]] == [maths.pk] * 3
    assert _pager_link(second.content.decode(), "Previous") == f"?department={maths.pk}&page=1"


def test_the_pager_in_an_htmx_fragment_keeps_the_filter_too(client, school):
    client.force_login(grant(UserFactory(), school, "chair"))
    MemberFactory.create_batch(51, org=school, status="retired")
    response = client.get(
        f"/o/{school.code}/members/", {"status": "retired", "q": ""}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert _pager_link(body, "Next") == "?status=retired&q=&page=2"


def test_the_care_list_pages_within_its_year_and_kind(client, school, monkeypatch):
    monkeypatch.setattr("unionhall.care.views.PAGE_SIZE", 2)
    chair = grant(UserFactory(), school, "chair")
    last_year = dt.date.today().year - 1
    for day in (1, 2, 3):
        record(school, chair, date=dt.date(last_year, 3, day))
    record(school, chair, date=dt.date(last_year, 3, 4), kind="wedding")
    client.force_login(chair)
    url = f"/o/{school.code}/care/"

    first = client.get(url, {"year": last_year, "kind": "other"}).content.decode()
    following = _pager_link(first, "Next")
    assert following == f"?year={last_year}&kind=other&page=2"
    second = client.get(url + following)
    assert [v.date for v in second.context["page"]] == [dt.date(last_year, 3, 1)]
