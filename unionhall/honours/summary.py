"""The honours part of the year-end summary (评先评优、荣誉), built only from honours.*
indicators: how many honours at which levels, who won them, and a table by level."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core.summary import Breakdown, Figure, Paragraph, Section, Table, section
from unionhall.honours.models import Honour


def _row(honour: Honour) -> tuple[str, str]:
    """A winner's row of the table: who, then the honour with its rank and level."""
    if honour.rank:
        text = _("%(title)s, %(rank)s (%(level)s)") % {
            "title": honour.title,
            "rank": honour.get_rank_display(),
            "level": honour.get_level_display(),
        }
    else:
        text = _("%(title)s (%(level)s)") % {
            "title": honour.title,
            "level": honour.get_level_display(),
        }
    return str(honour.holder_shown), text


@section("honours", title=gettext_lazy("Honours and awards"), reads=("honours", "members"))
def honours(org, period) -> Section:
    return Section(
        empty=gettext_lazy("No honours or prizes were recorded in this period."),
        paragraphs=[
            Paragraph(
                gettext_lazy(
                    "Members and collectives of the union won {count} honours and prizes in "
                    "this period: {by_level}."
                ),
                count=Figure("honours.count"),
                by_level=Breakdown("honours.by_level"),
                empty=gettext_lazy("No honours or prizes were recorded in this period."),
            ),
            Paragraph(
                gettext_lazy("By rank: {by_rank}. The winners are listed in the table below."),
                by_rank=Breakdown("honours.by_rank"),
            ),
        ],
        tables=[
            Table.records(
                "honours.count",
                columns=(gettext_lazy("Winner"), gettext_lazy("Honour or prize")),
                row=_row,
                title=gettext_lazy("Honours and prizes won"),
            ),
            Table.breakdown(
                "honours.by_level",
                columns=(gettext_lazy("Level"), gettext_lazy("Honours")),
                title=gettext_lazy("Honours and prizes by level"),
            ),
            Table.breakdown(
                "honours.by_rank",
                columns=(gettext_lazy("Rank"), gettext_lazy("Honours")),
                title=gettext_lazy("Honours and prizes by rank"),
            ),
        ],
    )
