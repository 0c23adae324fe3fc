"""The staff congress part of the year-end summary (教代会、民主管理), built only from congress.*
indicators: every figure, and every list of titles, comes from an indicator's records."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from unionhall.congress.indicators import resolution_tally_text
from unionhall.core.summary import Figure, Paragraph, Records, Section, Table, problem, section
from unionhall.core.text import bare_title, book_title
from unionhall.orgs.models import Organisation


def _proposal_title(proposal) -> str:
    return book_title(proposal.title)


def _resolution(resolution) -> str:
    return _("“%(title)s” (%(tally)s)") % {
        "title": bare_title(resolution.title),
        "tally": resolution_tally_text(resolution),
    }


@section(
    "congress", title=gettext_lazy("Democratic management: the staff congress"), reads=("congress",)
)
def congress(org, period) -> Section:
    assembly = org.congress_form_in_force == Organisation.CongressForm.ASSEMBLY
    if assembly:
        title = gettext_lazy("Democratic management: the assembly of all staff")
        received = gettext_lazy(
            "Proposals put to the assembly of all staff in the period: {received}, of which "
            "the proposal committee accepted {accepted}."
        )
    else:
        title = gettext_lazy("Democratic management: the staff congress")
        received = gettext_lazy(
            "Proposals put to the staff congress by representatives in the period: "
            "{received}, of which the proposal committee accepted {accepted}."
        )
    return Section(
        title=title,
        paragraphs=[
            Paragraph(
                received,
                received=Figure("congress.proposals_received"),
                accepted=Figure("congress.proposals_accepted"),
            ),
            Paragraph(
                gettext_lazy(
                    "Answered: {answered} of the {due} proposals that called for an answer "
                    "(those accepted and those taken up as opinions), an answer rate of {rate}%."
                ),
                due=Figure("congress.answer_rate", detail="denominator"),
                answered=Figure("congress.answer_rate", detail="numerator"),
                rate=Figure("congress.answer_rate"),
            ),
            Paragraph(
                gettext_lazy(
                    "Answered by the date set: {on_time} of the {answered} proposals answered, "
                    "an on-time rate of {rate}%."
                ),
                answered=Figure("congress.on_time_rate", detail="denominator"),
                on_time=Figure("congress.on_time_rate", detail="numerator"),
                rate=Figure("congress.on_time_rate"),
            ),
            Paragraph(
                gettext_lazy(
                    "Rated satisfied or fairly satisfied by their submitters: {content} of the "
                    "{rated} answers rated, a satisfaction rate of {rate}%."
                ),
                rated=Figure("congress.satisfaction_rate", detail="denominator"),
                content=Figure("congress.satisfaction_rate", detail="numerator"),
                rate=Figure("congress.satisfaction_rate"),
            ),
            Paragraph(
                gettext_lazy("Proposals answered ({answered}): {titles}."),
                answered=Figure("congress.proposals_answered"),
                titles=Records("congress.proposals_answered", show=_proposal_title),
            ),
            Paragraph(
                gettext_lazy("Resolutions voted on by the congress ({count}): {resolutions}."),
                count=Figure("congress.resolutions"),
                resolutions=Records(
                    "congress.resolutions",
                    show=_resolution,
                    separator=pgettext_lazy("separator between resolutions listed", "; "),
                ),
            ),
        ],
        tables=[
            Table(
                columns=(gettext_lazy("Proposals"), gettext_lazy("Number (proposals)")),
                rows=[
                    (pgettext_lazy("proposals", "Received"), Figure("congress.proposals_received")),
                    (gettext_lazy("Accepted"), Figure("congress.proposals_accepted")),
                    (gettext_lazy("Answered"), Figure("congress.proposals_answered")),
                    (
                        gettext_lazy("Answered on time"),
                        Figure("congress.proposals_answered_on_time"),
                    ),
                    (gettext_lazy("Answer rate"), Figure("congress.answer_rate")),
                    (gettext_lazy("On-time rate"), Figure("congress.on_time_rate")),
                    (gettext_lazy("Satisfaction rate"), Figure("congress.satisfaction_rate")),
                ],
                title=gettext_lazy("Proposals and their answers"),
            )
        ],
    )


@problem("congress.late", reads=("congress",))
def late_answers(org, period) -> Paragraph:
    return Paragraph(
        gettext_lazy(
            "{late} proposals due an answer were answered after the date set or are not "
            "answered yet: the follow-up of proposals needs to be firmer."
        ),
        late=Figure("congress.proposals_late"),
    )
