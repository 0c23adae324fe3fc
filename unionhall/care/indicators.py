"""Indicators of care visits, for summaries, disclosure and the district roll-up.

Amounts count every recipient: a group visit of 10 members at 200 is 2000. Cancelled visits
are left out. Records are the visits behind the figure.
"""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from unionhall.care.models import CareRecipient, CareVisit, Kind
from unionhall.core.indicators import IndicatorValue, Period, indicator
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


@indicator(
    "care.visits",
    _("Care visits"),
    unit=_("visits"),
    describe=describe_visit,
    capability="care.view",
)
def care_visits(org, period: Period) -> IndicatorValue:
    rows = _visits(org, period)
    people = _recipients(org, period).count()
    return IndicatorValue(value=rows.count(), records=rows, detail={"people": people})


@indicator(
    "care.amount",
    _("Care given (cash and goods)"),
    unit=_("yuan"),
    describe=describe_visit,
    capability="care.view",
)
def care_amount(org, period: Period) -> IndicatorValue:
    totals = _recipients(org, period).aggregate(total=Sum("visit__amount"))
    total = quantize(totals["total"])
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
)
def care_by_kind(org, period: Period) -> IndicatorValue:
    """{kind: {"label", "count" (visits), "people", "amount"}} in the order of the kinds."""
    visits = {
        row["kind"]: row["n"]
        for row in CareVisit.objects.filter(
            org=org, date__range=period.as_range(), cancelled_at__isnull=True
        )
        .values("kind")
        .annotate(n=Count("id"))
    }
    people = {
        row["visit__kind"]: row
        for row in _recipients(org, period)
        .values("visit__kind")
        .annotate(people=Count("id"), amount=Sum("visit__amount"))
    }
    value = {}
    for kind in Kind:
        if kind.value in visits:
            row = people.get(kind.value, {})
            value[kind.value] = {
                "label": str(kind.label),
                "count": visits[kind.value],
                "people": row.get("people", 0),
                "amount": quantize(row.get("amount")),
            }
    return IndicatorValue(value=value, records=_visits(org, period))


@indicator(
    "care.visits_by_kind",
    _("Care visits by kind"),
    unit=_("visits"),
    describe=describe_visit,
    capability="care.view",
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
    value = {str(kind.label): counts[kind.value] for kind in Kind if kind.value in counts}
    return IndicatorValue(value=value, records=_visits(org, period))
