"""Documents a poll prints, each a .docx for A4 portrait:

- the one-time code slips: one slip per unused code, 24 to a page, a class starting on a new page;
  each slip carries the poll's title, the class, a QR code of the entry page with the code in the
  URL's fragment (`services.code_entry_url`: no log ever writes a code), the code on one line in
  a monospaced face, a short instruction, and dashed cut lines;
- the paper ballot (选票) of a paper poll: every question with its candidates or items and a box
  to mark, "最多选N人" per body, the rule that a ballot marking more is void, lines for write-in
  candidates (另选他人) where the rules allow; as many copies on a page as fit;
- the result report of each kind: the election's 选举结果报告 (also a selection's vote), the
  democratic evaluation's 民主测评情况报告表 (per person rated and item, the distribution over
  the scale and the approval rate), and the satisfaction survey's 学生评教情况报告 (per teacher
  and class, the satisfaction rate with participation, the comments per teacher).

Table cells use their own paragraph style with single line spacing (the body's fixed 28.9-pt pitch
clips pictures and tall lines); numbers never wrap inside a cell (w:noWrap, widths that fit the
type area); the signature block is kept on the page of the last lines above it."""

import io
import math
from collections.abc import Iterable, Sequence

import segno
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from unionhall.core import documents as doc
from unionhall.polls import report_data, selectors
from unionhall.polls import rules as poll_rules
from unionhall.polls.models import Kind, Poll, Scale
from unionhall.polls.services.codes import code_entry_url
from unionhall.polls.services.lifecycle import resolution_outcome

# A face every office has (Word) and LibreOffice maps to a metric twin: the code's eight letters
# keep one width each, so the slip's column always holds them on one line.
CODE_FONT = "Courier New"
CELL_STYLE = "Poll Cell"
TYPE_AREA_CM = 15.6  # A4 less the official margins (28 mm + 26 mm)

# Slips: 4 × 6 to an A4 page with 10 mm margins; each slip 47.5 mm × 45.5 mm.
SLIP_COLUMNS = 4
SLIP_ROWS = 6
SLIPS_PER_PAGE = SLIP_COLUMNS * SLIP_ROWS
SLIP_MARGIN_MM = 10
SLIP_WIDTH_MM = (210 - 2 * SLIP_MARGIN_MM) / SLIP_COLUMNS
SLIP_HEIGHT_MM = 45.5
SLIP_QR_MM = 22
SLIP_TITLE_CHARS = 15  # a wider title is cut to one line on the slip (CJK widths)


# Building blocks --------------------------------------------------------------------------------


def _cell_style(document):
    """Single-spaced, unindented paragraphs for table cells and slips."""
    styles = document.styles
    if CELL_STYLE in [s.name for s in styles]:
        return styles[CELL_STYLE]
    style = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    layout = style.paragraph_format
    layout.first_line_indent = Pt(0)
    layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    layout.space_before = layout.space_after = Pt(0)
    layout.alignment = WD_ALIGN_PARAGRAPH.LEFT
    style.font.size = Pt(12)  # 小四
    return style


def _font(run, name: str) -> None:
    run.font.name = name
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _write(cell_or_paragraph, text: str, *, size=None, bold=False, align=None, font=None):
    """A run in the cell's first empty paragraph (or a new one), in the cell style."""
    if hasattr(cell_or_paragraph, "paragraphs"):
        para = cell_or_paragraph.paragraphs[-1]
        if para.text or para.runs:
            para = cell_or_paragraph.add_paragraph()
    else:
        para = cell_or_paragraph
    para.style = para.part.document.styles[CELL_STYLE]
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    if size is not None:
        run.font.size = size
    if bold:
        run.bold = True
    if font:
        _font(run, font)
    return para


def _in_cell_style(cell) -> None:
    """Every paragraph of the cell in the cell style (an empty box too: the body's fixed pitch
    would make its row taller than measured), centred vertically."""
    style = cell.part.document.styles[CELL_STYLE]
    for para in cell.paragraphs:
        para.style = style
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _tc_flag(cell, name: str, value: str | None = None) -> None:
    element = OxmlElement(f"w:{name}")
    if value is not None:
        element.set(qn("w:val"), value)
    cell._tc.get_or_add_tcPr().append(element)


def _fixed_widths(table, widths_mm: Sequence[float]) -> None:
    """A fixed layout with these column widths (Word and LibreOffice both honour them)."""
    table.autofit = False
    props = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _row_flags(row, *, header: bool = False) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))
    if header:
        props.append(OxmlElement("w:tblHeader"))


def _table(
    document,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths_cm: Sequence[float],
    *,
    numeric: Iterable[int] = (),
    size=None,
):
    """A grid in the cell style (小四, or `size`): the header bold, centred and repeated on each
    page; the columns in `numeric` centred and never wrapped; rows never split over a page."""
    _cell_style(document)
    numeric = set(numeric)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        _write(cell, str(text), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
    _row_flags(table.rows[0], header=True)
    for values in rows:
        row = table.add_row()
        _row_flags(row)
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            text = "" if value is None else str(value)
            if index in numeric:
                _write(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
                _tc_flag(cell, "noWrap")
            else:
                _write(cell, text, size=size)
    _fixed_widths(table, [w * 10 for w in widths_cm])
    # A little space below, so that two tables in a row never run into one.
    gap = document.add_paragraph(style=CELL_STYLE)
    gap.paragraph_format.line_spacing = Pt(8)
    gap.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    return table


def _share(n: int, total: int) -> str:
    value = poll_rules.percent(n, total)
    return "—" if value is None else f"{value}%"


def _held_on(poll: Poll) -> str:
    return formats.date_format(poll.held_on, "DATE_FORMAT")


def _today() -> str:
    return formats.date_format(timezone.localdate(), "DATE_FORMAT")


def _keep_with_next(element) -> None:
    """Keep a paragraph (or a table's last row) on the page of what follows it."""
    if element.tag == qn("w:tbl"):
        rows = element.findall(qn("w:tr"))
        paragraphs = rows[-1].iter(qn("w:p")) if rows else []
    else:
        paragraphs = [element]
    for p in paragraphs:
        p_pr = p.get_or_add_pPr()
        if p_pr.find(qn("w:keepNext")) is None:
            p_pr.append(OxmlElement("w:keepNext"))


def _closing(document, poll: Poll, *, scrutineers: bool) -> None:
    """The signature block, kept with the last lines above it: never alone on the last page."""
    body = document.element.body
    last = [e for e in body if e.tag in (qn("w:p"), qn("w:tbl"))]
    for element in last[-3:]:
        _keep_with_next(element)
    lines = []
    if scrutineers:
        names = [s.name for s in poll.scrutineers.all()]
        labels = [_("Chief scrutineer")] + [_("Scrutineer") for _n in range(max(2, len(names)))]
        lines += [f"{label}：______________" for label in labels]
        if names:
            lines.append(_("Scrutineers named: %(names)s") % {"names": "、".join(names)})
    blank = document.add_paragraph("")
    blank.paragraph_format.keep_with_next = True
    for line in lines:
        para = doc.paragraph(document, line, indent=False)
        para.paragraph_format.keep_with_next = True
    first = document.add_paragraph(poll.org.name, style="Signature Block")
    first.paragraph_format.keep_with_next = True
    document.add_paragraph(_today(), style="Signature Block")


def _intro(document, poll: Poll, heading: str) -> None:
    doc.title(document, heading)
    doc.paragraph(
        document, _("%(title)s, held on %(date)s.") % {"title": poll.title, "date": _held_on(poll)}
    )


def _void_notice(document, poll: Poll) -> None:
    if poll.void_reason:
        para = doc.paragraph(document, "")
        run = para.add_run(_("This vote is void: %(reason)s") % {"reason": poll.void_reason})
        run.bold = True


# Code slips -------------------------------------------------------------------------------------


def _dashed(table) -> None:
    """Cut lines: every border of the slip table dashed."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "dashed")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "808080")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    # A quiet zone of 3 modules inside the picture: the cut line never touches the code.
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=3)
    buffer.seek(0)
    return buffer


def _clipped(text: str, width: int) -> str:
    """`text` cut to `width` (a CJK character counts 2, other characters 1), with "…"."""
    used, out = 0, []
    for char in text:
        used += 1 if ord(char) < 0x2E80 else 2
        if used > width * 2 - 1:
            return "".join(out) + "…"
        out.append(char)
    return text


def _narrow_margins(document, mm: float) -> None:
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Mm(mm)
    section.left_margin = section.right_margin = Mm(mm)
    section.footer_distance = Mm(mm / 2)
    section.header_distance = Mm(mm / 2)


def unused_codes_by_class(poll: Poll) -> list[tuple[str, list[str]]]:
    by_class: dict[str, list[str]] = {}
    rows = poll.codes.filter(voided=False, voted__isnull=True).order_by("group", "code")
    for group, code in rows.values_list("group", "code"):
        by_class.setdefault(group, []).append(code)
    return sorted(by_class.items())


def code_slips(poll: Poll, *, base_url: str) -> bytes:
    """A slip per unused code, 24 to an A4 page, each class from a new page. `base_url` is the
    site's scheme and host; each QR code opens `code_entry_url(base_url, org, code)`."""
    document = doc.official_document()
    _narrow_margins(document, SLIP_MARGIN_MM)
    _cell_style(document)
    entry = code_entry_url(base_url, poll.org.code, "").rstrip("#")
    address = entry.split("://", 1)[-1]
    title = _clipped(poll.title, SLIP_TITLE_CHARS)
    instruction = _("Scan with a phone to vote, or open %(address)s and type the code.") % {
        "address": address
    }
    for index, (group, codes) in enumerate(unused_codes_by_class(poll)):
        if index:
            # The next class from a new page, by a 1-pt paragraph that starts it: a page break's
            # paragraph would leave a body line above the slips and push their last row over.
            start = document.add_paragraph(style=CELL_STYLE)
            start.paragraph_format.page_break_before = True
            start.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            start.paragraph_format.line_spacing = Pt(1)
        rows = -(-len(codes) // SLIP_COLUMNS)
        table = document.add_table(rows=rows, cols=SLIP_COLUMNS)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _dashed(table)
        _fixed_widths(table, [SLIP_WIDTH_MM] * SLIP_COLUMNS)
        for row in table.rows:
            row.height = Mm(SLIP_HEIGHT_MM)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            _row_flags(row)
        for i, code in enumerate(codes):
            cell = table.cell(i // SLIP_COLUMNS, i % SLIP_COLUMNS)
            centre = WD_ALIGN_PARAGRAPH.CENTER
            _write(cell, title, size=Pt(8), align=centre).paragraph_format.space_before = Pt(2)
            _write(cell, _clipped(group, 13), size=Pt(9), bold=True, align=centre)
            picture = _write(cell, "", align=centre)
            picture.add_run().add_picture(
                _qr_png(code_entry_url(base_url, poll.org.code, code)), width=Mm(SLIP_QR_MM)
            )
            _write(cell, code, size=Pt(15), bold=True, align=centre, font=CODE_FONT)
            _write(cell, instruction, size=Pt(6.5), align=centre)
    return doc.to_bytes(document)


# Paper ballots ----------------------------------------------------------------------------------

BALLOT_MARGIN_MM = 15
BALLOT_WIDTH_CM = 18.0  # A4 less 15 mm each side
# What fits on a page, in points: A4 less the margins, a little kept back for LibreOffice's
# and Word's differences. The heights below are measured on the rendered ballot.
BALLOT_HEIGHT_PT = (297 - 2 * BALLOT_MARGIN_MM) / 25.4 * 72 * 0.95
ROW_PT = 24  # a row to mark in (at least 23 pt) with its borders
HEADER_PT = 20  # the table's header row
HEADING_PT = 26 + 3 * 12  # the ballot's title and how to mark (up to 3 lines)
QUESTION_PT = 18
CUT_PT = 20


def _write_in(poll: Poll, question) -> int:
    """Lines for write-in candidates (另选他人): as many as seats where the rules allow it (an
    election's by default)."""
    effective = poll_rules.effective(poll.rules, question.rules)
    allowed = effective.get("write_in", poll.kind == Kind.ELECTION)
    return (question.seats or 1) if allowed and question.options.all() else 0


def _ballot_marks(poll: Poll) -> str:
    if poll.kind == Kind.ELECTION:
        return _(
            "Mark ○ under a candidate you vote for and × under one you vote against; mark "
            "nothing to abstain. To vote for someone else, write the name in a blank box and "
            "mark ○; who abstains on a candidate may not vote for another in that place."
        )
    return _("Mark ✓ in the box of your choice, one box per line.")


def _ballot_blocks(questions) -> list[tuple[str, list]]:
    """The ballot's parts in order: a body with candidates, a comment box, or a table of the
    questions on one scale between them (an evaluation's items: a row each, a box per grade)."""
    blocks: list[tuple[str, list]] = []
    for question in questions:
        if list(question.options.all()):
            blocks.append(("body", [question]))
        elif question.scale == Scale.COMMENT:
            blocks.append(("comment", [question]))
        else:
            run = []  # the scale tables since the last body or comment
            for block in reversed(blocks):
                if block[0] != "scale":
                    break
                run.append(block)
            same = next((b for b in run if b[1][0].scale == question.scale), None)
            if same:
                same[1].append(question)
            else:
                blocks.append(("scale", [question]))
    return blocks


def _ballot_height(poll: Poll, questions) -> float:
    """One ballot's height in points, to put as many on a page as fit."""
    height = HEADING_PT + CUT_PT
    for kind, asked in _ballot_blocks(questions):
        if kind == "body":
            question = asked[0]
            rows = len(question.options.all()) + _write_in(poll, question)
            height += QUESTION_PT + HEADER_PT + ROW_PT * rows
        elif kind == "comment":
            height += QUESTION_PT + Cm(2.2).pt
        else:
            height += HEADER_PT + ROW_PT * len(asked) + 6
    return height


def _ballot(document, poll: Poll, questions) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    head = _write(
        document.add_paragraph(),
        _("%(title)s: ballot") % {"title": poll.title},
        size=Pt(16),
        bold=True,
    )
    head.alignment = centre
    head.paragraph_format.keep_with_next = True
    note = _write(document.add_paragraph(), _ballot_marks(poll), size=Pt(10))
    note.paragraph_format.keep_with_next = True
    for kind, asked in _ballot_blocks(questions):
        if kind == "scale":
            gap = _write(document.add_paragraph(), "", size=Pt(4))
            gap.paragraph_format.keep_with_next = True
            _scale_ballot_table(document, asked)
            continue
        question = asked[0]
        line = _write(document.add_paragraph(), question.text, size=Pt(12), bold=True)
        line.paragraph_format.space_before = Pt(4)
        line.paragraph_format.keep_with_next = True
        if kind == "body":
            rule = ngettext(
                "Vote for at most %(n)s person; a ballot marking more is void.",
                "Vote for at most %(n)s people; a ballot marking more is void.",
                question.seats or 1,
            ) % {"n": question.seats or 1}
            _write(line, f"（{rule}）", size=Pt(10)).runs[-1].bold = False
            _ballot_table(document, poll, question, list(question.options.all()))
        else:
            box = document.add_table(rows=1, cols=1)
            box.style = "Table Grid"
            box.alignment = WD_TABLE_ALIGNMENT.CENTER
            box.rows[0].height = Cm(2.2)
            _fixed_widths(box, [BALLOT_WIDTH_CM * 10])
    cut = document.add_paragraph()
    cut.style = document.styles[CELL_STYLE]
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "dashed"), ("sz", "6"), ("space", "1"), ("color", "808080")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    cut._p.get_or_add_pPr().append(borders)
    cut.paragraph_format.space_after = Pt(8)


def _ballot_rows(table) -> None:
    for row in table.rows:
        row.height = Pt(ROW_PT - 1)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell in row.cells:
            _in_cell_style(cell)
        _row_flags(row)


def _ballot_table(document, poll: Poll, question, options) -> None:
    """Candidates in a column, a box to mark beside each; write-in lines below."""
    write_ins = _write_in(poll, question)
    table = document.add_table(rows=1 + len(options) + write_ins, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _write(table.cell(0, 0), _("Candidate"), bold=True, align=centre)
    _write(table.cell(0, 1), _("Your mark"), bold=True, align=centre)
    for i, option in enumerate(options, start=1):
        _write(table.cell(i, 0), option.label, align=centre)
    for i in range(write_ins):
        cell = table.cell(1 + len(options) + i, 0)
        _write(cell, _("Someone else: ________"), align=centre, size=Pt(10.5))
    _ballot_rows(table)
    _fixed_widths(table, [60, 30])


def _scale_ballot_table(document, questions) -> None:
    """A row per question, a box per point of the scale."""
    scale = questions[0].scale
    points = poll_rules.scale_values(scale)
    table = document.add_table(rows=1 + len(questions), cols=1 + len(points))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _write(table.cell(0, 0), pgettext("evaluation", "Item"), bold=True, align=centre)
    for i, point in enumerate(points, start=1):
        label = str(poll_rules.scale_label(scale, point))
        _write(table.cell(0, i), label, bold=True, align=centre)
        _tc_flag(table.cell(0, i), "noWrap")
    for row, question in enumerate(questions, start=1):
        _write(table.cell(row, 0), question.text)
    _ballot_rows(table)
    box = min(25.0, (BALLOT_WIDTH_CM * 10 - 60) / len(points))
    _fixed_widths(table, [BALLOT_WIDTH_CM * 10 - box * len(points)] + [box] * len(points))


def ballots_per_page(poll: Poll) -> int:
    questions = list(poll.questions.prefetch_related("options"))
    return max(1, min(4, math.floor(BALLOT_HEIGHT_PT / _ballot_height(poll, questions))))


def paper_ballots(poll: Poll) -> bytes:
    """One A4 page of the poll's paper ballot, as many copies as fit (print as many pages as
    there are voters); a ballot longer than a page runs on."""
    document = doc.official_document()
    _narrow_margins(document, BALLOT_MARGIN_MM)
    _cell_style(document)
    questions = list(poll.questions.prefetch_related("options"))
    for _copy in range(ballots_per_page(poll)):
        _ballot(document, poll, questions)
    return doc.to_bytes(document)


# Result reports ---------------------------------------------------------------------------------


def _result_word(line) -> str:
    if line.elected:
        return _("Elected")
    if line.in_runoff:
        return _("To the runoff")
    return _("Not elected")


def election_report(poll: Poll) -> bytes:
    """选举结果报告: entitled, present, ballots issued and returned, valid and invalid, votes per
    candidate, who was elected (or the runoff), a void poll saying so and why, and lines for the
    scrutineers' signatures."""
    document = doc.official_document()
    heading = (
        _("Report of the selection vote")
        if poll.kind == Kind.SELECTION
        else _("Report of the election result")
    )
    _intro(document, poll, heading)
    _void_notice(document, poll)
    tallied = selectors.counts(poll)
    box = getattr(poll, "paper_count", None)
    issued = box.issued if box else tallied.cast
    doc.heading(document, _("1. Attendance and ballots"))
    _table(
        document,
        [
            pgettext("report", "Entitled"),
            pgettext("report", "Present"),
            _("Ballots issued"),
            _("Returned"),
            _("Valid"),
            _("Invalid"),
        ],
        [
            [
                poll.entitled_count or 0,
                poll.present_count or 0,
                issued,
                tallied.cast,
                tallied.valid,
                tallied.invalid,
            ]
        ],
        [2.6] * 6,
        numeric=range(6),
    )
    bodies = [] if poll.void_reason else selectors.election_result(poll)
    if bodies:
        doc.heading(document, _("2. Votes per candidate"))
    for body in bodies:
        points = poll_rules.scale_values(body.question.scale)
        doc.heading(
            document,
            _("%(body)s (%(seats)s seats; at least %(least)s votes for to be elected)")
            % {"body": body.question.text, "seats": body.question.seats, "least": body.least},
            level=2,
        )
        rest = (TYPE_AREA_CM - 4.0 - 3.2) / len(points)
        _table(
            document,
            [_("Candidate")]
            + [str(poll_rules.scale_label(body.question.scale, p)) for p in points]
            + [_("Result")],
            [[line.option.label, *line.marks, _result_word(line)] for line in body.lines],
            [4.0] + [rest] * len(points) + [3.2],
            numeric=range(1, len(points) + 2),
        )
    doc.heading(document, _("3. Elected") if bodies else _("2. Elected"))
    if poll.void_reason:
        doc.paragraph(document, _("The vote is void: no one is elected."))
    for body in bodies:
        elected = "、".join(o.label for o in body.outcome.elected) or _("none")
        doc.paragraph(document, f"{body.question.text}：{elected}")
        if body.outcome.needs_runoff:
            doc.paragraph(
                document,
                _("A runoff for %(seats)s seat(s) among: %(names)s.")
                % {
                    "seats": body.outcome.runoff_seats,
                    "names": "、".join(o.label for o in body.outcome.runoff_candidates),
                },
            )
        elif body.outcome.vacant:
            doc.paragraph(
                document, _("%(seats)s seat(s) left vacant.") % {"seats": body.outcome.vacant}
            )
    _closing(document, poll, scrutineers=True)
    return doc.to_bytes(document)


def _rate_name(scale: str) -> str:
    """The rate a chair names for each scale: 好评率, 称职率, 满意率, 赞成率."""
    return {
        Scale.FOUR_POINT: _("Approval rate"),
        Scale.GRADE: _("Competence rate"),
        Scale.SATISFACTION: _("Satisfaction rate"),
    }.get(scale, _("Share in favour"))


def evaluation_report(poll: Poll, *, register: int, comments: bool = True) -> bytes:
    """民主测评情况报告表: participants and their share of the register; per person rated, a
    table of the items with the count and share of each grade and the approval rate (the first
    two grades' share); the comments, where the rules allow."""
    document = doc.official_document()
    _intro(document, poll, _("Report of the democratic evaluation"))
    _void_notice(document, poll)
    tallied = selectors.counts(poll)
    _table(
        document,
        [_("On the register"), _("Took part"), _("Share of the register")],
        [[register, tallied.cast, _share(tallied.cast, register)]],
        [5.2, 5.2, 5.2],
        numeric=range(3),
    )
    for person in report_data.evaluation_by_person(poll, tallied):
        doc.heading(document, person.subject or _("General"), level=1)
        for table in person.tables:
            labels = [str(poll_rules.scale_label(table.scale, p)) for p in table.points]
            rest = (TYPE_AREA_CM - 3.2 - 1.9) / len(labels)
            _table(
                document,
                [pgettext("evaluation", "Item"), *labels, _rate_name(table.scale)],
                [
                    [
                        item.label,
                        *(f"{n} ({_share(n, item.total)})" for n in item.counts),
                        _share(item.approving, item.total),
                    ]
                    for item in table.items
                ],
                [3.2] + [rest] * len(labels) + [1.9],
                numeric=range(1, len(labels) + 2),
                size=Pt(10.5),  # 五号: "12 (100.0%)" holds on one line
            )
    doc.paragraph(
        document,
        _(
            "Each cell gives the votes and their share. The approval rate (good and fairly "
            "good) and the competence rate (excellent and competent) are the share of the first "
            "two grades; the satisfaction rate leaves out “don't know”."
        ),
        indent=False,
    ).runs[0].font.size = Pt(12)
    if comments:
        _comments(document, poll)
    _closing(document, poll, scrutineers=False)
    return doc.to_bytes(document)


def _comments(document, poll: Poll) -> None:
    if not poll.rules.get("comments_in_report", True):
        return
    groups = report_data.comments_by_subject(poll)
    if not any(texts for _subject, texts in groups):
        return
    doc.heading(document, _("Comments"), level=1)
    for subject, texts in groups:
        if not texts:
            continue
        doc.heading(document, subject or _("Other comments"), level=2)
        for number, text in enumerate(texts, start=1):
            doc.paragraph(document, f"{number}. {text}")


def satisfaction_report(poll: Poll, *, comments: bool = True) -> bytes:
    """学生评教情况报告: per teacher, a row per class with the codes used of those issued and
    the satisfaction rate (a class below the minimum participation reads 未达参与要求, not a
    rate), and the teacher's rate over the classes that count; the comments, per teacher."""
    document = doc.official_document()
    _intro(document, poll, _("Report of the satisfaction survey"))
    _void_notice(document, poll)
    minimum = poll.rules.get("min_participation")
    if minimum:
        doc.paragraph(
            document,
            _(
                "A class's result counts when at least %(share)s of its codes were used; "
                "“don't know” answers are left out of the rate."
            )
            % {"share": f"{minimum[0]}/{minimum[1]}"},
        )
    for teacher in report_data.satisfaction_by_teacher(poll):
        doc.heading(document, teacher.subject, level=1)
        rows = [
            [
                line.group,
                f"{line.used}/{line.issued}",
                _share(line.used, line.issued),
                _share(line.rate.numerator, line.rate.denominator)
                if line.counts
                else _("Participation too low"),
            ]
            for line in teacher.lines
        ]
        rows.append(
            [
                _("All classes that count"),
                f"{teacher.used}/{teacher.issued}",
                _share(teacher.used, teacher.issued),
                _share(teacher.rate.numerator, teacher.rate.denominator),
            ]
        )
        _table(
            document,
            [
                _("Class"),
                _("Codes used of issued"),
                pgettext("report", "Participation"),
                _("Satisfaction rate"),
            ],
            rows,
            [4.8, 3.6, 2.6, 4.6],
            numeric=(1, 2, 3),
        )
    if comments:
        _comments(document, poll)
    _closing(document, poll, scrutineers=False)
    return doc.to_bytes(document)


def resolution_report(poll: Poll) -> bytes:
    """表决结果报告 of a congress resolution: attendance, the votes for, against and abstaining,
    and whether it passed (more than half of all representatives, by default)."""
    document = doc.official_document()
    _intro(document, poll, _("Report of the vote on a resolution"))
    _void_notice(document, poll)
    tallied = selectors.counts(poll)
    _table(
        document,
        [
            pgettext("report", "Entitled"),
            pgettext("report", "Present"),
            _("Returned"),
            _("Valid"),
            _("Invalid"),
        ],
        [
            [
                poll.entitled_count or 0,
                poll.present_count or 0,
                tallied.cast,
                tallied.valid,
                tallied.invalid,
            ]
        ],
        [3.12] * 5,
        numeric=range(5),
    )
    if poll.questions.count() == 1:
        votes, passes = resolution_outcome(poll)
        points = poll_rules.scale_values("yna")
        _table(
            document,
            [*(str(poll_rules.scale_label("yna", p)) for p in points), _("Result")],
            [[*(votes[p] for p in points), _("Passed") if passes else _("Not passed")]],
            [3.9] * 4,
            numeric=range(4),
        )
    _closing(document, poll, scrutineers=True)
    return doc.to_bytes(document)


def report(poll: Poll, *, register: int, comments: bool = True) -> tuple[bytes, str]:
    """The report of the poll's kind, with its file name. The comments are printed for those who
    may read them (`comments`) and where the poll's rules allow (`comments_in_report`)."""
    if poll.kind == Kind.EVALUATION:
        return (
            evaluation_report(poll, register=register, comments=comments),
            f"evaluation-{poll.pk}.docx",
        )
    if poll.kind == Kind.SATISFACTION:
        return satisfaction_report(poll, comments=comments), f"satisfaction-{poll.pk}.docx"
    if poll.kind == Kind.RESOLUTION:
        return resolution_report(poll), f"resolution-{poll.pk}.docx"
    return election_report(poll), f"election-{poll.pk}.docx"
