"""The prize rules of union competitions, as pure functions (no database).

Two rules from practice (domain facts, section B):

- 减一录取 ("one fewer"): when fewer entries take part than the prize table has places, one
  fewer place is awarded than there are entries (京教工 standard as applied by 中国传媒大学:
  "不足七个队(九人)的比赛实行减一录取"). Two entries for three places: one prize.
- The award share: prize winners may not exceed a share of the entrants. Provinces differ
  (宁夏: 1/3 of the players; the national 2017 办法 as commonly quoted: 2/3), so the share is a
  per-organisation setting whose default is DEFAULT_AWARD_SHARE.

Breaking either is refused with the rule named; the chair may override with a reason.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

# "获奖面原则上不超过参加人数的三分之二" (the national 2017 办法, tagged [R] in the facts):
# a default only; each organisation sets its own (宁夏: 1/3).
DEFAULT_AWARD_SHARE = Fraction(2, 3)

ONE_FEWER = "one_fewer"
AWARD_SHARE = "award_share"
TABLE = "table"


@dataclass(frozen=True)
class Breach:
    rule: str
    message: str

    def __str__(self) -> str:
        return self.message


def share_shown(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator}"


def most_by_one_fewer(*, entries: int, places: int) -> int:
    """The most prizes 减一录取 allows: all the places, or one fewer than the entries when there
    are fewer entries than places."""
    if entries < places:
        return max(entries - 1, 0)
    return places


def most_by_share(*, entries: int, share: Fraction) -> int:
    """The most prize winners the award share allows (rounded down: 2/3 of 10 entrants is 6)."""
    return math.floor(entries * share)


def most_prizes(*, entries: int, places: int, share: Fraction) -> int:
    """The most prizes both rules allow, with the table's places."""
    return min(
        places,
        most_by_one_fewer(entries=entries, places=places),
        most_by_share(entries=entries, share=share),
    )


def breaches(
    *,
    entries: int,
    places: int,
    winners: int,
    share: Fraction,
    over_table: dict[str, tuple[int, int]] | None = None,
) -> list[Breach]:
    """The rules `winners` prizes among `entries` entries break, each named; [] when none.

    `over_table`: prize label → (awarded, places) for tiers given more winners than the table
    has places (refused like the rules, and overridden the same way)."""
    found = []
    for label, (awarded, allowed) in (over_table or {}).items():
        found.append(
            Breach(
                TABLE,
                _("%(prize)s is given %(awarded)d times; the prize table has %(places)d.")
                % {"prize": label, "awarded": awarded, "places": allowed},
            )
        )
    by_one_fewer = most_by_one_fewer(entries=entries, places=places)
    if entries < places and winners > by_one_fewer:
        found.append(
            Breach(
                ONE_FEWER,
                _(
                    "The one-fewer rule (减一录取): %(entries)d entries for %(places)d places, so "
                    "at most %(most)d prizes; %(winners)d were given."
                )
                % {
                    "entries": entries,
                    "places": places,
                    "most": by_one_fewer,
                    "winners": winners,
                },
            )
        )
    by_share = most_by_share(entries=entries, share=share)
    if winners > by_share:
        found.append(
            Breach(
                AWARD_SHARE,
                _(
                    "The award share: prize winners may be at most %(share)s of the %(entries)d "
                    "entries, that is %(most)d; %(winners)d were given."
                )
                % {
                    "share": share_shown(share),
                    "entries": entries,
                    "most": by_share,
                    "winners": winners,
                },
            )
        )
    return found


def final_score(scores: list[Decimal], *, trim: int = 0) -> Decimal | None:
    """The judges' mean, after dropping the `trim` highest and `trim` lowest scores (去掉最高分和
    最低分); None without scores. Too few scores to trim: the plain mean. Two decimal places."""
    if not scores:
        return None
    ordered = sorted(scores)
    if trim and len(ordered) > 2 * trim:
        ordered = ordered[trim:-trim]
    mean = sum(ordered, Decimal("0")) / len(ordered)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def places_of(scores: list[Decimal | None]) -> list[int | None]:
    """Places by score, highest first; equal scores share a place (1, 2, 2, 4); no score, no
    place. Returned in the order given."""
    ranked = sorted((s for s in scores if s is not None), reverse=True)
    first_place = {}
    for index, score in enumerate(ranked):
        first_place.setdefault(score, index + 1)
    return [first_place[s] if s is not None else None for s in scores]
