"""Login slips (登录凭条): one slip per member given a login or a new password, 8 to an A4 page
(2 across, 4 down, dashed cut lines). Each slip names the school and the member, and prints the
username, the one-time password on one line in a monospaced face, the site's login address as a
QR code and in writing, and that the password must be changed at the first login.

The passwords exist only in this document: they are stored hashed, so the slips are printed from
the response that issued them and cannot be printed again (a lost slip means a new password)."""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from django.utils.translation import gettext as _
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from unionhall.core import documents as doc

COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
MARGIN_MM = 12
WIDTH_MM = (210 - 2 * MARGIN_MM) / COLUMNS  # 93 mm
HEIGHT_MM = 66  # 4 × 66 = 264 mm of the 273 mm between the margins
QR_MM = 26
STYLE = "Slip"
# A face every office has (Word) and LibreOffice maps to a metric twin: l, 1, O and 0 differ.
PASSWORD_FONT = "Courier New"


@dataclass(frozen=True)
class Slip:
    name: str
    username: str
    password: str


def _style(document):
    style = document.styles.add_style(STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    layout = style.paragraph_format
    layout.first_line_indent = Pt(0)
    layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    layout.space_before = layout.space_after = Pt(0)
    layout.alignment = WD_ALIGN_PARAGRAPH.LEFT
    style.font.size = Pt(10.5)
    return style


def _dashed(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "dashed")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "808080")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _fixed(table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _line(cell, text: str = "", *, size=None, bold=False, font=None, align=None):
    para = cell.paragraphs[-1]
    if para.text or para.runs:
        para = cell.add_paragraph()
    para.style = cell.part.document.styles[STYLE]
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    if size is not None:
        run.font.size = size
    run.bold = bold
    if font:
        run.font.name = font
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return para, run


def _qr(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=3)
    buffer.seek(0)
    return buffer


def _slip(cell, slip: Slip, *, school: str, login_url: str) -> None:
    """Left: the words; right: the QR code of the login page."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    inner = cell.add_table(rows=1, cols=2)
    _fixed(inner, [WIDTH_MM - QR_MM - 8, QR_MM + 4])
    words, picture = inner.rows[0].cells
    _line(words, school, size=Pt(8))
    _line(words, _("Login slip"), size=Pt(12), bold=True)
    _line(words, slip.name, size=Pt(12), bold=True)
    _line(words, _("Username: %(username)s") % {"username": slip.username}, size=Pt(10))
    _line(words, _("One-time password:"), size=Pt(10))
    _line(words, slip.password, size=Pt(14), bold=True, font=PASSWORD_FONT)
    _line(
        words,
        _("Choose your own password at the first login; this one then stops working."),
        size=Pt(8),
    )
    _line(words, login_url, size=Pt(8))
    picture.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _para, run = _line(picture, align=WD_ALIGN_PARAGRAPH.CENTER)
    run.add_picture(_qr(login_url), width=Mm(QR_MM))
    # The cell's own first paragraph (empty, above the inner table) kept a hairline high.
    first = cell.paragraphs[0]
    first.style = cell.part.document.styles[STYLE]
    first.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    first.paragraph_format.line_spacing = Pt(1)


def login_slips(slips: Sequence[Slip], *, school: str, login_url: str) -> bytes:
    """Slips for `slips`, 8 to an A4 page, in the order given."""
    document = doc.official_document()
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.header_distance = section.footer_distance = Mm(MARGIN_MM / 2)
    _style(document)
    rows = max(1, -(-len(slips) // COLUMNS))
    table = document.add_table(rows=rows, cols=COLUMNS)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _dashed(table)
    _fixed(table, [WIDTH_MM] * COLUMNS)
    for row in table.rows:
        row.height = Mm(HEIGHT_MM)
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for index, slip in enumerate(slips):
        _slip(
            table.cell(index // COLUMNS, index % COLUMNS), slip, school=school, login_url=login_url
        )
    # Every paragraph of the cells in the slip style, so no body pitch makes a row taller.
    for row in table.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.style = document.styles[STYLE]
    return doc.to_bytes(document)
