"""Documents a poll prints: the code slips (one A4 page per class, QR codes with cut lines), the
election result report (选举结果报告) and the evaluation report table (民主测评情况报告表)."""

import io

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from unionhall.core import documents as doc
from unionhall.polls import rules as poll_rules
from unionhall.polls import selectors
from unionhall.polls.models import Poll

SLIP_COLUMNS = 4
SLIP_ROWS = 7  # 28 slips fill one A4 page; a larger class continues on the next


def _dashed(table) -> None:
    """Cut lines: every border of the slip table dashed."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "dashed")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:color"), "808080")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=1)
    buffer.seek(0)
    return buffer


def code_slips(poll: Poll, *, url_for) -> bytes:
    """One page per class: a slip per unused code with its QR (the ballot's URL), the code to
    type, and the poll's title. `url_for(code)` gives the absolute URL."""
    document = doc.official_document()
    by_class: dict[str, list[str]] = {}
    for group, code in poll.codes.filter(voided=False, voted__isnull=True).values_list(
        "group", "code"
    ):
        by_class.setdefault(group, []).append(code)
    for index, (group, codes) in enumerate(sorted(by_class.items())):
        if index:
            doc.page_break(document)
        heading = doc.paragraph(document, f"{poll.title} · {group}", indent=False)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        rows = -(-len(codes) // SLIP_COLUMNS)
        table = document.add_table(rows=rows, cols=SLIP_COLUMNS)
        _dashed(table)
        for i, code in enumerate(codes):
            cell = table.cell(i // SLIP_COLUMNS, i % SLIP_COLUMNS)
            cell.width = Cm(3.9)
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run().add_picture(_qr_png(url_for(code)), width=Cm(2.4))
            line = cell.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = line.add_run(code)
            run.font.size = Pt(12)
            run.bold = True
            note = cell.add_paragraph()
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            small = note.add_run(_("Scan, or type the code; it votes once."))
            small.font.size = Pt(8)
    return doc.to_bytes(document)


def _signature_block(document, poll: Poll) -> None:
    names = [s.name for s in poll.scrutineers.all()]
    labels = [_("Chief scrutineer")] + [_("Scrutineer") for _n in range(max(2, len(names)))]
    doc.signature_lines(document, labels)
    if names:
        doc.paragraph(
            document, _("Scrutineers named: %(names)s") % {"names": "、".join(names)}, indent=False
        )


def election_report(poll: Poll) -> bytes:
    """选举结果报告: entitled, present, ballots issued and returned, valid and invalid, votes per
    candidate, who was elected, and lines for the scrutineers' signatures."""
    document = doc.official_document()
    doc.title(document, _("Report of the election result"))
    doc.paragraph(
        document, _("%(title)s, held on %(date)s.") % {"title": poll.title, "date": poll.held_on}
    )
    tallied = selectors.counts(poll)
    box = getattr(poll, "paper_count", None)
    issued = box.issued if box else tallied.cast
    doc.heading(document, _("1. Attendance and ballots"))
    doc.grid(
        document,
        [_("Entitled"), _("Present"), _("Ballots issued"), _("Returned"), _("Valid"), _("Invalid")],
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
        numeric=range(6),
    )
    if poll.void_reason:
        doc.paragraph(document, poll.void_reason)
    doc.heading(document, _("2. Votes per candidate"))
    for body in selectors.election_result(poll):
        points = poll_rules.scale_values(body.question.scale)
        doc.heading(
            document,
            _("%(body)s (%(seats)s seats; at least %(least)s votes for to be elected)")
            % {"body": body.question.text, "seats": body.question.seats, "least": body.least},
            level=2,
        )
        doc.grid(
            document,
            [_("Candidate")]
            + [str(poll_rules.scale_label(body.question.scale, p)) for p in points]
            + [_("Result")],
            [[line.option.label, *line.marks, _result_word(line)] for line in body.lines],
            numeric=range(1, len(points) + 1),
        )
    doc.heading(document, _("3. Elected"))
    for body in selectors.election_result(poll):
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
    _signature_block(document, poll)
    doc.signature(document, poll.org.name, timezone.localdate().strftime("%Y年%m月%d日"))
    return doc.to_bytes(document)


def _result_word(line) -> str:
    if line.elected:
        return _("Elected")
    if line.in_runoff:
        return _("To the runoff")
    return _("Not elected")


def evaluation_report(poll: Poll, *, register: int) -> bytes:
    """民主测评情况报告表: participants and their share of the register; per leader, count and %
    per grade; comments kept apart."""
    document = doc.official_document()
    doc.title(document, _("Report of the democratic evaluation"))
    doc.paragraph(
        document, _("%(title)s, held on %(date)s.") % {"title": poll.title, "date": poll.held_on}
    )
    tallied = selectors.counts(poll)
    share = poll_rules.percent(tallied.cast, register)
    doc.grid(
        document,
        [_("On the register"), _("Took part"), _("Share of the register")],
        [[register, tallied.cast, f"{share}%" if share is not None else "—"]],
        numeric=range(3),
    )
    for line in selectors.scale_table(poll):
        doc.heading(document, line.question.text, level=2)
        doc.grid(
            document,
            [_("Grade"), _("Count"), _("Per cent")],
            [[str(label), n, f"{pct}%" if pct is not None else "—"] for label, n, pct in line.rows],
            numeric=(1, 2),
        )
    for question, texts in selectors.comments(poll):
        if texts:
            doc.heading(document, question.text, level=2)
            for text in texts:
                doc.paragraph(document, text)
    doc.signature(document, poll.org.name, timezone.localdate().strftime("%Y年%m月%d日"))
    return doc.to_bytes(document)
