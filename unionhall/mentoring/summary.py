"""The mentoring part of the year-end summary (师徒结对): pairs, targets met, assessments."""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import Figure, Paragraph, Section, Table, section


@section("mentoring", title=_("Mentoring young teachers"), reads=("mentoring", "members"))
def mentoring(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _(
                    "Experienced teachers mentored young colleagues under signed contracts: "
                    "{pairs} mentoring pairs worked in this period."
                ),
                pairs=Figure("mentoring.pairs"),
            ),
            Paragraph(
                _(
                    "Of the pairs whose term ended, {met} met every target of their contract "
                    "(lessons observed, open lessons, papers and reading notes)."
                ),
                empty=_("No pair met every target of its contract in this period."),
                met=Figure("mentoring.pairs_met"),
            ),
        ],
        tables=[
            Table.breakdown(
                "mentoring.assessments",
                columns=(_("Grade"), _("Pairs")),
                title=_("Mentoring assessments by grade"),
            )
        ],
        empty=_("No mentoring pairs were recorded in this period."),
    )
