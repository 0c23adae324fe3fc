"""Indicators of member dues."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhall.core.indicators import RATE, IndicatorValue, Period, indicator
from unionhall.core.money import format_money, quantize
from unionhall.dues.selectors import due_months, dues_rows, payments


def describe_payment(payment) -> str:
    return f"{payment.period:%Y-%m} {payment.member.name} {format_money(payment.amount)}"


@indicator(
    "dues.collection_rate",
    _("Dues collection rate"),
    unit="%",
    describe=describe_payment,
    capability="dues.view",
    kind=RATE,
    empty=_("no dues owed"),
)
def collection_rate(org, period: Period) -> IndicatorValue:
    """Member-months paid ÷ member-months owed, in per cent, for months already begun.

    Owed months are those of members now in service with dues set, from the month they joined.
    The records are the payments of the period (member-months owed are not rows).
    """
    through = min(period.end, timezone.localdate())
    owed = 0
    paid = 0
    for year in range(period.start.year, through.year + 1):
        for row in dues_rows(org=org, year=year, through=through):
            if row.monthly is None:
                continue
            months = [
                m
                for m in due_months(row.member, year=year, through=through)
                if period.start.replace(day=1) <= m
            ]
            owed += len(months)
            paid += len([m for m in months if m in row.paid])
    records = payments(org=org, start=period.start.replace(day=1), end=period.end)
    rate = (
        (Decimal(paid) * 100 / owed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if owed
        else None
    )
    total = quantize(records.aggregate(s=Sum("amount"))["s"])
    return IndicatorValue(
        value=rate,
        records=records,
        detail={
            "paid": paid,
            "owed": owed,
            "amount": total,
            "numerator": paid,
            "denominator": owed,
        },
    )
