"""The mentoring contract (师徒结对协议) as a Word document in the official layout: one copy for
the mentor, one for each mentee and one for the school (一式三份 with one mentee), each on its own
page, each saying whose copy it is."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH

from unionhall.core import documents as doc
from unionhall.mentoring.models import Contract
from unionhall.mentoring.selectors import TARGETS


def _day(day) -> str:
    """A date as an official document writes it: 2025年9月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def copies_of(contract: Contract) -> list[str]:
    """Whose copy each page is: the mentor's, each mentee's, the school's."""
    mentees = [pair.mentee.name for pair in contract.pairs.all()]
    return [
        _("Mentor's copy (%(name)s)") % {"name": contract.mentor.name},
        *(_("Mentee's copy (%(name)s)") % {"name": name} for name in mentees),
        _("School's copy"),
    ]


def contract_docx(contract: Contract) -> bytes:
    document = doc.official_document()
    mentees = [pair.mentee for pair in contract.pairs.all()]
    names = "、".join(m.name for m in mentees)
    copies = copies_of(contract)
    for number, copy in enumerate(copies):
        if number:
            doc.page_break(document)
        doc.title(document, _("Mentoring contract"))
        doc.paragraph(document, copy, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        doc.labelled(
            document,
            [
                (_("Mentor"), f"{contract.mentor.name}（{contract.mentor.department.name}）"),
                (_("Mentees"), "、".join(f"{m.name}（{m.department.name}）" for m in mentees)),
                (
                    _("Contract term"),
                    _("%(start)s to %(end)s")
                    % {"start": _day(contract.starts_on), "end": _day(contract.ends_on)},
                ),
                (_("Signed on"), _day(contract.signed_on)),
            ],
        )
        doc.heading(document, _("1. Targets for each mentee in the term"))
        doc.grid(
            document,
            (_("Target"), pgettext("how many", "Number")),
            [(label, getattr(contract, field)) for _key, label, field, _kind in TARGETS],
            numeric=(1,),
            widths_cm=(11.6, 4.0),
        )
        doc.heading(document, _("2. Duties"))
        doc.paragraph(
            document,
            _(
                "The mentor observes at least %(n)s of each mentee's lessons in the term, "
                "comments on each, and guides the mentee's open lessons, paper and reading."
            )
            % {"n": contract.observations},
        )
        doc.paragraph(
            document,
            _(
                "Each mentee (%(names)s) observes at least %(n)s of the mentor's lessons, gives "
                "%(open)s open lessons, hands in %(papers)s papers and %(notes)s reading notes, "
                "and logs each of them."
            )
            % {
                "names": names,
                "n": contract.observations,
                "open": contract.open_lessons,
                "papers": contract.papers,
                "notes": contract.reading_notes,
            },
        )
        doc.paragraph(
            document,
            _(
                "At the end of the term the union assesses each pair (excellent, pass or fail) "
                "against these targets; the outcome goes into each person's record."
            ),
        )
        if contract.note:
            doc.paragraph(document, contract.note)
        # The closing paragraph, the lines to sign and the seal stay on one page: a copy that
        # runs over carries them over together, never the signatures alone.
        closing = len(document.paragraphs)
        doc.paragraph(
            document,
            _(
                "This contract is made in %(count)s copies: one for the mentor, one for each "
                "mentee and one for the school."
            )
            % {"count": len(copies)},
        )
        doc.signature_lines(
            document,
            [_("Mentor"), *(_("Mentee") for _m in mentees), _("School (seal)")],
        )
        doc.signature(document, contract.org.name, _day(contract.signed_on))
        for para in document.paragraphs[closing:-1]:
            para.paragraph_format.keep_with_next = True
    return doc.to_bytes(document)
