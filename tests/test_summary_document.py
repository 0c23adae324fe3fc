"""The summary's .docx reads as a document a union submits (GB/T 9704), and every figure in it
leads back to its records."""

import datetime as dt
import io
import re

import pytest
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tests.clock import morning_of
from tests.factories_reports import funds_indicators, school_year_2025  # noqa: F401
from tests.personas import chair_of
from unionhall.core import indicators
from unionhall.core.periods import Period
from unionhall.reports import periods

pytestmark = pytest.mark.usefixtures("funds_indicators")
TODAY = dt.date(2026, 10, 9)


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def _docx(client, school, period="2025-2026") -> Document:
    response = client.get(f"/o/{school.code}/reports/summary.docx", {"period": period})
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def _east_asian(style) -> str:
    """The eastAsia face a style names (or the style it is based on)."""
    while style is not None:
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
    return ""


def _hyperlinks(document, element) -> list[tuple[str, str]]:
    """(text, target) of each hyperlink inside `element`."""
    found = []
    for link in element.iter(qn("w:hyperlink")):
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        found.append((text, document.part.rels[link.get(qn("r:id"))].target_ref))
    return found


def test_titles_read_as_chinese_titles_do():
    assert periods.title("实验小学工会", Period.year(2025)) == "实验小学工会2025年度工作总结"
    assert (
        periods.title("实验小学工会", Period.school_year(2025))
        == "实验小学工会2025—2026学年工作总结"
    )
    with translation.override("en"):
        assert (
            periods.title("实验小学工会", Period.year(2025))
            == "实验小学工会: Annual Work Summary 2025"
        )
        assert (
            periods.title("实验小学工会", Period.school_year(2025))
            == "实验小学工会: Work Summary for the 2025-2026 School Year"
        )


def test_the_page_and_the_docx_carry_the_title(client, school, chair):
    school_year_2025(school, chair)
    # Too long for one line: the union's name, then the year and 工作总结, never broken inside
    # a word.
    lines = [school.name, "2025—2026学年工作总结"]
    page = client.get(f"/o/{school.code}/reports/summary/", {"period": "2025-2026"})
    assert f'<h1 class="h3 mb-0">{lines[0]}<br>{lines[1]}</h1>' in page.content.decode()
    document = _docx(client, school)
    assert [p.text for p in document.paragraphs[:2]] == lines
    assert {p.style.name for p in document.paragraphs[:2]} == {"Title"}


@pytest.mark.time_machine(morning_of(TODAY), tick=False)
def test_the_period_list_includes_the_school_year_under_way():
    labels = [label for label, _name in periods.choices()]
    assert labels[0] == "2026-2027"  # started on 1 September
    assert {"2026", "2025-2026", "2025"} <= set(labels)
    assert dict(periods.choices())["2026-2027"] == "2026—2027学年"


def test_the_layout_is_that_of_an_official_document(client, school, chair):
    school_year_2025(school, chair)
    document = _docx(client, school)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]

    styles = document.styles
    assert _east_asian(styles["Title"]) == "宋体"
    assert styles["Title"].font.size.pt == 22  # 二号
    assert _east_asian(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size.pt == 16  # 三号
    assert _east_asian(styles["Heading 1"]) == "黑体"
    assert _east_asian(styles["Heading 2"]) == "楷体_GB2312"
    # Where a GB2312 face is missing, Word and WPS fall back to the one named in the font table.
    font_table = next(
        p for p in document.part.package.parts if p.partname == "/word/fontTable.xml"
    ).blob.decode()
    assert re.search(r'w:name="仿宋_GB2312".*?<w:altName w:val="仿宋"/>', font_table, re.S)
    assert re.search(r'w:name="楷体_GB2312".*?<w:altName w:val="楷体"/>', font_table, re.S)

    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("一、")
    assert headings[1].startswith("二、")
    subheadings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert subheadings and subheadings[0].startswith("（一）")
    third = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert third and third[0].startswith("1.")

    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]


def test_it_ends_with_the_signature_and_the_date(client, school, chair, time_machine):
    time_machine.move_to(morning_of(TODAY), tick=False)
    school_year_2025(school, chair)
    document = _docx(client, school)
    texts = [p.text for p in document.paragraphs]
    signed = texts.index("2026年10月9日")
    assert texts[signed - 1] == school.name
    for line in (signed - 1, signed):
        assert document.paragraphs[line].style.name == "Signature Block"
        assert document.paragraphs[line].style.paragraph_format.alignment == (
            WD_ALIGN_PARAGRAPH.RIGHT
        )
    # after the signature only the appendix
    assert "附件" in texts[signed + 1 :]


def test_numbers_in_tables_are_right_aligned_under_a_heading_with_the_unit(client, school, chair):
    school_year_2025(school, chair)
    document = _docx(client, school)
    body_tables = [t for t in document.tables if len(t.columns) == 2]
    assert body_tables
    members = body_tables[0]
    assert members.rows[0].cells[1].text == "人数（人）"
    for row in members.rows[1:]:
        assert row.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert re.fullmatch(r"[\d,.]+", row.cells[1].text)


def test_every_figure_is_a_hyperlink_to_its_records(client, school, chair):
    from unionhall.reports.build import summary_build

    school_year_2025(school, chair)
    document = _docx(client, school)
    summary = summary_build(org=school, period=Period.school_year(2025))
    shown = list(summary.opening.segments)  # in the order of the document
    for section in summary.sections:
        shown += [segment for paragraph in section.paragraphs for segment in paragraph.segments]
        shown += [row.cell for table in section.tables for row in table.rows]
    for problem in summary.problems_said:
        shown += problem.paragraph.segments
    for section in summary.next_sections:
        shown += [segment for paragraph in section.paragraphs for segment in paragraph.segments]
        shown += [row.cell for table in section.tables for row in table.rows]
    figures = [segment for segment in shown if segment.figure is not None]
    assert figures

    links = _hyperlinks(document, document.element.body)
    base = f"http://testserver/o/{school.code}/reports/indicator/"
    appendix_rows = sum(len(table.rows) - 1 for table in _source_tables(document))
    assert len(links) == len(figures) + appendix_rows
    for (text, target), segment in zip(links, figures, strict=False):
        assert text == segment.text
        assert target.startswith(f"{base}{segment.figure.indicator.name}/?")
        assert "period=2025-2026" in target


def test_links_use_the_configured_site_address(client, school, chair, settings):
    settings.UNIONHALL_SITE_URL = "https://union.example.cn"
    school_year_2025(school, chair)
    document = _docx(client, school)
    targets = {target for _text, target in _hyperlinks(document, document.element.body)}
    assert targets
    assert all(t.startswith(f"https://union.example.cn/o/{school.code}/") for t in targets)


def test_the_appendix_lists_each_figure_with_its_indicator_and_records(client, school, chair):
    school_year_2025(school, chair)
    document = _docx(client, school)
    texts = [p.text for p in document.paragraphs]
    assert "数据来源" in texts
    by_label = {str(found.label): found for found in indicators.all_indicators().values()}
    period = Period.school_year(2025)
    rows = [row for table in _source_tables(document) for row in table.rows[1:]]
    assert rows
    for row in rows:
        label, figure, records = (cell.text for cell in row.cells)
        label, _colon, part = label.partition("：")  # a breakdown's entry: "指标：部分"
        found = by_label[label]
        result = found(school, period)
        value = result.value[part] if part else result.value
        result = result.parts.get(part, result) if part else result
        assert figure == found.format(value, part=bool(part))
        assert int(records) == len(list(result.records))
        (_text, target), *_ = _hyperlinks(document, row._tr)
        assert f"/reports/indicator/{found.name}/?" in target
        assert "period=2025-2026" in target
    named = {by_label[row.cells[0].text.partition("：")[0]].name for row in rows}
    assert {"members.count", "members.women", "funds.income", "funds.closing_balance"} <= named


def _source_tables(document):
    return [t for t in document.tables if len(t.columns) == 3]


def test_a_chart_is_drawn_only_where_it_compares_something():
    from unionhall.reports.build import BuiltChart
    from unionhall.reports.documents import worth_drawing

    assert worth_drawing(BuiltChart("慰问", "人次", [("生日", 105.0), ("节日", 6.0)]))
    assert not worth_drawing(BuiltChart("会员", "人", [("会员", 117.0)]))  # a single number
    assert not worth_drawing(BuiltChart("支出", "元", [("活动", 0.0), ("帮扶", 0.0)]))  # empty
    assert not worth_drawing(BuiltChart("支出", "元", []))


def test_a_number_column_names_its_unit_once():
    from unionhall.core.indicators import Indicator
    from unionhall.reports.build import BuiltRow, BuiltTable, Segment, ShownFigure
    from unionhall.reports.documents import value_heading

    def table(column: str, *units: str) -> BuiltTable:
        rows = [
            BuiltRow("x", Segment("1", ShownFigure(Indicator("a", "a", unit, str), None, 1, "1")))
            for unit in units
        ]
        return BuiltTable("", ("事项", column), rows)

    assert value_heading(table("金额", "元", "元")) == "金额（元）"
    assert value_heading(table("人数", "人")) == "人数（人）"
    assert value_heading(table("金额（元）", "元")) == "金额（元）"
    assert value_heading(table("数量", "件", "%")) == "数量"  # no one unit to name
