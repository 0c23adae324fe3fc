"""The care rules an organisation sets (CareRule), one checker per rule, named after it.

A checker returns the sentence that names the rule and how the visit breaks it, or None; its
`field` names what the rule judges (the amount, cash, the kind, the illness), for a page or an
import that shows the sentence beside that input. `rule_breaches` runs them all: the rules about
the visit as a whole (VISIT_RULES) first, then each member's in turn (MEMBER_RULES). The dues
rule depends on the dues settings, not on the care rule, so the service weighs it separately
(`dues_breaches`).

The care rules are rules of union funds: they judge what union funds pay. A member's share paid
from the school's budget (Payer.ADMINISTRATION) is not theirs to refuse, and earlier gifts the
school paid do not count towards the union's caps.
"""

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from unionhall.care.models import CareRecipient, CareRule, Kind, Payer
from unionhall.core.money import quantize
from unionhall.dues.models import DuesPolicy
from unionhall.dues.selectors import months_owed, settings_for
from unionhall.members.models import Member
from unionhall.orgs.models import Organisation


@dataclass
class ProposedVisit:
    """A visit about to be recorded, as the care rules see it."""

    org: Organisation
    rule: CareRule
    kind: str
    members: Sequence[Member]
    date: dt.date
    is_cash: bool
    amount: Decimal
    illness: str
    # Member id → who pays that member's share; a member not named is paid by union funds.
    payers: dict[int, str] = field(default_factory=dict)
    # What the members already received, when the caller has read it (an import reads it once
    # for the whole file); None: read it from the database.
    history: "CareHistory | None" = None

    @property
    def kind_name(self) -> str:
        return self.rule.get_kind_display()

    def union_pays(self, member: Member) -> bool:
        return self.payers.get(member.pk, Payer.UNION) == Payer.UNION

    @functools.cached_property
    def union_members(self) -> list[Member]:
        """The members whose share union funds pay: those the care rules judge."""
        return [member for member in self.members if self.union_pays(member)]

    @functools.cached_property
    def earlier_this_year(self) -> QuerySet:
        """What union funds gave the members earlier in the visit's calendar year, of this kind."""
        return CareRecipient.objects.filter(
            org=self.org,
            member__in=self.union_members,
            payer=Payer.UNION,
            visit__kind=self.kind,
            visit__date__year=self.date.year,
            visit__cancelled_at__isnull=True,
        )

    @functools.cached_property
    def received_this_year(self) -> dict[int, tuple[Decimal, int]]:
        """Member id → (amount received, number of visits) of this kind this year."""
        if self.history is not None:
            return {
                member.pk: self.history.received(member.pk, self.kind, self.date.year)
                for member in self.union_members
            }
        rows = (
            self.earlier_this_year.values("member_id")
            .annotate(total=Sum("amount"), n=Count("id"))
            .order_by()
        )
        return {row["member_id"]: (quantize(row["total"]), row["n"]) for row in rows}

    def received_by(self, member: Member) -> tuple[Decimal, int]:
        return self.received_this_year.get(member.pk, (quantize(0), 0))

    @functools.cached_property
    def visited_for_this_illness(self) -> set[int]:
        """Ids of the members already visited this year for the same illness."""
        if self.history is not None:
            return {
                member.pk
                for member in self.union_members
                if self.history.had_illness(member.pk, self.date.year, self.illness)
            }
        return set(
            self.earlier_this_year.filter(visit__illness__iexact=self.illness.strip()).values_list(
                "member_id", flat=True
            )
        )


# Rules about the visit as a whole: each returns the sentence naming the rule, or None.


def _rule_no_cash(visit: ProposedVisit) -> str | None:
    if visit.is_cash and not visit.rule.cash_allowed:
        return _("Rule “%(kind)s: no cash”: this kind of care must be given as goods.") % {
            "kind": visit.kind_name
        }
    return None


def _rule_cap_per_visit(visit: ProposedVisit) -> str | None:
    cap = visit.rule.cap
    if cap is not None and visit.amount > cap:
        return _("Rule “%(kind)s: cap %(cap)s per visit”: %(amount)s is more than the cap.") % {
            "kind": visit.kind_name,
            "cap": cap,
            "amount": visit.amount,
        }
    return None


# Rules about what each member has already received this year.


def _rule_annual_cap_per_member(visit: ProposedVisit, member: Member) -> str | None:
    cap = visit.rule.annual_cap
    if cap is None:
        return None
    total, _n = visit.received_by(member)
    if total + visit.amount <= cap:
        return None
    return _(
        "Rule “%(kind)s: at most %(cap)s per member a year”: %(name)s has already "
        "received %(total)s in %(year)d; with %(amount)s it would be %(sum)s."
    ) % {
        "kind": visit.kind_name,
        "cap": cap,
        "name": member.name,
        "total": total,
        "year": visit.date.year,
        "amount": visit.amount,
        "sum": total + visit.amount,
    }


def _rule_times_per_year(visit: ProposedVisit, member: Member) -> str | None:
    times = visit.rule.times_per_year
    if times is None:
        return None
    _total, n = visit.received_by(member)
    if n < times:
        return None
    return _(
        "Rule “%(kind)s: %(times)d time(s) per member a year”: %(name)s has already "
        "received %(n)d in %(year)d."
    ) % {
        "kind": visit.kind_name,
        "times": times,
        "name": member.name,
        "n": n,
        "year": visit.date.year,
    }


def _rule_same_illness_once_a_year(visit: ProposedVisit, member: Member) -> str | None:
    if not (visit.kind == Kind.ILLNESS and visit.rule.same_illness_once_a_year and visit.illness):
        return None
    if member.pk not in visit.visited_for_this_illness:
        return None
    return _(
        "Rule “the same illness is covered once a year”: %(name)s was already "
        "visited for “%(illness)s” in %(year)d."
    ) % {"name": member.name, "illness": visit.illness, "year": visit.date.year}


def _judges(field_name: str, *checks) -> None:
    """Name what each checker judges: the input its sentence is shown beside."""
    for check in checks:
        check.field = field_name


_judges("is_cash", _rule_no_cash)
_judges("amount", _rule_cap_per_visit, _rule_annual_cap_per_member)
_judges("kind", _rule_times_per_year)
_judges("illness", _rule_same_illness_once_a_year)

VISIT_RULES = (_rule_no_cash, _rule_cap_per_visit)
MEMBER_RULES = (_rule_annual_cap_per_member, _rule_times_per_year, _rule_same_illness_once_a_year)


@dataclass(frozen=True)
class Breach:
    """One rule a visit breaks: the sentence naming it, and what it judges (its checker's
    `field`)."""

    field: str
    sentence: str

    def __str__(self) -> str:
        return self.sentence


class CareHistory:
    """What union funds already gave each member, by kind and year, read once a year for many
    visits (an import), and added to as each visit is checked, so that a file's later rows
    count its earlier ones."""

    def __init__(self, *, org) -> None:
        self.org = org
        self._years: set[int] = set()
        self._received: dict[tuple[int, str, int], tuple[Decimal, int]] = {}
        self._illnesses: set[tuple[int, int, str]] = set()

    def _read(self, year: int) -> None:
        if year in self._years:
            return
        self._years.add(year)
        rows = (
            CareRecipient.objects.filter(
                org=self.org,
                payer=Payer.UNION,
                visit__date__year=year,
                visit__cancelled_at__isnull=True,
            )
            .values_list("member_id", "visit__kind", "visit__illness", "amount")
            .order_by()
        )
        for member_id, kind, illness, amount in rows:
            self._add(member_id, kind, year, illness, amount)

    def _add(self, member_id: int, kind: str, year: int, illness: str, amount: Decimal) -> None:
        total, n = self._received.get((member_id, kind, year), (Decimal("0"), 0))
        self._received[(member_id, kind, year)] = (total + amount, n + 1)
        if kind == Kind.ILLNESS and illness.strip():
            self._illnesses.add((member_id, year, illness.strip().lower()))

    def received(self, member_id: int, kind: str, year: int) -> tuple[Decimal, int]:
        self._read(year)
        total, n = self._received.get((member_id, kind, year), (Decimal("0"), 0))
        return quantize(total), n

    def had_illness(self, member_id: int, year: int, illness: str) -> bool:
        self._read(year)
        return (member_id, year, illness.strip().lower()) in self._illnesses

    def add_visit(
        self, *, kind: str, date: dt.date, illness: str, amount: Decimal, union_member_ids
    ) -> None:
        """Count a visit just checked, for the members union funds pay."""
        self._read(date.year)
        for member_id in union_member_ids:
            self._add(member_id, kind, date.year, illness, amount)


def rule_breaches(
    *,
    org,
    rule: CareRule | None,
    kind: str,
    members: Sequence[Member],
    date: dt.date,
    is_cash: bool,
    amount: Decimal,
    illness: str,
    payers: dict[int, str] | None = None,
) -> list[str]:
    """Every rule this visit would break, each sentence naming the rule: the visit's own rules
    first, then each member's in turn. `payers` (member id → payer; a member not named is paid
    by union funds): the rules judge only the shares union funds pay."""
    of_visit, of_member = breaches_by_member(
        org=org,
        rule=rule,
        kind=kind,
        members=members,
        date=date,
        is_cash=is_cash,
        amount=amount,
        illness=illness,
        payers=payers,
    )
    found = of_visit + [breach for member in members for breach in of_member[member.pk]]
    return [breach.sentence for breach in found]


def breaches_by_member(
    *,
    org,
    rule: CareRule | None,
    kind: str,
    members: Sequence[Member],
    date: dt.date,
    is_cash: bool,
    amount: Decimal,
    illness: str,
    payers: dict[int, str] | None = None,
    history: CareHistory | None = None,
) -> tuple[list[Breach], dict[int, list[Breach]]]:
    """The rules the visit as a whole breaks, and those each member's share breaks (by member
    id): what a batch's preview shows beside each person. Only the shares union funds pay are
    judged: a visit the school's budget pays for everyone breaks no care rule."""
    of_member: dict[int, list[Breach]] = {member.pk: [] for member in members}
    if rule is None:
        return [], of_member
    visit = ProposedVisit(
        org, rule, kind, members, date, is_cash, amount, illness, dict(payers or {}), history
    )
    if not visit.union_members:
        return [], of_member
    of_visit = [
        Breach(check.field, sentence) for check in VISIT_RULES if (sentence := check(visit))
    ]
    for member in visit.union_members:
        of_member[member.pk] = [
            Breach(check.field, sentence)
            for check in MEMBER_RULES
            if (sentence := check(visit, member))
        ]
    return of_visit, of_member


def dues_breaches(*, org, members: Sequence[Member], date: dt.date) -> tuple[list[str], str]:
    """A sentence for each member who owes dues on `date`, and the organisation's policy for
    them (not checked, warn, or refuse)."""
    policy = settings_for(org=org).benefits_need_dues
    if policy == DuesPolicy.OFF:
        return [], policy
    found = []
    for member in members:
        owed = months_owed(org=org, member=member, on=date)
        if owed:
            found.append(
                _("Rule “benefits need paid dues”: %(name)s owes dues for %(months)s.")
                % {"name": member.name, "months": "、".join(f"{m:%Y-%m}" for m in owed)}
            )
    return found, policy
