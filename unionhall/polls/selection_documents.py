"""The printable public notice (公示) of a selection: one A4 page in the official layout, with
the school, the selection, the nominees proposed with their votes, the notice period in working
days, how to object (named, by letter, telephone or in person), and the union's name and date at
the right, kept on the page of the last paragraph."""

from django.utils.translation import gettext as _

from unionhall.core import documents as doc
from unionhall.core import workdays
from unionhall.polls import selectors
from unionhall.polls.models import Selection


def _date(day) -> str:
    return _("%(year)s-%(month)s-%(day)s") % {
        "year": day.year,
        "month": f"{day.month:02d}",
        "day": f"{day.day:02d}",
    }


def notice_docx(selection: Selection) -> bytes:
    org = selection.org
    poll = selection.poll
    document = doc.official_document()
    doc.title(document, _("Public notice: %(title)s") % {"title": selection.title})
    nominees = list(selection.nominees.filter(approved=True).select_related("member__department"))
    votes = selectors.selection_votes(selection)
    entitled = poll.entitled_count or 0 if poll else 0
    doc.paragraph(
        document,
        _(
            "After nomination, screening against the union's records and the vote of "
            "%(date)s (%(entitled)s entitled, %(voted)s voted; approval of at least %(share)s%% "
            "of those entitled needed), %(org)s proposes to award the honour “%(honour)s” "
            "(%(level)s) to the following. They are put on public notice:"
        )
        % {
            "date": _date(poll.held_on) if poll else "",
            "entitled": entitled,
            "voted": (poll.voted_count or 0) if poll else 0,
            "share": selection.threshold_percent,
            "org": org.name,
            "honour": selection.honour_title,
            "level": selection.get_honour_level_display(),
        },
    )
    doc.grid(
        document,
        [_("No."), _("Name"), _("Department"), _("Nominated"), _("Votes for")],
        [
            (
                index,
                n.member.name,
                n.member.department.name if n.member.department else "",
                n.get_by_display(),
                _("%(votes)s of %(entitled)s")
                % {"votes": votes.get(n.member_id, 0), "entitled": entitled},
            )
            for index, n in enumerate(nominees, start=1)
        ],
        numeric=(0,),
        widths_cm=(1.5, 3.0, 3.4, 4.7, 3.0),
    )
    working = workdays.working_days_in(selection.notice_starts_on, selection.notice_ends_on)
    doc.paragraph(
        document,
        _("The notice runs from %(start)s to %(end)s: %(days)s working days (%(list)s).")
        % {
            "start": _date(selection.notice_starts_on),
            "end": _date(selection.notice_ends_on),
            "days": len(working),
            "list": "、".join(f"{d.month}月{d.day}日" for d in working),
        },
    )
    last = doc.paragraph(
        document,
        _(
            "Anyone who objects may say so within the notice by letter, by telephone or in person "
            "to the union committee. An objection must give the objector's real name and unit; "
            "anonymous objections are not accepted. A letter counts by its postmark date."
        ),
    )
    last.paragraph_format.keep_with_next = True
    if selection.notice_contact:
        contact = doc.paragraph(
            document,
            _("Objections are received by: %(contact)s.") % {"contact": selection.notice_contact},
        )
        contact.paragraph_format.keep_with_next = True
    spacer = doc.paragraph(document, "", indent=False)
    spacer.paragraph_format.keep_with_next = True
    signature_org = document.add_paragraph(org.name, style="Signature Block")
    signature_org.paragraph_format.keep_with_next = True
    document.add_paragraph(_date(selection.notice_starts_on), style="Signature Block")
    return doc.to_bytes(document)
