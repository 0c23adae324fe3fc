"""The suggestion box part of the year-end summary (建言献策), from voice.* indicators only."""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table, section


@section("voice", title=_("Suggestions for the school"))
def voice(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _(
                    "In the period the suggestion box received {received} suggestions, {staff} "
                    "of them from staff."
                ),
                received=Figure("voice.received"),
                staff=Figure("voice.received_staff"),
            ),
            Paragraph(
                _("Parents and students sent {public} suggestions through the public page."),
                public=Figure("voice.received_public"),
            ),
            Paragraph(
                _(
                    "{routed} suggestions were passed to the school's leaders to handle; "
                    "{answered} have been answered, and {adopted} were adopted."
                ),
                routed=Figure("voice.routed"),
                answered=Figure("voice.answered"),
                adopted=Figure("voice.adopted"),
            ),
            Paragraph(
                _(
                    "The committee grouped {themed} suggestions into themes; the themes raised "
                    "most often are listed below."
                ),
                themed=Figure("voice.themed"),
            ),
        ],
        tables=[
            Table(
                columns=(_("Suggestions"), _("Number (suggestions)")),
                rows=[
                    (_("Received"), Figure("voice.received")),
                    (_("From staff"), Figure("voice.received_staff")),
                    (_("From parents and students"), Figure("voice.received_public")),
                    (_("Routed to leaders"), Figure("voice.routed")),
                    (_("Answered"), Figure("voice.answered")),
                    (_("Adopted"), Figure("voice.adopted")),
                ],
                title=_("Suggestions and their handling"),
            ),
            Table.breakdown(
                "voice.leading_themes",
                columns=(_("Theme"), _("Suggestions")),
                title=_("Leading themes of the suggestions"),
            ),
            Table.breakdown(
                "voice.by_category",
                columns=(_("Category"), _("Suggestions")),
                title=_("Suggestions received by category"),
            ),
        ],
        charts=[
            Chart.breakdown(
                "voice.by_category", title=_("Suggestions by category"), unit=_("suggestions")
            )
        ],
    )
