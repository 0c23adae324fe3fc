"""Indicators of care visits, for summaries, disclosure and the district roll-up.

Amounts count every recipient: a group visit of 10 members at 200 is 2000. Cancelled visits
are left out. Records are the visits behind the figure.
"""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from unionhall.care.models import CareRecipient, CareVisit, Kind
from unionhall.core.indicators import (
    BREAKDOWN,
    COUNT,
    SUM,
    IndicatorValue,
    Period,
    count_of,
    indicator,
)
from unionhall.core.money import format_money, quantize


def _visits(org, period: Period):
    return (
        CareVisit.objects.filter(org=org, date__range=period.as_range(), cancelled_at__isnull=True)
        .annotate(recipient_count=Count("recipients"))
        .order_by("date", "id")
    )


def _recipients(org, period: Period):
    return CareRecipient.objects.filter(
        org=org, visit__date__range=period.as_range(), visit__cancelled_at__isnull=True
    )


def describe_visit(visit: CareVisit) -> str:
    return f"{visit.date} {visit.kind_shown} {format_money(visit.amount)}"


def given_on(visit: CareVisit) -> Decimal:
    """What one visit gave in all: its amount to each of its recipients."""
    return visit.amount * visit.recipient_count


def _kind_parts(org, period: Period, counts: dict[str, tuple[Kind, int]]):
    """A breakdown's parts: {key: (kind, visits)} → each kind's number of visits and the visits."""
    return {
        key: IndicatorValue(value=n, records=_visits(org, period).filter(kind=kind.value))
        for key, (kind, n) in counts.items()
    }


@indicator(
    "care.visits",
    _("Care visits"),
    unit=_("visits"),
    describe=describe_visit,
    capability="care.view",
    kind=COUNT,
)
def care_visits(org, period: Period) -> IndicatorValue:
    return count_of(_visits(org, period), people=_recipients(org, period).count())


@indicator(
    "care.amount",
    _("Care given (cash and goods)"),
    unit=_("yuan"),
    describe=describe_visit,
    capability="care.view",
    kind=SUM,
    summed=given_on,
)
def care_amount(org, period: Period) -> IndicatorValue:
    totals = _recipients(org, period).aggregate(total=Sum("visit__amount"))
    total = quantize(totals["total"]) if totals["total"] is not None else None
    union = quantize(
        CareVisit.objects.filter(
            org=org, date__range=period.as_range(), cancelled_at__isnull=True
        ).aggregate(s=Sum("union_amount"))["s"]
    )
    return IndicatorValue(value=total, records=_visits(org, period), detail={"union_funds": union})


@indicator(
    "care.by_kind",
    _("Care visits by kind"),
    unit=_("visits"),
    describe=describe_visit,
    capability="care.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
    part_field="count",
)
def care_by_kind(org, period: Period) -> IndicatorValue:
    """{kind: {"label", "count" (visits), "people", "amount"}} in the order of the kinds; each
    part's records are the visits of its kind."""
    # One query: joined with their recipients, a visit's amount is summed once per recipient.
    rows = {
        row["kind"]: row
        for row in CareVisit.objects.filter(
            org=org, date__range=period.as_range(), cancelled_at__isnull=True
        )
        .values("kind")
        .annotate(n=Count("id", distinct=True), people=Count("recipients"), amount=Sum("amount"))
        .order_by()
    }
    value = {}
    for kind in Kind:
        if kind.value in rows:
            row = rows[kind.value]
            value[kind.value] = {
                "label": str(kind.label),
                "count": row["n"],
                "people": row["people"],
                "amount": quantize(row["amount"]),
            }
    parts = _kind_parts(org, period, {k: (Kind(k), v["count"]) for k, v in value.items()})
    return IndicatorValue(value=value or None, records=_visits(org, period), parts=parts)


@indicator(
    "care.visits_by_kind",
    _("Care visits by kind"),
    unit=_("visits"),
    describe=describe_visit,
    capability="care.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def care_visits_by_kind(org, period: Period) -> IndicatorValue:
    """{kind shown: number of visits}, in the order of the kinds; for tables and charts."""
    counts = {
        row["kind"]: row["n"]
        for row in CareVisit.objects.filter(
            org=org, date__range=period.as_range(), cancelled_at__isnull=True
        )
        .values("kind")
        .annotate(n=Count("id"))
    }
    shown = {str(kind.label): (kind, counts[kind.value]) for kind in Kind if kind.value in counts}
    value = {label: n for label, (_kind, n) in shown.items()}
    parts = _kind_parts(org, period, shown)
    return IndicatorValue(value=value or None, records=_visits(org, period), parts=parts)
