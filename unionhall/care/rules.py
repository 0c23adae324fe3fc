"""The care rules an organisation sets (CareRule), one checker per rule, named after it.

A checker returns the sentence that names the rule and how the visit breaks it, or None.
`rule_breaches` runs them all: the rules about the visit as a whole (VISIT_RULES) first, then
each member's in turn (MEMBER_RULES). The dues rule depends on the dues settings, not on the
care rule, so the service weighs it separately (`dues_breaches`).
"""

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from unionhall.care.models import CareRecipient, CareRule, Kind
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

    @property
    def kind_name(self) -> str:
        return self.rule.get_kind_display()

    @functools.cached_property
    def earlier_this_year(self) -> QuerySet:
        """The members' earlier visits of this kind in the visit's calendar year."""
        return CareRecipient.objects.filter(
            org=self.org,
            member__in=self.members,
            visit__kind=self.kind,
            visit__date__year=self.date.year,
            visit__cancelled_at__isnull=True,
        )

    @functools.cached_property
    def received_this_year(self) -> dict[int, tuple[Decimal, int]]:
        """Member id → (amount received, number of visits) of this kind this year."""
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


VISIT_RULES = (_rule_no_cash, _rule_cap_per_visit)
MEMBER_RULES = (_rule_annual_cap_per_member, _rule_times_per_year, _rule_same_illness_once_a_year)


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
) -> list[str]:
    """Every rule this visit would break, each sentence naming the rule: the visit's own rules
    first, then each member's in turn."""
    of_visit, of_member = breaches_by_member(
        org=org,
        rule=rule,
        kind=kind,
        members=members,
        date=date,
        is_cash=is_cash,
        amount=amount,
        illness=illness,
    )
    return of_visit + [sentence for member in members for sentence in of_member[member.pk]]


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
) -> tuple[list[str], dict[int, list[str]]]:
    """The rules the visit as a whole breaks, and those each member's share breaks (by member
    id): what a batch's preview shows beside each person."""
    of_member: dict[int, list[str]] = {member.pk: [] for member in members}
    if rule is None:
        return [], of_member
    visit = ProposedVisit(org, rule, kind, members, date, is_cash, amount, illness)
    of_visit = [sentence for check in VISIT_RULES if (sentence := check(visit))]
    for member in members:
        of_member[member.pk] = [
            sentence for check in MEMBER_RULES if (sentence := check(visit, member))
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
