"""The suggestion box part of the year-end summary (建言献策), from voice.* indicators only."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table, section


@section("voice", title=_("Suggestions for the school"), reads=("voice",))
def voice(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _("Suggestions received in the period: {received}, {staff} of them from staff."),
                received=Figure("voice.received"),
                staff=Figure("voice.received_staff"),
            ),
            Paragraph(
                _("Suggestions from parents, students and the public: {public}."),
                public=Figure("voice.received_public"),
            ),
            Paragraph(
                _(
                    "Passed to the school's leaders to handle: {routed} suggestions; answered: "
                    "{answered}; adopted: {adopted}."
                ),
                routed=Figure("voice.routed"),
                answered=Figure("voice.answered"),
                adopted=Figure("voice.adopted"),
            ),
            Paragraph(
                _(
                    "Suggestions the committee grouped into themes: {themed}; the themes raised "
                    "most often are listed in the table below."
                ),
                themed=Figure("voice.themed"),
            ),
        ],
        tables=[
            Table(
                columns=(_("Suggestions"), _("Number (suggestions)")),
                rows=[
                    (pgettext_lazy("suggestions", "Received"), Figure("voice.received")),
                    (_("From staff"), Figure("voice.received_staff")),
                    (_("From parents, students and the public"), Figure("voice.received_public")),
                    (_("Routed to leaders"), Figure("voice.routed")),
                    (_("Answered"), Figure("voice.answered")),
                    (_("Adopted"), Figure("voice.adopted")),
                ],
                title=_("Suggestions and their handling"),
            ),
            Table.breakdown(
                "voice.leading_themes",
                columns=(_("Theme"), _("Number (suggestions)")),
                title=_("Leading themes of the suggestions"),
            ),
            Table.breakdown(
                "voice.by_category",
                columns=(_("Category"), _("Number (suggestions)")),
                title=_("Suggestions received by category"),
            ),
        ],
        charts=[
            Chart.breakdown(
                "voice.by_category", title=_("Suggestions by category"), unit=_("suggestions")
            )
        ],
    )
