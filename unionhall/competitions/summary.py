"""The competitions part of the year-end summary (竞赛、比武), built only from competitions.*
indicators: how many were held, with how many entries, and the winners named with their prizes
and levels."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from unionhall.competitions.models import Award
from unionhall.core.summary import Figure, Paragraph, Records, Section, Table, section


def _winner(award: Award) -> str:
    """A winner as the summary names them: who, in which competition, which prize at which
    level."""
    return _("%(winner)s, %(prize)s in %(title)s (%(level)s)") % {
        "winner": award.entry.entrant,
        "prize": award.get_rank_display(),
        "title": award.competition.activity.title,
        "level": award.competition.get_level_display(),
    }


@section("competitions", title=gettext_lazy("Competitions"))
def competitions(org, period) -> Section:
    return Section(
        empty=gettext_lazy("No competitions were recorded in this period."),
        paragraphs=[
            Paragraph(
                gettext_lazy(
                    "The union held {held} competitions ({titles}), with {entries} entries."
                ),
                held=Figure("competitions.held"),
                titles=Records(
                    "competitions.held",
                    show=lambda competition: f"《{competition.activity.title}》",
                ),
                entries=Figure("competitions.entries"),
                empty=gettext_lazy("No competitions were recorded in this period."),
            ),
            Paragraph(
                gettext_lazy("{prizes} prizes were awarded: {winners}."),
                prizes=Figure("competitions.prizes"),
                winners=Records(
                    "competitions.prizes",
                    show=_winner,
                    separator=pgettext_lazy("separator between winners listed", "; "),
                ),
                empty=gettext_lazy("No competition prizes were awarded in this period."),
            ),
            Paragraph(
                gettext_lazy("Prize money paid from union funds: {money} yuan."),
                money=Figure("competitions.prize_money"),
                empty=gettext_lazy("No prize money was paid in this period."),
            ),
        ],
        tables=[
            Table.breakdown(
                "competitions.prizes_by_rank",
                columns=(gettext_lazy("Prize"), gettext_lazy("Prizes won")),
                title=gettext_lazy("Competition prizes by rank"),
            ),
        ],
    )
