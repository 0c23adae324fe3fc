"""The member, care and proposal lists: what a reader sees in each row, escaped, linked to the
record's own page."""

import re

import pytest
from django.utils.html import escape

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.factories_congress import make_congress, submit
from tests.personas import chair_of, leader_of, welfare_of
from unionhall.care import services as care_services

pytestmark = pytest.mark.django_db

HOSTILE = "<b>王&\"芳'</b>"


def _body_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr.*?</tr>", body, re.S)


def test_member_rows_link_each_member_and_escape_names(client, school):
    member = MemberFactory(org=school, name=HOSTILE, hardship="severe")
    client.force_login(chair_of(school))
    html = client.get(f"/o/{school.code}/members/").content.decode()
    row = next(r for r in _body_rows(html) if escape(HOSTILE) in r)
    assert f'href="/o/{school.code}/members/{member.pk}/"' in row
    assert HOSTILE not in html
    # the chair sees the hardship column; a school leader does not
    assert row.count("<td") == 7
    client.force_login(leader_of(school))
    html = client.get(f"/o/{school.code}/members/").content.decode()
    row = next(r for r in _body_rows(html) if escape(HOSTILE) in r)
    assert row.count("<td") == 6


def test_a_list_with_no_match_says_so(client, school):
    client.force_login(chair_of(school))
    html = client.get(f"/o/{school.code}/members/", {"q": "无此人"}).content.decode()
    assert "没有符合条件的会员。" in html


def test_a_care_row_names_three_recipients_and_how_many_in_all(client, school):
    load_rules(school)
    welfare = welfare_of(school)
    members = [MemberFactory(org=school, name=f"成员{i}") for i in range(5)]
    visit, _ = record(school, welfare, members=members)
    client.force_login(welfare)
    html = client.get(f"/o/{school.code}/care/?year={visit.date.year}").content.decode()
    (row,) = _body_rows(html)
    assert "成员0、成员1、成员2" in row and "成员3" not in row
    assert "等 5 人" in row


def test_care_rows_show_the_visit_struck_through_when_cancelled(client, school):
    load_rules(school)
    welfare = welfare_of(school)
    kept, _ = record(school, welfare, members=[MemberFactory(org=school, name="李<慰问>")])
    gone, _ = record(school, welfare, members=[MemberFactory(org=school, name="赵撤销")])
    care_services.care_visit_cancel(actor=welfare, visit=gone, reason="重复录入")
    client.force_login(welfare)
    html = client.get(f"/o/{school.code}/care/?year={kept.date.year}").content.decode()
    by_name = {("kept" if "李&lt;慰问&gt;" in r else "gone"): r for r in _body_rows(html)}
    assert f'href="/o/{school.code}/care/{kept.pk}/"' in by_name["kept"]
    assert "line-through" not in by_name["kept"]
    assert "line-through" in by_name["gone"]
    assert "200.00" in by_name["kept"]


def test_proposal_rows_link_each_proposal(client, school):
    congress = make_congress(school)
    proposal = submit(congress, title="关于<食堂>的建议")
    client.force_login(chair_of(school))
    html = client.get(f"/o/{school.code}/congress/proposals/").content.decode()
    (row,) = _body_rows(html)
    assert f'href="/o/{school.code}/congress/proposals/{proposal.pk}/"' in row
    assert "关于&lt;食堂&gt;的建议" in row
    assert f'data-state="{proposal.state}"' in row
