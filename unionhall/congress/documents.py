"""The printable proposal form (提案表) as a Word document, in the usual one-page layout:
a heading, then a two-column table of labelled boxes that the committee and leader fill in."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH

from unionhall.congress.models import Proposal, Signer
from unionhall.core import documents
from unionhall.core.text import join_list


def proposal_form_docx(proposal: Proposal) -> bytes:
    session = proposal.session
    signers = list(proposal.signers.select_related("representative"))
    joint = [s.representative.name for s in signers if s.kind == Signer.Kind.JOINT]
    cosigners = [s.representative.name for s in signers if s.kind == Signer.Kind.COSIGNER]
    answers = list(proposal.answers.all())
    updates = list(proposal.updates.all())

    document = documents.official_document()
    documents.paragraph(
        document,
        _("%(org)s staff congress, term %(term)s, session %(session)s")
        % {"org": proposal.org.name, "term": session.term.number, "session": session.number},
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    documents.title(document, _("Proposal form"))
    documents.paragraph(
        document,
        _("No. %(number)s    Submitted %(date)s")
        % {"number": proposal.number, "date": proposal.submitted_at.strftime("%Y-%m-%d")},
        indent=False,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )

    submitters = [proposal.submitted_by.name, *joint]
    rows = [
        (pgettext("proposal", "Title"), proposal.title),
        (_("Category"), proposal.get_category_display()),
        (_("Submitter"), join_list(submitters)),
        (_("Co-signers"), join_list(cosigners)),
        (_("Reasons"), proposal.reasons, 5),
        (_("Suggested measures"), proposal.measures, 5),
        (
            _("Proposal committee"),
            f"{proposal.get_review_display()}  {proposal.review_note}".strip(),
            2,
        ),
    ]
    departments = proposal.lead_department.name if proposal.lead_department else ""
    supporting = join_list(d.name for d in proposal.supporting_departments.all())
    if supporting:
        departments = _("%(lead)s (supported by %(names)s)") % {
            "lead": departments,
            "names": supporting,
        }
    rows += [
        (_("Lead department"), departments),
        (
            _("Responsible leader and due date"),
            " ".join(
                filter(None, [str(proposal.responsible or ""), str(proposal.answer_due or "")])
            ),
        ),
        (_("Answer"), "\n\n".join(a.text for a in answers), 4),
        (_("Satisfaction"), proposal.get_rating_display()),
        (_("Implementation"), "\n".join(u.text for u in updates), 2),
    ]
    documents.labelled(document, rows)
    return documents.to_bytes(document)
