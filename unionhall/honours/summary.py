"""The honours part of the year-end summary (评先评优、荣誉), built only from honours.*
indicators: how many honours at which levels, who won them, and a table by level."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from unionhall.core.summary import Figure, Paragraph, Records, Section, Table, section
from unionhall.honours.models import Honour


def _winner(honour: Honour) -> str:
    """One winner as the summary names them: holder, honour, rank and level."""
    if honour.rank:
        return _("%(holder)s: %(title)s, %(rank)s (%(level)s)") % {
            "holder": honour.holder_shown,
            "title": honour.title,
            "rank": honour.get_rank_display(),
            "level": honour.get_level_display(),
        }
    return _("%(holder)s: %(title)s (%(level)s)") % {
        "holder": honour.holder_shown,
        "title": honour.title,
        "level": honour.get_level_display(),
    }


@section("honours", title=gettext_lazy("Honours and awards"))
def honours(org, period) -> Section:
    return Section(
        empty=gettext_lazy("No honours or prizes were recorded in this period."),
        paragraphs=[
            Paragraph(
                gettext_lazy(
                    "Members and collectives of the union won {count} honours and prizes in "
                    "this period: {winners}."
                ),
                count=Figure("honours.count"),
                winners=Records(
                    "honours.count",
                    show=_winner,
                    separator=pgettext_lazy("separator between honours listed", "; "),
                ),
                empty=gettext_lazy("No honours or prizes were recorded in this period."),
            ),
        ],
        tables=[
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
