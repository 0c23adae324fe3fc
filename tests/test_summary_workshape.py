"""The summary reads as a 工作总结: an opening paragraph (the chair's, or a computed default),
一、主要工作和成效 numbered (一)(二)…, 二、存在的问题和不足 computed from the ledgers (each item
kept, reworded or left out by the chair), 三、下一步工作打算 from next year's plan, and the
signature kept with the last paragraph; no "未记录" inside a sentence."""

import datetime as dt
import io
import re

import pytest
from docx import Document

from tests.factories import MemberFactory
from tests.factories_reports import school_year_2025
from tests.personas import chair_of
from unionhall.core.indicators import Period
from unionhall.core.models import AuditEntry
from unionhall.members.models import Hardship
from unionhall.orgs.models import Organisation
from unionhall.reports.build import summary_build
from unionhall.reports.models import NarrativeParagraph, ProblemChoice

pytestmark = pytest.mark.django_db

PAGE = "/o/{code}/reports/summary/"
DOCX = "/o/{code}/reports/summary.docx"
YEAR = Period.school_year(2025)
# A one-pixel PNG, a visit's photo.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def _docx_texts(client, school) -> list[str]:
    content = client.get(DOCX.format(code=school.code), {"period": "2025-2026"}).content
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def _hardship_member(school):
    return MemberFactory(
        org=school,
        hardship=Hardship.values[-1],
        hardship_note="家中有重病老人",
        joined_on=dt.date(2015, 9, 1),
    )


def test_the_three_parts_in_order_numbered_throughout(client, school, chair):
    school_year_2025(school, chair)
    _hardship_member(school)
    texts = _docx_texts(client, school)
    headings = [t for t in texts if re.match(r"^[一二三四五六七八九十]+、", t)]
    assert headings[:3] == ["一、主要工作和成效", "二、存在的问题和不足", "三、下一步工作打算"]
    subheadings = [t for t in texts if t.startswith("（")]
    assert subheadings and all(re.match(r"^（[一二三四五六七八九十]+）", t) for t in subheadings)
    assert not any(re.match(r"^\d+、", t) for t in texts)  # never "11、"
    opening = texts[texts.index("一、主要工作和成效") - 1]
    assert opening.startswith("2025—2026学年，") and opening.endswith("现将一年来的工作总结如下。")
    # The signature follows the closing paragraph, which is kept with it on its page.
    document = Document(
        io.BytesIO(client.get(DOCX.format(code=school.code), {"period": "2025-2026"}).content)
    )
    name_at = max(i for i, p in enumerate(document.paragraphs) if p.text == school.name)
    closing = document.paragraphs[name_at - 2]
    assert closing.text.startswith("新的一年")
    assert closing.paragraph_format.keep_with_next
    assert document.paragraphs[name_at].paragraph_format.keep_with_next


def test_no_sentence_says_not_recorded_in_its_middle(client, school, chair):
    school_year_2025(school, chair)
    page = client.get(PAGE.format(code=school.code), {"period": "2025-2026"}).content.decode()
    texts = _docx_texts(client, school)
    for text in texts:
        # "未记录" ends a sentence that says what was not recorded; never glued into one.
        assert not re.search(r"未记录[，、；：]", text), text
    assert "《《" not in page and "》》" not in page


def test_problems_are_computed_with_their_figure_linked_to_its_records(client, school, chair):
    school_year_2025(school, chair)
    member = _hardship_member(school)
    built = summary_build(org=school, period=YEAR)
    [hardship] = [p for p in built.problems if p.key == "care.hardship"]
    figure = next(s for s in hardship.computed.segments if s.figure)
    assert figure.text == "1"
    assert list(figure.figure.result.records) == [member]
    page = client.get(PAGE.format(code=school.code), {"period": "2025-2026"}).content.decode()
    assert "困难会员中有" in page
    assert "/reports/indicator/care.hardship_not_visited/?period=2025-2026" in page


def test_the_chair_keeps_rewords_or_drops_a_problem_and_the_choice_is_kept(client, school, chair):
    school_year_2025(school, chair)
    _hardship_member(school)
    url = f"/o/{school.code}/reports/summary/problem/"
    data = {"period": "2025-2026", "key": "care.hardship", "action": "reword", "text": "我们的话。"}
    assert client.post(url, data).status_code == 302
    texts = _docx_texts(client, school)
    assert any(t.endswith("我们的话。") and t[0].isdigit() for t in texts)
    assert not any("困难会员中有" in t for t in texts)
    assert client.post(url, {**data, "action": "drop", "text": ""}).status_code == 302
    assert not any("我们的话。" in t or "困难会员中有" in t for t in _docx_texts(client, school))
    page = client.get(PAGE.format(code=school.code), {"period": "2025-2026"}).content.decode()
    assert 'data-action="drop"' in page  # still on the page, to be brought back
    choice = ProblemChoice.objects.get(org=school, period="2025-2026", key="care.hardship")
    assert choice.action == "drop"
    assert AuditEntry.objects.filter(object_id=choice.pk, org=school).count() == 2
    # Another school year is not touched by this one's choice.
    assert not ProblemChoice.objects.filter(period="2024-2025").exists()
    # A bad choice changes nothing and says what is wrong.
    response = client.post(url, {**data, "action": "maybe"})
    assert ProblemChoice.objects.get(pk=choice.pk).action == "drop"
    assert response.status_code in (200, 302)


def test_the_opening_is_the_chairs_when_written_kept_per_school_year(client, school, chair):
    school_year_2025(school, chair)
    url = f"/o/{school.code}/reports/summary/narrative/"
    client.post(
        url, {"period": "2025-2026", "section": "opening", "position": 0, "text": "我们的开篇。"}
    )
    texts = _docx_texts(client, school)
    assert texts[texts.index("一、主要工作和成效") - 1] == "我们的开篇。"
    assert NarrativeParagraph.objects.get(section="opening").period == "2025-2026"
    other = client.get(PAGE.format(code=school.code), {"period": "2024-2025"}).content.decode()
    assert "我们的开篇。" not in other and "2024—2025学年，" in other


def test_a_school_with_a_staff_assembly_says_so(client, school, chair):
    school.congress_form = Organisation.CongressForm.ASSEMBLY
    school.save(update_fields=["congress_form"])
    built = summary_build(org=school, period=YEAR)
    [congress] = [s for s in built.sections if s.key == "congress"]
    assert congress.title == "民主管理：教职工大会"


def test_next_steps_come_from_next_years_plan(client, school, chair):
    from unionhall.plans.models import Plan, Task, WorkArea

    school_year_2025(school, chair)
    plan = Plan.objects.create(org=school, start_year=2026, created_by=chair)
    area = WorkArea.objects.create(org=school, plan=plan, name="组织建设", aims="会员全部入会")
    for title in ("新教职工入会", "调整工会小组"):
        Task.objects.create(
            org=school,
            plan=plan,
            area=area,
            title=title,
            starts_on=dt.date(2026, 9, 1),
            due_on=dt.date(2026, 9, 30),
            owner=chair,
        )
    texts = _docx_texts(client, school)
    after = texts[texts.index("三、下一步工作打算") :]
    assert "1. 组织建设。会员全部入会。主要任务：新教职工入会、调整工会小组。" in after


def test_archive_parts_missing_is_a_problem_naming_each_part(client, school, chair):
    """The parts every year's archive should hold (the work plan, the photos of 声像) that the
    school year has nothing for are one item of 存在的问题和不足, with their number linked to
    the list of them; once filed, the item is gone. A month has no archive: no such item."""
    from django.core.files.base import ContentFile

    from tests.factories_care import record
    from unionhall.care.models import CarePhoto
    from unionhall.plans.models import Plan

    school_year_2025(school, chair)
    built = summary_build(org=school, period=YEAR)
    [missing] = [p for p in built.problems if p.key == "archive.parts_missing"]
    assert missing.computed.text == (
        "本学年档案缺少每年应归档的材料2项：本学年工作计划、工会工作照片（走访慰问）；"
        "应在档案移交前补齐。"
    )
    figure = next(s for s in missing.computed.segments if s.figure)
    assert figure.text == "2"
    texts = _docx_texts(client, school)
    problems = texts[texts.index("二、存在的问题和不足") : texts.index("三、下一步工作打算")]
    assert any(t.startswith(f"{len(problems) - 1}. 本学年档案缺少") for t in problems), problems
    page = client.get(PAGE.format(code=school.code), {"period": "2025-2026"}).content.decode()
    url = "/reports/indicator/archive.parts_missing/?period=2025-2026"
    assert url in page
    records = client.get(f"/o/{school.code}{url}").content.decode()
    assert "组织建设：本学年工作计划" in records and "声像：工会工作照片（走访慰问）" in records

    # The plan written and a visit's photo uploaded: one part, then none, is missing.
    Plan.objects.create(org=school, start_year=2025, created_by=chair)
    built = summary_build(org=school, period=YEAR)
    [missing] = [p for p in built.problems if p.key == "archive.parts_missing"]
    assert "工作计划" not in missing.computed.text and "1项" in missing.computed.text
    visit, _warnings = record(school, chair, date=dt.date(2025, 12, 20))
    CarePhoto.objects.create(org=school, visit=visit, image=ContentFile(PNG, name="visit.png"))
    built = summary_build(org=school, period=YEAR)
    assert "archive.parts_missing" not in {p.key for p in built.problems}

    month = summary_build(org=school, period=Period.month(2025, 12))
    assert "archive.parts_missing" not in {p.key for p in month.problems}
