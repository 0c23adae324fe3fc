"""Word documents in the layout of a Chinese official document (GB/T 9704-2012).

Every document the system prints (the summary's template, the plan, the proposal form, an election
report, a mentoring contract, the district's roll-up) starts from `official_document()`: A4,
margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title centred in 宋体 二号 (22 pt,
bold, standing in for 小标宋); the body in 仿宋_GB2312 三号 (16 pt, falling back to 仿宋);
first-level headings "一、" in 黑体, second-level "（一）" in 楷体_GB2312 (falling back to 楷体),
third-level "1." in the body face; page numbers "— 1 —" in the footer.

Each face is named in the eastAsia slot of the style's fonts (w:rFonts w:eastAsia), and the
document's font table gives each GB2312 face its fallback (w:altName), which Word and WPS use
where the face is not installed.

The helpers below write the usual parts: `title`, `heading`, `paragraph`, `grid` (a table with a
bold header row), `labelled` (two columns of label and box, as on a form), `signature` (the
organisation and date at the right), `signature_lines` (lines to sign on) and `to_bytes`.
"""

import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

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


def _font_table(document) -> None:
    """Declare each face in the font table, the GB2312 ones with their fallback."""
    part = next(p for p in document.part.package.parts if p.partname == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    declared = {font.get(qn("w:name")): font for font in table.findall(qn("w:font"))}
    # Sorted, so that rebuilding the template gives the same file.
    for name in sorted({TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT, *FALLBACKS.values()}):
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


def official_document():
    """A new python-docx Document in the official layout, with its styles and page numbers."""
    document = Document()
    _layout(document)
    _styles(document)
    _font_table(document)
    _page_numbers(document)
    return document


def title(document, text: str):
    return document.add_paragraph(text, style="Title")


def heading(document, text: str, level: int = 1):
    """Level 1 "一、…" (黑体), level 2 "（一）…" (楷体), level 3 "1. …" (body face)."""
    return document.add_paragraph(text, style=f"Heading {level}")


def paragraph(document, text: str = "", *, indent: bool = True, align=None):
    """A body paragraph, indented two characters unless `indent` is False."""
    para = document.add_paragraph(text)
    if not indent:
        para.paragraph_format.first_line_indent = Pt(0)
    if align is not None:
        para.alignment = align
    return para


def _table_text_id(document) -> str:
    return document.styles["Table Text"].style_id


def _cell_text(
    cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, style_id: str = ""
) -> None:
    para = cell.paragraphs[0]
    # Set by its id: assigning the style object looks the default style up each time, which
    # makes a table of a thousand cells take seconds.
    para._p.style = style_id or _table_text_id(cell.part.document)
    para.alignment = align
    run = para.add_run(text)
    if bold:
        run.bold = True


def grid(
    document,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Iterable[int] = (),
    widths_cm: Sequence[float] | None = None,
):
    """A table with a bold, centred header row; the columns numbered in `numeric` align right."""
    right = set(numeric)
    style_id = _table_text_id(document)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        _cell_text(cell, str(text), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, style_id=style_id)
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index in right else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(cell, "" if value is None else str(value), align=align, style_id=style_id)
    if widths_cm:
        table.autofit = False
        # LibreOffice lays a table out by its grid's columns, Word by its cells': set both.
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
    return table


def labelled(document, rows: Iterable[tuple[str, str] | tuple[str, str, float]], *, label_cm=3.5):
    """Two columns, label and box, as on a printed form; a third item is the box's height (cm)."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in rows:
        label, value, *height = row
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=True)
        _cell_text(cells[1], value)
        if height:
            table.rows[-1].height = Cm(height[0])
    table.autofit = False
    # LibreOffice lays a table out by its grid's columns, Word by its cells': set both.
    table.columns[0].width, table.columns[1].width = Cm(label_cm), Cm(15.6 - label_cm)
    for table_row in table.rows:
        table_row.cells[0].width = Cm(label_cm)
        table_row.cells[1].width = Cm(15.6 - label_cm)
    return table


def _keep_last_with_next(document) -> None:
    """The document's last paragraph stays on the page of the one that follows it."""
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True


def signature(document, *lines: str) -> None:
    """The organisation and the date, at the right, after a blank line, kept on the page of
    the paragraph before them (a last page never holds only the date)."""
    _keep_last_with_next(document)
    document.add_paragraph("").paragraph_format.keep_with_next = True
    for number, line in enumerate(lines, start=1):
        added = document.add_paragraph(line, style="Signature Block")
        added.paragraph_format.keep_with_next = number < len(lines)


def signature_lines(document, labels: Iterable[str]) -> None:
    """A line to sign on for each label ("监票人：________"), all on one page with the
    paragraph before them."""
    for label in labels:
        _keep_last_with_next(document)
        paragraph(document, f"{label}：______________", indent=False)


def page_break(document) -> None:
    document.add_page_break()


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
