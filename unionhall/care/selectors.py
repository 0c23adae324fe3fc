"""Reads of care visits, always scoped to one organisation."""

from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from unionhall.care.models import CareRecipient, CareRule, CareVisit, Festival, Kind, Payer
from unionhall.members.models import Member


def visit_list(*, org, year: int | None = None, kind: str = "") -> QuerySet[CareVisit]:
    visits = CareVisit.objects.filter(org=org)
    if year:
        visits = visits.filter(date__year=year)
    if kind:
        visits = visits.filter(kind=kind)
    return (
        visits.annotate(recipient_count=Count("recipients"))
        # The list names the first three recipients of each visit: a festival visit to the
        # whole school would otherwise load every member on every page.
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=CareRecipient.objects.select_related("member")
                .only("id", "visit_id", "member__id", "member__name")
                .order_by("id")[:3],
                to_attr="first_recipients",
            )
        )
        .order_by("-date", "-id")
    )


def visit_rows(visits, *, org) -> list[CareVisit]:
    """The visits of one list page, each with what its row shows worked out once (the link,
    the date, the kind with its festival, the first recipients' names, who paid), so the
    template only prints them."""
    marker = 2147483647
    url = reverse("care:detail", kwargs={"org": org.code, "pk": marker})
    kinds = {value: str(label) for value, label in Kind.choices}
    festivals = {value: str(label) for value, label in Festival.choices}
    payers = {value: str(label) for value, label in Payer.choices}
    rows = list(visits)
    for visit in rows:
        visit.detail_url = url.replace(str(marker), str(visit.pk))
        visit.date_text = visit.date.isoformat()
        kind = kinds.get(visit.kind, visit.kind)
        if visit.kind == Kind.FESTIVAL and visit.festival:
            kind = f"{kind} · {festivals.get(visit.festival, visit.festival)}"
        visit.kind_label = kind
        visit.names_text = "、".join(r.member.name for r in visit.first_recipients)
        visit.payer_label = payers.get(visit.payer, visit.payer)
    return rows


def visit_get(*, org, pk: int) -> CareVisit:
    return get_object_or_404(
        CareVisit.objects.select_related("recorded_by", "overridden_by", "ledger_entry"),
        org=org,
        pk=pk,
    )


def member_year(*, org, member: Member, year: int) -> dict:
    """What one member received in a year, kind by kind, beside the rule's annual limits."""
    visits = list(
        CareVisit.objects.filter(
            org=org, recipients__member=member, date__year=year, cancelled_at__isnull=True
        ).order_by("date", "id")
    )
    by_rule = {r.kind: r for r in rules(org=org)}
    summary: dict[str, dict] = {}
    for visit in visits:
        row = summary.setdefault(
            visit.kind,
            {
                "kind": visit.get_kind_display(),
                "count": 0,
                "amount": Decimal("0.00"),
                "rule": by_rule.get(visit.kind),
            },
        )
        row["count"] += 1
        row["amount"] += visit.amount
    return {"visits": visits, "summary": list(summary.values())}


def rules(*, org) -> list[CareRule]:
    return list(CareRule.objects.filter(org=org).order_by("kind"))


def care_recorded(*, org, period) -> bool:
    """Whether any visit (not cancelled) was recorded in the period: without one, the summary
    says so in a sentence rather than printing empty tables."""
    return CareVisit.objects.filter(
        org=org, date__range=period.as_range(), cancelled_at__isnull=True
    ).exists()
