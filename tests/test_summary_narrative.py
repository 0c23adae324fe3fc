"""The chair writes her own paragraphs into the summary: the narrative no ledger holds. They sit
among the computed paragraphs, in the page and in the .docx; the figures stay computed."""

import io

import pytest
from docx import Document

from tests.factories import MemberFactory
from tests.factories_reports import (  # noqa: F401
    funds_indicators,
    only_members_and_funds_sections,
    school_year_2025,
)
from tests.personas import chair_of, welfare_of
from unionhall.core.models import AuditEntry
from unionhall.reports.models import NarrativeParagraph

pytestmark = pytest.mark.usefixtures("funds_indicators", "only_members_and_funds_sections")
PERIOD = "2025-2026"


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def _page(client, school) -> str:
    return client.get(f"/o/{school.code}/reports/summary/", {"period": PERIOD}).content.decode()


def _docx_paragraphs(client, school) -> list[str]:
    response = client.get(f"/o/{school.code}/reports/summary.docx", {"period": PERIOD})
    return [p.text for p in Document(io.BytesIO(response.content)).paragraphs]


def _add(client, school, text, *, section="members", position=1, headers=None):
    return client.post(
        f"/o/{school.code}/reports/summary/narrative/",
        {"period": PERIOD, "section": section, "position": position, "text": text},
        headers=headers or {},
    )


def test_the_chair_adds_a_paragraph_between_the_computed_ones(client, school, chair):
    expected = school_year_2025(school, chair)
    response = _add(client, school, "今年工会重点做好了新教师入会工作。")
    assert response.status_code == 302
    assert response["Location"].endswith("#section-members")

    page = _page(client, school)
    members = page[page.index('id="section-members"') : page.index('id="section-funds"')]
    first_computed = members.index(f">{expected['members']}</a>")
    written = members.index("今年工会重点做好了新教师入会工作。")
    second_computed = members.index(f">{expected['joined']}</a>")
    assert first_computed < written < second_computed

    texts = _docx_paragraphs(client, school)
    written = texts.index("今年工会重点做好了新教师入会工作。")
    assert str(expected["members"]) in texts[written - 1]
    assert str(expected["joined"]) in texts[written + 1]


def test_a_paragraph_at_the_start_and_one_of_several_lines(client, school, chair):
    school_year_2025(school, chair)
    _add(client, school, "开篇的话。", position=0)
    _add(client, school, "第一段。\n\n第二段。", position=2)
    texts = _docx_paragraphs(client, school)
    heading = next(i for i, t in enumerate(texts) if t.startswith("（一）"))
    assert texts[heading + 1] == "开篇的话。"
    written = texts.index("第一段。")
    assert texts[written + 1] == "第二段。"  # a blank line starts a new paragraph


def test_editing_keeps_the_history(client, school, chair):
    school_year_2025(school, chair)
    _add(client, school, "初稿。")
    paragraph = NarrativeParagraph.objects.get(org=school)
    response = client.post(
        f"/o/{school.code}/reports/summary/narrative/{paragraph.pk}/", {"text": "定稿。"}
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == "定稿。"
    history = AuditEntry.objects.filter(object_id=paragraph.pk, org=school).order_by("id")
    assert [entry.changes["text"] for entry in history] == [["", "初稿。"], ["初稿。", "定稿。"]]
    assert all(entry.actor == chair for entry in history)
    page = _page(client, school)
    assert "定稿。" in page and "初稿。" not in page


def test_removing_takes_it_out_but_keeps_the_row(client, school, chair):
    school_year_2025(school, chair)
    _add(client, school, "将要删除的一段。")
    paragraph = NarrativeParagraph.objects.get(org=school)
    response = client.post(f"/o/{school.code}/reports/summary/narrative/{paragraph.pk}/remove/")
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.deleted_at is not None
    assert "将要删除的一段。" not in _page(client, school)
    assert "将要删除的一段。" not in _docx_paragraphs(client, school)
    assert AuditEntry.objects.filter(object_id=paragraph.pk, org=school).count() == 2
    # a removed paragraph can no longer be edited
    edit = client.post(
        f"/o/{school.code}/reports/summary/narrative/{paragraph.pk}/", {"text": "复活"}
    )
    assert edit.status_code == 404


def test_the_figures_stay_computed(client, school, chair):
    expected = school_year_2025(school, chair)
    _add(client, school, "全年会员999人。")  # the chair's words are not a figure
    MemberFactory(org=school)  # the register changes after the paragraph was written
    page = _page(client, school)
    assert f">{expected['members'] + 1}</a>" in page
    assert "全年会员999人。" in page
    # only the chair's own paragraphs can be written to: no section, no figure
    refused = _add(client, school, "篡改", section="no-such-section")
    assert refused.status_code == 302
    assert not NarrativeParagraph.objects.filter(text="篡改").exists()
    empty = _add(client, school, "   ")
    assert empty.status_code == 302
    assert NarrativeParagraph.objects.filter(org=school).count() == 1


def test_the_page_offers_inline_editing_and_htmx_gets_the_section(client, school, chair):
    school_year_2025(school, chair)
    page = _page(client, school)
    # Each place offers to write there; the form is fetched when the chair opens it (htmx), or
    # opened on a page of its own.
    add = f"/o/{school.code}/reports/summary/narrative/?period={PERIOD}&amp;section=members"
    assert f'hx-get="{add}&amp;position=1"' in page
    assert f'href="{add}&amp;position=1"' in page
    assert (
        "csrfmiddlewaretoken"
        not in page[page.index('id="part-work"') : page.index('id="problems"')]
    )
    opened = client.get(
        f"/o/{school.code}/reports/summary/narrative/",
        {"period": PERIOD, "section": "members", "position": 1},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "<html" not in opened  # the form alone, swapped into the page
    assert f'hx-post="/o/{school.code}/reports/summary/narrative/"' in opened
    assert 'hx-select="#section-members"' in opened
    assert 'name="position" value="1"' in opened
    assert "csrfmiddlewaretoken" in opened
    response = _add(client, school, "用htmx加的一段。", headers={"HX-Request": "true"})
    assert response.status_code == 302  # htmx follows the redirect and swaps the section in
    page = _page(client, school)
    assert "用htmx加的一段。" in page

    paragraph = NarrativeParagraph.objects.get(org=school)
    edit = f"/o/{school.code}/reports/summary/narrative/{paragraph.pk}/"
    assert f'hx-get="{edit}"' in page
    opened = client.get(edit, headers={"HX-Request": "true"}).content.decode()
    assert "用htmx加的一段。</textarea>" in opened
    assert f'hx-post="{edit}remove/"' in opened


def test_without_javascript_the_forms_are_pages_of_their_own(client, school, chair):
    school_year_2025(school, chair)
    url = f"/o/{school.code}/reports/summary/narrative/"
    page = client.get(url, {"period": PERIOD, "section": "members", "position": 2})
    assert page.status_code == 200
    text = page.content.decode()
    assert "<html" in text and "hx-post" not in text  # a plain form that posts and comes back
    assert f'href="/o/{school.code}/reports/summary/?period={PERIOD}#section-members"' in text
    unsaid = client.get(url)  # the top of the first section of the latest school year
    assert unsaid.status_code == 200 and 'name="position" value="0"' in unsaid.content.decode()
    for bad in (
        {"period": PERIOD, "section": "no-such-section", "position": 0},
        {"period": "nonsense", "section": "members", "position": 0},
        {"period": PERIOD, "section": "members", "position": "x"},
        {"period": PERIOD, "section": "members", "position": "9" * 5000},
        {"period": PERIOD, "section": "members", "position": -1},
    ):
        assert client.get(url, bad).status_code == 404
    _add(client, school, "写在单独页面上的一段。", position=2)
    paragraph = NarrativeParagraph.objects.get(org=school)
    edit = client.get(f"{url}{paragraph.pk}/").content.decode()
    assert "写在单独页面上的一段。</textarea>" in edit and "hx-post" not in edit


def test_only_the_chair_writes_and_only_in_her_school(client, school, other_school, chair):
    school_year_2025(school, chair)
    _add(client, school, "本校的一段。")
    paragraph = NarrativeParagraph.objects.get(org=school)
    client.force_login(welfare_of(school))
    assert _add(client, school, "委员写的").status_code == 403
    assert "summary/narrative/" not in _page(client, school)
    assert (
        client.get(f"/o/{school.code}/reports/summary/narrative/{paragraph.pk}/").status_code == 403
    )
    assert "本校的一段。" in _page(client, school)  # she reads it in the summary

    client.force_login(chair_of(other_school))
    url = f"/o/{other_school.code}/reports/summary/narrative/{paragraph.pk}/"
    assert client.post(url, {"text": "越界"}).status_code == 404
    paragraph.refresh_from_db()
    assert paragraph.text == "本校的一段。"
