"""Indicators of member dues."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import (
    COUNT,
    RATE,
    SUM,
    IndicatorValue,
    Period,
    indicator,
    rate_of,
    shared,
    sum_by_org,
)
from unionhall.core.money import format_money, quantize
from unionhall.dues.models import DuesPayment
from unionhall.dues.selectors import Obligation, obligations, payments


def describe_payment(payment) -> str:
    return f"{payment.period:%Y-%m} {payment.member.name} {format_money(payment.amount)}"


def describe_obligation(obligation: Obligation) -> str:
    params = {
        "month": f"{obligation.month:%Y-%m}",
        "name": obligation.member.name,
        "amount": format_money(obligation.monthly),
    }
    if obligation.paid:
        return gettext("%(month)s %(name)s %(amount)s: paid") % params
    return gettext("%(month)s %(name)s %(amount)s: not paid") % params


def _obligations(org, period: Period) -> list[Obligation]:
    """The member-months owed, read once for the rate and the amount owed of one summary."""
    key = ("dues.obligations", org.pk, period, timezone.localdate())
    return shared(key, lambda: obligations(org=org, period=period))


@indicator(
    "dues.collection_rate",
    _("Dues collection rate"),
    unit="%",
    describe=describe_obligation,
    capability="dues.view",
    kind=RATE,
    empty=_("no dues recorded"),
)
def collection_rate(org, period: Period) -> IndicatorValue:
    """Member-months paid ÷ member-months owed, in per cent, for months already begun (from the
    first month dues were collected for). The records are the member-months owed (see
    `obligations`), each saying whether it was paid."""
    owed = _obligations(org, period)
    paid = [o for o in owed if o.paid]
    return rate_of(
        numerator=len(paid), denominator=len(owed), records=owed, paid=len(paid), owed=len(owed)
    )


@indicator(
    "dues.owed",
    _("Dues owed"),
    unit=_("yuan"),
    describe=describe_obligation,
    capability="dues.view",
    kind=SUM,
    summed="monthly",
)
def owed(org, period: Period) -> IndicatorValue:
    """What the member-months owed in the period come to, paid or not."""
    rows = _obligations(org, period)
    total = sum((o.monthly for o in rows), Decimal("0.00"))
    return IndicatorValue(value=quantize(total) if rows else None, records=rows)


def _collected_by_org(orgs, period: Period):
    rows = DuesPayment.objects.filter(
        org__in=orgs, period__range=(period.start.replace(day=1), period.end)
    )
    return sum_by_org(rows)


@indicator(
    "dues.collected",
    _("Dues collected"),
    unit=_("yuan"),
    describe=describe_payment,
    capability="dues.view",
    kind=SUM,
    summed="amount",
    by_org=_collected_by_org,
)
def collected(org, period: Period) -> IndicatorValue:
    """The dues paid for the months of the period."""
    rows = payments(org=org, start=period.start.replace(day=1), end=period.end)
    totals = rows.aggregate(total=Sum("amount"), n=Count("id"))
    return IndicatorValue(value=quantize(totals["total"]) if totals["n"] else None, records=rows)


@indicator(
    "dues.unpaid",
    _("Member-months of dues not paid"),
    unit=_("member-months"),
    describe=describe_obligation,
    capability="dues.view",
    kind=COUNT,
)
def unpaid(org, period: Period) -> IndicatorValue:
    """The member-months owed in the period and not paid (dues in arrears)."""
    rows = [o for o in _obligations(org, period) if not o.paid]
    return IndicatorValue(value=len(rows) or None, records=rows)
