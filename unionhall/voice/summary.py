"""The suggestion box part of the year-end summary (建言献策), from voice.* indicators only."""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table, section


@section("voice", order=50, title=_("Suggestions for the school"))
def voice(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _(
                    "Staff, parents and students sent {received} suggestions to the suggestion "
                    "box; {adopted} of them were adopted."
                ),
                received=Figure("voice.received"),
                adopted=Figure("voice.adopted"),
            ),
        ],
        tables=[
            Table.breakdown(
                "voice.by_category",
                columns=(_("Category"), _("Suggestions")),
                title=_("Suggestions received by category"),
            )
        ],
        charts=[
            Chart.breakdown(
                "voice.by_category", title=_("Suggestions by category"), unit=_("suggestions")
            )
        ],
    )
