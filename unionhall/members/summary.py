"""The members part of the year-end summary: built only from members.* indicators."""

from django.utils.translation import gettext_lazy as _

from unionhall.core.summary import Chart, Figure, Paragraph, Section, Table, section


@section("members", order=10, title=_("Building the union: members"), reads=("members",))
def members(org, period) -> Section:
    return Section(
        paragraphs=[
            Paragraph(
                _(
                    "At the end of the period the union had {count} members on its register, "
                    "{women} of them women staff in service."
                ),
                count=Figure("members.count"),
                women=Figure("members.women"),
            ),
            # One sentence per fact that may be missing: "nothing recorded", never "0".
            Paragraph(
                _("During the period {joined} colleagues joined the union."),
                joined=Figure("members.joined"),
                empty=_("No one joining the union was recorded in the period."),
            ),
            Paragraph(
                _("During the period {retired} members retired."),
                retired=Figure("members.retired"),
                empty=_("No retirement was recorded in the period."),
            ),
        ],
        tables=[
            Table(
                title=_("Members in figures"),
                columns=(_("Item"), _("People")),
                rows=[
                    (_("Members at the end of the period"), Figure("members.count")),
                    (_("Women members in service"), Figure("members.women")),
                    (_("Members who joined"), Figure("members.joined")),
                    (_("Members who retired"), Figure("members.retired")),
                ],
            )
        ],
        charts=[
            Chart(
                _("Members this year"),
                bars=[
                    (_("Members"), Figure("members.count")),
                    (_("Women in service"), Figure("members.women")),
                    (_("Joined"), Figure("members.joined")),
                    (_("Retired"), Figure("members.retired")),
                ],
                unit=_("people"),
            )
        ],
    )
