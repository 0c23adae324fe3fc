"""A chart in the summary .docx fits the page: the full text width while it stands no taller than
a third of the A4 text block, narrower (its proportions kept) when it has many bars, so that a
chart moved to the next page with its heading never leaves more than a third of a page blank.
The rendered summary is checked for it in tests/test_documents_print.py (charts_fit)."""

import pytest

from unionhall.reports import charts
from unionhall.reports.build import BuiltChart
from unionhall.reports.documents import CHART_MAX_HEIGHT_MM, CHART_WIDTH_MM, chart_size_mm


def _chart(bars: int) -> bytes:
    bars = [(f"慰问类别{n}", float(n + 1)) for n in range(bars)]
    built = BuiltChart("各类慰问人次", "人次", bars)
    return charts.bar_chart_png(built, heading="申江区第一中心小学工会 2025-2026")


@pytest.mark.parametrize("bars", [2, 5, 9])
def test_a_chart_of_up_to_nine_bars_takes_the_full_width_within_a_third_of_a_page(bars):
    width, height = chart_size_mm(_chart(bars))
    assert width == CHART_WIDTH_MM
    assert height <= CHART_MAX_HEIGHT_MM


def test_a_chart_of_many_bars_is_shown_narrower_no_taller_than_a_third_of_a_page():
    width, height = chart_size_mm(_chart(20))
    assert height == CHART_MAX_HEIGHT_MM
    assert 60 < width < CHART_WIDTH_MM


@pytest.mark.django_db
def test_a_tables_header_repeats_and_is_kept_with_its_first_row_and_no_row_splits(school):
    """Not a heading and a header row alone at the foot of a page ("5.节日慰问金额 / 节日 金额"),
    nor a row cut in two."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    from unionhall.reports import documents

    content = documents.render(documents.sample_summary(school))
    tables = Document(io.BytesIO(content)).tables
    assert tables
    for table in tables:
        header, *rows = table.rows
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(p.paragraph_format.keep_with_next for c in header.cells for p in c.paragraphs)
        for row in (header, *rows):
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # The chart's heading is kept with the chart.
    paragraphs = Document(io.BytesIO(content)).paragraphs
    [at] = [n for n, p in enumerate(paragraphs) if p._p.findall(".//" + qn("wp:extent"))]
    heading = paragraphs[at - 1]
    assert heading.text
    assert heading.paragraph_format.keep_with_next or heading.style.paragraph_format.keep_with_next
