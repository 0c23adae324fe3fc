"""The member, care and proposal lists write their rows in Python (`core/rowhtml.py`): what a
reader sees in each row, escaped as a template would, linked to the record's own page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.factories_congress import make_congress, submit
from tests.personas import chair_of, leader_of, welfare_of
from unionhall.care import services as care_services
from unionhall.core.paging import page_of
from unionhall.core.rowhtml import rows, text
from unionhall.core.urlcache import url_for_each
from unionhall.members.models import Member

pytestmark = pytest.mark.django_db

HOSTILE = "<b>王&\"芳'</b>"


def _body_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr.*?</tr>", body, re.S)


@pytest.mark.parametrize("value", [HOSTILE, "张三", 12, "a & b", "<script>"])
def test_text_escapes_as_a_template_does(value):
    assert text(value) == escape(value)


def test_text_leaves_html_that_is_already_safe_alone():
    assert text(mark_safe("<i>x</i>")) == "<i>x</i>"


def test_an_empty_list_says_so_across_every_column():
    html = rows([], empty="没有 <记录>", columns=4)
    assert html == (
        '<tr><td colspan="4" class="text-center text-secondary py-4">没有 &lt;记录&gt;</td></tr>'
    )


def test_each_row_url_is_the_one_reverse_gives(school):
    detail = url_for_each("members:detail", org=school.code)
    for pk in (1, 7, 2147483646):
        assert detail(pk) == reverse("members:detail", kwargs={"org": school.code, "pk": pk})


def test_an_argument_holding_the_stand_in_still_gets_the_right_url():
    code = "s2147483647"
    detail = url_for_each("members:detail", org=code)
    assert detail(5) == reverse("members:detail", kwargs={"org": code, "pk": 5})


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


@pytest.mark.parametrize(
    ("asked", "shown", "rows"), [("2", 2, 10), ("9", 3, 5), ("x", 1, 10), ("-1", 1, 10)]
)
def test_a_page_and_its_total_come_from_one_query(school, asked, shown, rows):

    MemberFactory.create_batch(25, org=school)
    listed = Member.objects.filter(org=school).order_by("id").values("id", "name")
    with CaptureQueriesContext(connection) as queries:
        page = page_of(listed, asked, per_page=10)
        assert (page.number, len(page.object_list)) == (shown, rows)
        assert page.paginator.count == 25 and page.paginator.num_pages == 3
    # past the end it counts, as Paginator.get_page does, to find the last page
    assert len(queries) == (1 if asked != "9" else 3)
    assert set(page.object_list[0]) == {"id", "name"}
    assert [r["id"] for r in page.object_list] == [
        r["id"] for r in listed[(shown - 1) * 10 : shown * 10]
    ]


def test_an_empty_list_is_one_empty_page(school):
    page = page_of(Member.objects.filter(org=school).values("id"), "1", per_page=10)
    assert (page.paginator.count, page.paginator.num_pages, list(page)) == (0, 1, [])
