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
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from unionhall.reports.document import DEFAULT_TEMPLATE, FIGURE_STYLE

TITLE_FONT = "宋体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Where a face is missing, Word and WPS use its altName from the font table.
FALLBACKS = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
# 22 lines a page on the type area of 225 mm: a fixed line pitch of about 28.9 pt.
LINE_PITCH = Pt(28.9)
BLACK = RGBColor(0, 0, 0)


def _fonts(style, name: str, size: Pt, *, bold: bool = False) -> None:
    """Name `name` for every script (eastAsia first of all) and drop the theme's fonts."""
    font = style.font
    font.size = size
    font.bold = bold
    font.italic = False
    font.color.rgb = BLACK
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _paragraph_style(document, name: str, *, based_on: str = "Normal"):
    styles = document.styles
    if name in [style.name for style in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[based_on]
    return style


def _layout(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # the page number sits 7 mm below the type area


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _fonts(normal, BODY_FONT, SIZE_3)
    body = normal.paragraph_format
    body.first_line_indent = Pt(32)  # two characters
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = LINE_PITCH
    body.space_before = body.space_after = Pt(0)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = styles["Title"]
    _fonts(title, TITLE_FONT, SIZE_2, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28.9)
    # The default Title has a coloured rule under it: an official title has none.
    borders = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if borders is not None:
        title.element.pPr.remove(borders)

    for name, face in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        heading = styles[name]
        _fonts(heading, face, SIZE_3)
        layout = heading.paragraph_format
        layout.first_line_indent = Pt(32)
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = LINE_PITCH
        layout.space_before = layout.space_after = Pt(0)
        layout.keep_with_next = True
    heading = styles["Heading 3"]
    _fonts(heading, BODY_FONT, SIZE_3)
    heading.paragraph_format.first_line_indent = Pt(32)
    heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(0)

    table_text = _paragraph_style(document, "Table Text")
    _fonts(table_text, BODY_FONT, SIZE_4)
    table_text.paragraph_format.first_line_indent = Pt(0)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    signature = _paragraph_style(document, "Signature Block")
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.first_line_indent = Pt(0)
    signature.paragraph_format.right_indent = Pt(64)  # four characters from the right margin

    if FIGURE_STYLE not in [style.name for style in styles]:
        link = styles.add_style(FIGURE_STYLE, WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)


def _font_table(document) -> None:
    """Declare each face in the font table, the GB2312 ones with their fallback."""
    part = next(p for p in document.part.package.parts if p.partname == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    declared = {font.get(qn("w:name")): font for font in table.findall(qn("w:font"))}
    for name in {TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT, *FALLBACKS.values()}:
        font = declared.get(name)
        if font is None:
            font = OxmlElement("w:font")
            font.set(qn("w:name"), name)
            table.append(font)
        if name in FALLBACKS:
            font.append(parse_xml(f'<w:altName {nsdecls("w")} w:val="{FALLBACKS[name]}"/>'))
        font.append(parse_xml(f'<w:charset {nsdecls("w")} w:val="86"/>'))  # GB2312
        font.append(parse_xml(f'<w:family {nsdecls("w")} w:val="modern"/>'))
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph, instruction: str) -> None:
    """A field Word fills in (PAGE: the page number)."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run("1")
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _page_numbers(document) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.add_run("— ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = SIZE_4
        run.font.name = PAGE_NUMBER_FONT
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), PAGE_NUMBER_FONT)


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


def build(path: Path) -> None:
    document = Document()
    _layout(document)
    _styles(document)
    _font_table(document)
    _page_numbers(document)

    document.add_paragraph("{{ title }}", style="Title")

    document.add_paragraph("{%p for section in sections %}")
    document.add_paragraph("{{ section.number }}、{{ section.title }}", style="Heading 1")
    document.add_paragraph("{%p for block in section.blocks %}")
    document.add_paragraph("{{r block.rich }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for table in section.tables %}")
    document.add_paragraph("{%p if table.title %}")
    document.add_paragraph("{{ table.number }}{{ table.title }}", style="Heading 2")
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
    document.add_paragraph("{%p for chart in section.charts %}")
    picture = document.add_paragraph("{{ chart }}")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.first_line_indent = Pt(0)
    picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")

    document.add_paragraph("")
    document.add_paragraph("{{ org_name }}", style="Signature Block")
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
