"""The care part of the year-end summary (送温暖), built only from care.* and dues.* indicators."""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table, section


@section("care", order=20, title=_("Caring for members"))
def care(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _(
                    "The union visited members {visits} times when they were ill, married, had a "
                    "child, retired, were bereaved or in hardship, and at the festivals, giving "
                    "{amount} yuan in cash and goods in all."
                ),
                visits=Figure("care.visits"),
                amount=Figure("care.amount"),
            ),
            Paragraph(
                _("The dues collection rate for the period was {rate}%."),
                rate=Figure("dues.collection_rate"),
            ),
        ],
        tables=[
            Table.breakdown(
                "care.visits_by_kind",
                columns=(_("Kind of visit"), _("Visits")),
                title=_("Care visits by kind"),
            )
        ],
        charts=[
            Chart.breakdown("care.visits_by_kind", title=_("Care visits by kind"), unit=_("visits"))
        ],
    )
