"""The rules that decide a poll's outcome: data per poll, and pure functions over counts.

Defaults per kind come from the union's rules (../shared/domain, section A):
- an election may proceed when at least two thirds of those entitled take part (三分之二以上);
- a candidate is elected with more than half of those ENTITLED (应到会人数过半数), not of those
  voting; where more than the seats qualify, the most votes win; a tie at the last seat goes to a
  runoff among the tied; a shortfall goes to a runoff among the others, or stays vacant;
- a contested body has at least 5% more candidates than seats (差额率不低于5%);
- a ballot marking more candidates than seats is invalid as a whole;
- the ballot box reconciles: more ballots returned than issued voids the poll;
- congress resolutions pass with more than half of ALL representatives;
- a satisfaction result counts for a class only when at least two thirds of its codes were used,
  and "don't know" (不了解) is left out of the rate's denominator;
- a selection's approval vote passes with at least 80% of those entitled.

Shares are (numerator, denominator) pairs, compared in integers: no float ever decides a seat.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The points of each scale, in the order they are shown.
SCALES: dict[str, tuple[tuple[str, Any], ...]] = {
    "yna": (("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain"))),
    "approve": (
        ("approve", _("Approve")),
        ("reject", _("Reject")),
        ("abstain", _("Abstain")),
    ),
    "four": (
        ("good", pgettext_lazy("rating", "Good")),
        ("fairly_good", pgettext_lazy("rating", "Fairly good")),
        ("fair", pgettext_lazy("rating", "Fair")),
        ("poor", pgettext_lazy("rating", "Poor")),
    ),
    "grade": (
        ("excellent", _("Excellent")),
        ("competent", _("Competent")),
        ("basic", _("Basically competent")),
        ("incompetent", _("Incompetent")),
    ),
    "satisfaction": (
        ("satisfied", _("Satisfied")),
        ("fairly", _("Quite satisfied")),
        ("basic", _("Basically satisfied")),
        ("dissatisfied", _("Not satisfied")),
        ("unknown", _("Don't know")),
    ),
    "comment": (),
}


def scale_values(scale: str) -> tuple[str, ...]:
    return tuple(value for value, _label in SCALES[scale])


def scale_label(scale: str, value: str):
    return dict(SCALES[scale]).get(value, value)


# Rules per kind --------------------------------------------------------------------------------

ENTITLED, PRESENT, CAST, VALID = "entitled", "present", "cast", "valid"
RUNOFF, VACANT = "runoff", "vacant"

_COMMON = {
    "quorum": [2, 3],
    "quorum_base": ENTITLED,
    "pass": [1, 2],
    "pass_base": ENTITLED,
    "pass_strict": True,
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "election": _COMMON
    | {
        "surplus_percent": 5,
        "overvote": "invalid_ballot",
        "tie": RUNOFF,
        "shortfall": RUNOFF,
        "stroke_order": True,
    },
    "resolution": _COMMON,
    "evaluation": {"quorum": None, "pass": None, "approving": {}},
    "satisfaction": {
        "quorum": None,
        "pass": None,
        "min_participation": [2, 3],
        "satisfied": ["satisfied", "fairly", "basic"],
        "excluded": ["unknown"],
        "winners": 3,
    },
    "selection": _COMMON | {"pass": [4, 5], "pass_strict": False},
}


# An evaluation's rate per person counts these points of each scale as approving (好+较好,
# 优秀+称职, 满意+较满意+基本满意); a poll's rules may override a scale's points ("approving").
APPROVING: dict[str, tuple[str, ...]] = {
    "four": ("good", "fairly_good"),
    "grade": ("excellent", "competent"),
    "satisfaction": ("satisfied", "fairly", "basic"),
    "approve": ("approve",),
    "yna": ("for",),
}
# The points left out of a rate's denominator (不了解).
NOT_KNOWN = ("unknown",)
# How many teachers a satisfaction survey names as the most satisfied (最满意教师) by default.
WINNERS = 3


def approving(poll_rules: Mapping[str, Any], scale: str) -> tuple[str, ...]:
    return tuple((poll_rules.get("approving") or {}).get(scale, APPROVING.get(scale, ())))


def top(rates: Mapping[Any, Decimal | None], places: int) -> list:
    """The `places` best rates (a rate of None never places); all those tied with the last
    place are named with it."""
    ranked = sorted((k for k, v in rates.items() if v is not None), key=lambda k: -rates[k])
    if places < 1 or not ranked:
        return []
    if len(ranked) <= places:
        return ranked
    cut = rates[ranked[places - 1]]
    return [k for k in ranked if rates[k] >= cut]


def defaults_for(kind: str) -> dict[str, Any]:
    return dict(DEFAULTS[kind])


def effective(poll_rules: Mapping[str, Any], question_rules: Mapping[str, Any]) -> dict:
    return {**poll_rules, **question_rules}


# Shares and gates -------------------------------------------------------------------------------


def share_met(count: int, base: int, share: Sequence[int], *, strict: bool) -> bool:
    """`count` reaches `share` of `base`: more than it when `strict` (过半数), at least it
    otherwise (三分之二以上, 80%以上)."""
    numerator, denominator = share
    if strict:
        return count * denominator > base * numerator
    return count * denominator >= base * numerator


def quorum_met(present: int, entitled: int, share: Sequence[int] | None = (2, 3)) -> bool:
    if share is None:
        return True
    return entitled > 0 and share_met(present, entitled, share, strict=False)


def least_to_pass(base: int, share: Sequence[int], *, strict: bool) -> int:
    """The fewest votes that pass: 51 of 100 for more than half, 80 of 100 for at least 80%."""
    numerator, denominator = share
    if strict:
        return base * numerator // denominator + 1
    return -(-base * numerator // denominator)


def base_count(base: str, *, entitled: int, present: int, cast: int, valid: int) -> int:
    return {ENTITLED: entitled, PRESENT: present, CAST: cast, VALID: valid}[base]


# 差额率不低于5%: a contested body's surplus is at least this; 0 is an uncontested body (等额,
# allowed for the chair, vice-chairs and the audit committee).
MIN_SURPLUS_PERCENT = 5


def fewest_candidates(seats: int, surplus_percent: int) -> int:
    """The fewest candidates for `seats` with a surplus of at least `surplus_percent`%: rounded
    up, and at least one more than the seats (5 seats at 5% → 6; 21 seats at 5% → 23)."""
    if not surplus_percent:
        return seats
    return max(seats + 1, math.ceil(seats * (100 + surplus_percent) / 100))


def surplus_ok(candidates: int, seats: int, surplus_percent: int) -> bool:
    return candidates >= fewest_candidates(seats, surplus_percent)


def over_voted(marked: int, seats: int | None) -> bool:
    """A ballot marking more candidates than seats: invalid as a whole."""
    return seats is not None and marked > seats


def box_reconciles(*, issued: int, returned: int) -> bool:
    """Returned ≤ issued; more returned than issued voids the poll."""
    return returned <= issued


# Elections --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    elected: list = field(default_factory=list)
    # Tied at the last seat(s): a runoff among them for `runoff_seats`.
    tied: list = field(default_factory=list)
    shortfall: int = 0
    runoff_candidates: list = field(default_factory=list)
    runoff_seats: int = 0
    vacant: int = 0

    @property
    def needs_runoff(self) -> bool:
        return bool(self.runoff_candidates)


def elect(
    votes: Mapping[Any, int],
    *,
    seats: int,
    base: int,
    share: Sequence[int] = (1, 2),
    strict: bool = True,
    tie: str = RUNOFF,
    shortfall: str = RUNOFF,
    surplus_percent: int = 0,
) -> Outcome:
    """Who is elected to `seats` from `votes` (candidate → votes for).

    Only candidates with the share of `base` qualify; where more qualify than there are seats the
    most votes win; those tied across the last seat go to a runoff (or the seats stay vacant when
    `tie` is VACANT). Seats left after all qualifiers are a shortfall: a runoff among the others,
    as many as the surplus rule asks for, the most voted first (ties at the cut included), or
    vacant."""
    qualified = sorted(
        (c for c, n in votes.items() if share_met(n, base, share, strict=strict)),
        key=lambda c: -votes[c],
    )
    outcome = Outcome()
    if len(qualified) <= seats:
        outcome.elected = qualified
        missing = seats - len(qualified)
        outcome.shortfall = missing
        if missing and shortfall == RUNOFF:
            others = sorted((c for c in votes if c not in qualified), key=lambda c: -votes[c])
            wanted = fewest_candidates(missing, surplus_percent)
            if len(others) > wanted:
                cut = votes[others[wanted - 1]]
                others = [c for c in others if votes[c] >= cut]
            outcome.runoff_candidates = others
            outcome.runoff_seats = missing if others else 0
            outcome.vacant = 0 if others else missing
        else:
            outcome.vacant = missing
        return outcome
    last = votes[qualified[seats - 1]]
    above = [c for c in qualified if votes[c] > last]
    at_cut = [c for c in qualified if votes[c] == last]
    free = seats - len(above)
    if len(at_cut) <= free:
        outcome.elected = above + at_cut
        return outcome
    outcome.elected = above
    outcome.tied = at_cut
    if tie == RUNOFF:
        outcome.runoff_candidates = at_cut
        outcome.runoff_seats = free
    else:
        outcome.vacant = free
    return outcome


# Rates ------------------------------------------------------------------------------------------


def percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    excluded: int

    @property
    def value(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)


def satisfaction_rate(
    counts: Mapping[str, int], *, satisfied: Iterable[str], excluded: Iterable[str] = ()
) -> Rate:
    """(satisfied + fairly + basically satisfied) / (answers − don't know), by default."""
    satisfied, excluded = set(satisfied), set(excluded)
    left_out = sum(n for v, n in counts.items() if v in excluded)
    total = sum(counts.values()) - left_out
    return Rate(sum(n for v, n in counts.items() if v in satisfied), total, left_out)


def participation_met(used: int, issued: int, share: Sequence[int] | None = (2, 3)) -> bool:
    if share is None:
        return True
    return issued > 0 and share_met(used, issued, share, strict=False)


def distribution(counts: Mapping[str, int], values: Sequence[str]) -> list[tuple[str, int, Any]]:
    """Count and per cent of each value, in the scale's order."""
    total = sum(counts.get(v, 0) for v in values)
    return [(v, counts.get(v, 0), percent(counts.get(v, 0), total)) for v in values]
