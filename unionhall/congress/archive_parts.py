"""The staff congress in the year's archive (民主管理): its sessions, representatives,
attendance, proposals with their answers and resolutions as a workbook, each proposal's form as
a .docx, and the resolutions' uploaded documents."""

from django.db.models import Q
from django.utils.translation import gettext as _

from unionhall.congress.documents import proposal_form_docx
from unionhall.congress.models import Attendance, Proposal, Representative, Resolution, Session
from unionhall.core.archive import CONGRESS_DOCUMENTS, DEMOCRACY, ArchiveFile, archive_part
from unionhall.core.excel import workbook_bytes


def proposals_of_year(org, period):
    """The proposals of the sessions held in the period, and any handed in during it."""
    return (
        Proposal.objects.filter(org=org)
        .filter(
            Q(session__held_on__range=period.as_range())
            | Q(submitted_at__date__range=period.as_range())
        )
        .select_related("session__term", "submitted_by", "lead_department", "org")
        .order_by("session__held_on", "number", "id")
    )


@archive_part("congress.records", category=DEMOCRACY, material=CONGRESS_DOCUMENTS)
def records(org, period):
    sessions = Session.objects.filter(org=org, held_on__range=period.as_range()).select_related(
        "term"
    )
    proposals = proposals_of_year(org, period)
    representatives = (
        Representative.objects.filter(org=org, term__sessions__in=sessions)
        .distinct()
        .select_related("term")
        .order_by("term__number", "electoral_group", "name")
    )
    attendance = (
        Attendance.objects.filter(org=org, session__in=sessions)
        .select_related("session__term", "representative")
        .order_by("session__held_on", "representative__name")
    )
    resolutions = Resolution.objects.filter(org=org, session__in=sessions).select_related(
        "session__term"
    )
    sheets = [
        (
            _("Sessions"),
            [_("Session"), _("Held on"), _("Last day"), _("Record no.")],
            ((str(s), s.held_on, s.ends_on, s.pk) for s in sessions.order_by("held_on")),
        ),
        (
            _("Representatives"),
            [
                _("Congress term"),
                _("Name"),
                _("Electoral group"),
                _("Front-line teacher"),
                _("Record no."),
            ],
            (
                (str(r.term), r.name, r.electoral_group, _("Yes") if r.is_frontline else "", r.pk)
                for r in representatives
            ),
        ),
        (
            _("Attendance"),
            [_("Session"), _("Name"), _("Present")],
            (
                (str(a.session), a.representative.name, _("Yes") if a.present else _("No"))
                for a in attendance.iterator()
            ),
        ),
        (
            _("Proposals"),
            [
                _("Session"),
                _("Number"),
                _("Title"),
                _("Category"),
                _("Submitter"),
                _("Submitted"),
                _("State"),
                _("Review opinion"),
                _("Lead department"),
                _("Answer"),
                _("Satisfaction"),
                _("Record no."),
            ],
            (
                (
                    str(p.session),
                    p.number,
                    p.title,
                    p.get_category_display(),
                    p.submitted_by.name,
                    p.submitted_at,
                    p.get_state_display(),
                    p.review_note,
                    p.lead_department.name if p.lead_department else "",
                    "\n".join(a.text for a in p.answers.all()),
                    p.get_rating_display() if p.rating else "",
                    p.pk,
                )
                for p in proposals.prefetch_related("answers")
            ),
        ),
        (
            _("Resolutions"),
            [
                _("Session"),
                _("Title"),
                _("For"),
                _("Against"),
                _("Abstain"),
                _("Passed"),
                _("Record no."),
            ],
            (
                (
                    str(r.session),
                    r.title,
                    r.votes_for,
                    r.votes_against,
                    r.votes_abstain,
                    "" if r.passed is None else (_("Yes") if r.passed else _("No")),
                    r.pk,
                )
                for r in resolutions
            ),
        ),
    ]
    yield ArchiveFile(
        _("Staff congress %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(sheets, widths={"A": 20, "C": 40, "J": 60}),
    )


@archive_part("congress.proposal_forms", category=DEMOCRACY, material=CONGRESS_DOCUMENTS)
def proposal_forms(org, period):
    folder = _("Proposal forms")
    for proposal in proposals_of_year(org, period):
        yield ArchiveFile(
            f"{folder}/{proposal.session.held_on:%Y}-{proposal.number:03d}-{proposal.pk}.docx",
            content=proposal_form_docx(proposal),
        )


@archive_part("congress.resolution_documents", category=DEMOCRACY, material=CONGRESS_DOCUMENTS)
def resolution_documents(org, period):
    found = Resolution.objects.filter(org=org, session__held_on__range=period.as_range()).exclude(
        document=""
    )
    folder = _("Resolutions")
    for resolution in found:
        name = resolution.document.name.rsplit("/", 1)[-1]
        yield ArchiveFile(f"{folder}/{resolution.pk}-{name}", stored=resolution.document.name)
