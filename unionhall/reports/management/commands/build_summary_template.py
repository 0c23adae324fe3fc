"""Rebuild the default summary template, reports/docx/summary.docx, with python-docx.

The layout is that of a Chinese official document (GB/T 9704-2012): A4, margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm; the title centred in 宋体 二号 (22 pt, bold, standing in
for 小标宋); the body in 仿宋_GB2312 三号 (16 pt, falling back to 仿宋); first-level headings
"一、" in 黑体, second-level "（一）" in 楷体_GB2312 (falling back to 楷体), third-level "1." in the
body face; page numbers "— 1 —" in the footer; the organisation's name and the date at the end,
then the appendix "数据来源" (the data behind every figure).

Each face is named in the eastAsia slot of the style's fonts (w:rFonts w:eastAsia), and the
document's font table gives each GB2312 face its fallback (w:altName), which Word and WPS use
where the face is not installed.

The .docx is committed; run this after changing the layout below. A user who wants another
layout downloads this file, edits it in Word (keeping the {{ … }} and {% … %} tags) and
uploads it on the summary template page.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Pt, RGBColor

from unionhall.core.documents import official_document
from unionhall.reports.documents import DEFAULT_TEMPLATE, FIGURE_STYLE


def _rows_kept(grid) -> None:
    """The header row is repeated on each page a table runs onto and never left alone at the
    foot of a page (kept with the first row); no row is split between two pages."""
    for number, row in enumerate(grid.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if number == 0:
            properties.append(OxmlElement("w:tblHeader"))
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _table(document, left: str, right: str, label: str, value: str, loop: str) -> None:
    grid = document.add_table(rows=4, cols=2)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = [
        (0, 0, left, WD_ALIGN_PARAGRAPH.CENTER),
        (0, 1, right, WD_ALIGN_PARAGRAPH.CENTER),
        (1, 0, f"{{%tr for row in {loop} %}}", WD_ALIGN_PARAGRAPH.LEFT),
        (2, 0, label, WD_ALIGN_PARAGRAPH.LEFT),
        (2, 1, value, WD_ALIGN_PARAGRAPH.RIGHT),  # numbers line up on the right
        (3, 0, "{%tr endfor %}", WD_ALIGN_PARAGRAPH.LEFT),
    ]
    for row, column, text, alignment in cells:
        paragraph = grid.cell(row, column).paragraphs[0]
        paragraph.style = document.styles["Table Text"]
        paragraph.alignment = alignment
        run = paragraph.add_run(text)
        if row == 0:
            run.bold = True
    _rows_kept(grid)


def _sources_table(document) -> None:
    grid = document.add_table(rows=4, cols=3)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = [
        (0, 0, "{{ labels.indicator }}", WD_ALIGN_PARAGRAPH.CENTER),
        (0, 1, "{{ labels.figure }}", WD_ALIGN_PARAGRAPH.CENTER),
        (0, 2, "{{ labels.records }}", WD_ALIGN_PARAGRAPH.CENTER),
        (1, 0, "{%tr for row in source.rows %}", WD_ALIGN_PARAGRAPH.LEFT),
        (2, 0, "{{ row.indicator }}", WD_ALIGN_PARAGRAPH.LEFT),
        (2, 1, "{{r row.rich }}", WD_ALIGN_PARAGRAPH.RIGHT),
        (2, 2, "{{ row.records }}", WD_ALIGN_PARAGRAPH.RIGHT),
        (3, 0, "{%tr endfor %}", WD_ALIGN_PARAGRAPH.LEFT),
    ]
    for row, column, text, alignment in cells:
        paragraph = grid.cell(row, column).paragraphs[0]
        paragraph.style = document.styles["Table Text"]
        paragraph.alignment = alignment
        run = paragraph.add_run(text)
        if row == 0:
            run.bold = True
    _rows_kept(grid)


def _keep_with_next(paragraph):
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _blocks(document, loop: str, item: str) -> None:
    document.add_paragraph(f"{{%p for {item} in {loop} %}}")
    document.add_paragraph(f"{{{{r {item}.rich }}}}")
    document.add_paragraph("{%p endfor %}")


def _sections(document, loop: str) -> None:
    document.add_paragraph(f"{{%p for section in {loop} %}}")
    document.add_paragraph("{{ section.number }}{{ section.title }}", style="Heading 2")
    _blocks(document, "section.blocks", "block")
    document.add_paragraph("{%p for table in section.tables %}")
    document.add_paragraph("{%p if table.title %}")
    document.add_paragraph("{{ table.number }}{{ table.title }}", style="Heading 3")
    document.add_paragraph("{%p endif %}")
    _table(
        document,
        "{{ table.columns[0] }}",
        "{{ table.columns[1] }}",
        "{{ row.label }}",
        "{{r row.rich }}",
        "table.rows",
    )
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for chart in section.captioned_charts %}")
    # The chart's heading stays on the page of its picture.
    caption = _keep_with_next(document.add_paragraph("{{ chart.title }}", style="Heading 3"))
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)
    picture = document.add_paragraph("{{ chart.image }}")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.first_line_indent = Pt(0)
    picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")


def build(path: Path) -> None:
    document = official_document()
    styles = document.styles
    if FIGURE_STYLE not in [style.name for style in styles]:
        link = styles.add_style(FIGURE_STYLE, WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    # Body lines start at the left and end where they end: justified Chinese lines with a
    # figure or a date in them spread their characters apart.
    styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        styles[name].paragraph_format.keep_with_next = True

    document.add_paragraph("{%p for line in title_lines %}")
    document.add_paragraph("{{ line }}", style="Title")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{r opening }}")

    document.add_paragraph("{{ parts.work }}", style="Heading 1")
    _sections(document, "sections")

    document.add_paragraph("{{ parts.problems }}", style="Heading 1")
    document.add_paragraph("{%p if problems %}")
    _blocks(document, "problems", "problem")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ no_problems }}")
    document.add_paragraph("{%p endif %}")

    document.add_paragraph("{{ parts.next }}", style="Heading 1")
    document.add_paragraph("{%p if next_sections %}")
    _sections(document, "next_sections")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ no_next }}")
    document.add_paragraph("{%p endif %}")

    # The last paragraph, the union's name and the date stay on one page: never a page holding
    # only a signature or a date.
    _keep_with_next(document.add_paragraph("{{ closing }}"))
    _keep_with_next(document.add_paragraph(""))
    _keep_with_next(document.add_paragraph("{{ org_name }}", style="Signature Block"))
    document.add_paragraph("{{ signed_on }}", style="Signature Block")

    document.add_paragraph("{%p if sources %}")
    appendix = document.add_paragraph("{{ labels.appendix }}", style="Heading 1")
    appendix.paragraph_format.first_line_indent = Pt(0)
    appendix.paragraph_format.page_break_before = True
    document.add_paragraph("{{ labels.sources }}", style="Title")
    note = document.add_paragraph("{{ labels.sources_note }}")
    note.paragraph_format.first_line_indent = Pt(32)
    document.add_paragraph("{%p for source in sources %}")
    document.add_paragraph("{{ source.number }}{{ source.title }}", style="Heading 3")
    _sources_table(document)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")

    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


class Command(BaseCommand):
    help = "Rebuild the default year-end summary template (reports/docx/summary.docx)."

    def handle(self, *args, **options):
        build(DEFAULT_TEMPLATE)
        self.stdout.write(f"wrote {DEFAULT_TEMPLATE}")
