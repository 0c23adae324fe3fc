"""The printable proposal form (提案表) as a Word document, in the usual one-page layout:
a heading, then a two-column table of labelled boxes that the committee and leader fill in."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from unionhall.congress.models import Proposal, Signer
from unionhall.core.text import join_list

FONT = "SimSun"


def _set_font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _row(table, label: str, value: str, *, height_cm: float | None = None) -> None:
    cells = table.add_row().cells
    cells[0].text = label
    cells[0].paragraphs[0].runs[0].bold = True
    cells[1].text = value
    if height_cm:
        table.rows[-1].height = Cm(height_cm)


def proposal_form_docx(proposal: Proposal) -> bytes:
    session = proposal.session
    signers = list(proposal.signers.select_related("representative"))
    joint = [s.representative.name for s in signers if s.kind == Signer.Kind.JOINT]
    cosigners = [s.representative.name for s in signers if s.kind == Signer.Kind.COSIGNER]
    answers = list(proposal.answers.all())
    updates = list(proposal.updates.all())

    document = Document()
    _set_font(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(
        _("%(org)s staff congress, term %(term)s, session %(session)s")
        % {"org": proposal.org.name, "term": session.term.number, "session": session.number}
    )
    run.font.size = Pt(14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_run = title.add_run(_("Proposal form"))
    title_run.bold = True
    title_run.font.size = Pt(20)

    meta = document.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    meta.add_run(
        _("No. %(number)s    Submitted %(date)s")
        % {"number": proposal.number, "date": proposal.submitted_at.strftime("%Y-%m-%d")}
    )

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    _row(table, pgettext("proposal", "Title"), proposal.title)
    _row(table, _("Category"), proposal.get_category_display())
    submitters = [proposal.submitted_by.name, *joint]
    _row(table, _("Submitter"), join_list(submitters))
    _row(table, _("Co-signers"), join_list(cosigners))
    _row(table, _("Reasons"), proposal.reasons, height_cm=5)
    _row(table, _("Suggested measures"), proposal.measures, height_cm=5)
    _row(
        table,
        _("Proposal committee"),
        f"{proposal.get_review_display()}  {proposal.review_note}".strip(),
        height_cm=2,
    )
    departments = proposal.lead_department.name if proposal.lead_department else ""
    supporting = join_list(d.name for d in proposal.supporting_departments.all())
    if supporting:
        departments = _("%(lead)s (supported by %(names)s)") % {
            "lead": departments,
            "names": supporting,
        }
    _row(table, _("Lead department"), departments)
    _row(
        table,
        _("Responsible leader and due date"),
        " ".join(filter(None, [str(proposal.responsible or ""), str(proposal.answer_due or "")])),
    )
    _row(table, _("Answer"), "\n\n".join(a.text for a in answers), height_cm=4)
    _row(table, _("Satisfaction"), proposal.get_rating_display())
    _row(table, _("Implementation"), "\n".join(u.text for u in updates), height_cm=2)
    for row in table.rows:
        row.cells[0].width = Cm(3.5)
        row.cells[1].width = Cm(12.5)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
