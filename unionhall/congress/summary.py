"""The staff congress part of the year-end summary, built only from congress.* indicators."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.core.summary import Figure, Paragraph, Section, Table, section


@section("congress", order=40, title=_("Democratic management: the staff congress"))
def congress(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _(
                    "Representatives to the staff congress put forward {received} proposals; "
                    "the proposal committee accepted {accepted} of them. {answered} have been "
                    "answered, {on_time} of them on time."
                ),
                received=Figure("congress.proposals_received"),
                accepted=Figure("congress.proposals_accepted"),
                answered=Figure("congress.proposals_answered"),
                on_time=Figure("congress.proposals_answered_on_time"),
            ),
            Paragraph(
                _(
                    "Of the answers the submitters rated, {satisfaction}% were rated satisfied or "
                    "fairly satisfied."
                ),
                satisfaction=Figure("congress.satisfaction"),
            ),
        ],
        tables=[
            Table(
                columns=(_("Proposals"), _("Number")),
                rows=[
                    (pgettext_lazy("proposals", "Received"), Figure("congress.proposals_received")),
                    (_("Accepted"), Figure("congress.proposals_accepted")),
                    (_("Answered"), Figure("congress.proposals_answered")),
                    (_("Answered on time"), Figure("congress.proposals_answered_on_time")),
                    (_("Satisfaction rate"), Figure("congress.satisfaction")),
                ],
                title=_("Proposals and their answers"),
            )
        ],
    )
