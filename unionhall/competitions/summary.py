"""The competitions part of the year-end summary (竞赛、比武), built only from competitions.*
indicators: how many were held, with how many entries, and the winners named with their prizes
and levels."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.competitions.models import Award
from unionhall.core.summary import Breakdown, Figure, Paragraph, Records, Section, section
from unionhall.core.text import book_title


def _winner(award: Award) -> str:
    """A winner as the summary names them: who, in which competition, which prize at which
    level."""
    return _("%(winner)s, %(prize)s in %(title)s (%(level)s)") % {
        "winner": award.entry.entrant,
        "prize": award.get_rank_display(),
        "title": award.competition.activity.title,
        "level": award.competition.get_level_display(),
    }


@section("competitions", title=gettext_lazy("Competitions"), reads=("competitions", "activities"))
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
                    show=lambda competition: book_title(competition.activity.title),
                ),
                entries=Figure("competitions.entries"),
                empty=gettext_lazy("No competitions were recorded in this period."),
            ),
            # The winners are named once, with the other honours (评先评优与荣誉).
            Paragraph(
                gettext_lazy(
                    "{prizes} prizes were awarded, of which {by_rank}; the winners are listed "
                    "with the honours."
                ),
                prizes=Figure("competitions.prizes"),
                by_rank=Breakdown("competitions.prizes_by_rank"),
                empty=gettext_lazy("No competition prizes were awarded in this period."),
            ),
            Paragraph(
                gettext_lazy("Prize money paid from union funds: {money} yuan."),
                money=Figure("competitions.prize_money"),
                empty=gettext_lazy("No prize money was paid in this period."),
            ),
        ],
    )
