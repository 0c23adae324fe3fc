"""Rebuild the default summary template, reports/docx/summary.docx, with python-docx.

The .docx is committed; run this after changing the layout below. A user who wants another
layout downloads this file, edits it in Word (keeping the {{ … }} and {% … %} tags) and
uploads it on the summary template page.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from unionhall.reports.document import DEFAULT_TEMPLATE

FONT = "宋体"
HEADING_FONT = "黑体"


def _east_asian(style, name: str, size: int | None = None) -> None:
    style.font.name = name
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        style.font.size = Pt(size)


def build(path: Path) -> None:
    document = Document()
    _east_asian(document.styles["Normal"], FONT, 12)
    _east_asian(document.styles["Title"], HEADING_FONT, 20)
    _east_asian(document.styles["Heading 1"], HEADING_FONT, 15)
    _east_asian(document.styles["Heading 2"], HEADING_FONT, 13)
    document.styles["Normal"].paragraph_format.first_line_indent = Pt(24)
    document.styles["Normal"].paragraph_format.line_spacing = 1.5

    title = document.add_paragraph("{{ title }}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    byline = document.add_paragraph("{{ org_name }}　{{ period_label }}")
    byline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    byline.paragraph_format.first_line_indent = Pt(0)

    document.add_paragraph("{%p for section in sections %}")
    document.add_paragraph("{{ section.number }}、{{ section.title }}", style="Heading 1")
    document.add_paragraph("{%p for paragraph in section.paragraphs %}")
    document.add_paragraph("{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for table in section.tables %}")
    document.add_paragraph("{%p if table.title %}")
    document.add_paragraph("{{ table.title }}", style="Heading 2")
    document.add_paragraph("{%p endif %}")
    grid = document.add_table(rows=4, cols=2)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.cell(0, 0).text = "{{ table.columns[0] }}"
    grid.cell(0, 1).text = "{{ table.columns[1] }}"
    grid.cell(1, 0).text = "{%tr for row in table.rows %}"
    grid.cell(2, 0).text = "{{ row.label }}"
    grid.cell(2, 1).text = "{{ row.value }}"
    grid.cell(3, 0).text = "{%tr endfor %}"
    for row in grid.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.first_line_indent = Pt(0)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for chart in section.charts %}")
    picture = document.add_paragraph("{{ chart }}")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.first_line_indent = Pt(0)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")

    closing = document.add_paragraph("{{ org_name }}")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated = document.add_paragraph("{{ generated_on }}")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


class Command(BaseCommand):
    help = "Rebuild the default year-end summary template (reports/docx/summary.docx)."

    def handle(self, *args, **options):
        build(DEFAULT_TEMPLATE)
        self.stdout.write(f"wrote {DEFAULT_TEMPLATE}")
