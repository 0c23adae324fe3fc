"""Reads of care visits, always scoped to one organisation."""

from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from unionhall.care.models import CareRecipient, CareRule, CareVisit
from unionhall.members.models import Member


def override_list(*, org) -> QuerySet[CareVisit]:
    """Visits recorded against the care rules, newest first, with who overrode them: only the
    columns the overrides page prints (no recipients, which it does not show)."""
    return (
        CareVisit.objects.filter(org=org)
        .exclude(overridden_rules="")
        .select_related("overridden_by")
        .only(
            "id",
            "date",
            "kind",
            "festival",
            "amount",
            "overridden_rules",
            "override_reason",
            "overridden_by",
        )
        .order_by("-date", "-id")
    )


def visit_list(*, org, year: int | None = None, kind: str = "") -> QuerySet[CareVisit]:
    """The visit list, newest first, each visit with its number of recipients
    (`recipient_count`) and its first three recipients with their members
    (`first_recipients`): a festival visit to the whole school has a hundred, and the list
    names three."""
    visits = CareVisit.objects.filter(org=org)
    if year:
        visits = visits.filter(date__year=year)
    if kind:
        visits = visits.filter(kind=kind)
    first_three = CareRecipient.objects.select_related("member").order_by("id")[:3]
    # A subquery, not a join: the list's count leaves it out, and it runs for the page only.
    recipients = (
        CareRecipient.objects.filter(visit=OuterRef("pk"))
        .order_by()
        .values("visit")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        visits.annotate(recipient_count=Subquery(recipients))
        .prefetch_related(Prefetch("recipients", first_three, to_attr="first_recipients"))
        .order_by("-date", "-id")
    )


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


def rule_for(*, org, kind: str) -> CareRule | None:
    """The organisation's rule for one kind of care, if it has set one."""
    return CareRule.objects.filter(org=org, kind=kind).first()


def care_recorded(*, org, period) -> bool:
    """Whether any visit (not cancelled) was recorded in the period: without one, the summary
    says so in a sentence rather than printing empty tables."""
    return CareVisit.objects.filter(
        org=org, date__range=period.as_range(), cancelled_at__isnull=True
    ).exists()
