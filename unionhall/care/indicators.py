"""Indicators of care visits, for summaries, disclosure and the district roll-up.

Care is counted as unions count it:
- 人次 (person-visits): one for each person a visit reached; a group visit to 12 members is 12.
  Its records are the recipient rows, one per person, each with its own amount;
- 次 (visits): the number of visits, events, whoever they reached;
- 人 (people): the number of different members reached.
走访慰问 (visits and condolences), as unions report it, is the person-visits of the visits a
union pays to people in need or at a life event: to the ill, in hardship, at a wedding, a birth,
a bereavement, a retirement and others; festival gifts and birthday gifts are not part of it
(VISITING_KINDS).
Amounts are sums over the recipient rows, so a list of records adds up to the figure. Cancelled
visits are left out.
"""

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unionhall.care.models import CareRecipient, CareVisit, Festival, Kind, Payer
from unionhall.core.indicators import (
    BREAKDOWN,
    COUNT,
    SUM,
    IndicatorValue,
    Period,
    count_by_org,
    count_of,
    indicator,
    shared,
    sum_by_org,
)
from unionhall.core.money import format_money, quantize
from unionhall.core.records import RecordRow
from unionhall.members.models import Member, Status


def _visits(org, period: Period):
    return (
        CareVisit.objects.filter(org=org, date__range=period.as_range(), cancelled_at__isnull=True)
        .select_related("org")
        .annotate(recipient_count=Count("recipients"))
        .order_by("date", "id")
    )


def _recipients(org, period: Period):
    """The people reached (one row a person a visit), in the order of the visits."""
    return (
        CareRecipient.objects.filter(
            org=org, visit__date__range=period.as_range(), visit__cancelled_at__isnull=True
        )
        .select_related("visit", "member", "org")
        .order_by("visit__date", "visit_id", "id")
    )


def describe_visit(visit: CareVisit) -> RecordRow:
    text = _("%(date)s %(kind)s, %(count)s people, %(amount)s yuan each") % {
        "date": visit.date,
        "kind": visit.kind_shown,
        "count": getattr(visit, "recipient_count", "—"),
        "amount": format_money(visit.amount),
    }
    return RecordRow(text, reverse("care:detail", kwargs={"org": visit.org.code, "pk": visit.pk}))


def describe_recipient(recipient: CareRecipient) -> RecordRow:
    """One person reached: the visit's date and kind, the member, their own amount and who
    paid; the row links to the visit."""
    visit = recipient.visit
    text = _("%(date)s %(kind)s: %(name)s, %(amount)s yuan (%(payer)s)") % {
        "date": visit.date,
        "kind": visit.kind_shown,
        "name": recipient.member.name,
        "amount": format_money(recipient.amount),
        "payer": recipient.get_payer_display(),
    }
    return RecordRow(
        text, reverse("care:detail", kwargs={"org": recipient.org.code, "pk": visit.pk})
    )


def describe_member(member: Member) -> RecordRow:
    return RecordRow(
        member.name, reverse("care:member", kwargs={"org": member.org.code, "member": member.pk})
    )


# What the tally of the person-visits is grouped by: the visit's kind and festival, who paid.
TALLIED = ("visit__kind", "visit__festival", "payer")


def _tally(org, period: Period) -> dict[tuple[str, str, str], tuple[int, Decimal]]:
    """The period's person-visits and their amounts by TALLIED, in one grouped query: within
    a summary (`computed_together`) the counts, sums and breakdowns of the recipient rows are
    all read from it."""

    def read():
        grouped = (
            _recipients(org, period)
            .order_by()
            .values_list(*TALLIED)
            .annotate(n=Count("id"), amount=Sum("amount"))
            .values_list(*TALLIED, "n", "amount")
        )
        return {
            (kind, festival, payer): (n, quantize(amount or 0))
            for kind, festival, payer, n, amount in grouped
        }

    return shared(("care.tally", org.pk, period.start, period.end), read)


def _tallied(org, period: Period, *, summed: bool, by: str | None = None, **only) -> dict:
    """From the tally: the person-visits (or, `summed`, the amounts) of the rows whose TALLIED
    fields equal `only`, by the TALLIED field `by` (None: the whole as {None: figure})."""
    found: dict = {}
    for key, (n, amount) in _tally(org, period).items():
        fields = dict(zip(TALLIED, key, strict=True))
        if any(fields[name] not in allowed for name, allowed in only.items()):
            continue
        group = fields[by] if by else None
        found[group] = found.get(group, 0) + (amount if summed else n)
    return found


def _breakdown(rows, found: dict, labels, *, field: str, summed: bool) -> IndicatorValue:
    """A breakdown of the recipient rows by `field`, its figures `found` ({value: figure},
    `_tallied`): each part (labelled by the choice's label, in the order of `labels`) with its
    own rows; empty parts left out."""
    value, parts = {}, {}
    for choice in labels:
        if choice.value in found:
            part = found[choice.value]
            part = quantize(part) if summed else part
            value[str(choice.label)] = part
            parts[str(choice.label)] = IndicatorValue(
                value=part, records=rows.filter(**{field: choice.value})
            )
    return IndicatorValue(value=value or None, records=rows, parts=parts)


def _recipients_of_orgs(orgs, period: Period):
    return CareRecipient.objects.filter(
        org__in=orgs, visit__date__range=period.as_range(), visit__cancelled_at__isnull=True
    )


def _person_visits_by_org(orgs, period: Period) -> dict[int, int]:
    return count_by_org(_recipients_of_orgs(orgs, period))


def _visits_by_org(orgs, period: Period) -> dict[int, int]:
    rows = CareVisit.objects.filter(
        org__in=orgs, date__range=period.as_range(), cancelled_at__isnull=True
    )
    return count_by_org(rows)


def _amount_by_org(orgs, period: Period):
    return sum_by_org(_recipients_of_orgs(orgs, period))


def _festival_rows(org, period: Period):
    return _recipients(org, period).filter(visit__kind=Kind.FESTIVAL)


# 走访慰问: every kind of care but the festival and birthday gifts given to all alike.
VISITING_KINDS = tuple(kind for kind in Kind if kind not in (Kind.FESTIVAL, Kind.BIRTHDAY))


def _visiting_rows(org, period: Period):
    return _recipients(org, period).filter(visit__kind__in=VISITING_KINDS)


def _visiting_by_org(orgs, period: Period) -> dict[int, int]:
    return count_by_org(_recipients_of_orgs(orgs, period).filter(visit__kind__in=VISITING_KINDS))


@indicator(
    "care.person_visits",
    _("Care given, in person-visits"),
    unit=_("person-visits"),
    describe=describe_recipient,
    capability="care.view",
    kind=COUNT,
    by_org=_person_visits_by_org,
)
def care_person_visits(org, period: Period) -> IndicatorValue:
    """人次: each person each visit reached."""
    figure = _tallied(org, period, summed=False).get(None)
    return IndicatorValue(value=figure or None, records=_recipients(org, period))


@indicator(
    "care.visiting_person_visits",
    _("Visits and condolences, in person-visits"),
    unit=_("person-visits"),
    describe=describe_recipient,
    capability="care.view",
    kind=COUNT,
    by_org=_visiting_by_org,
)
def care_visiting_person_visits(org, period: Period) -> IndicatorValue:
    """走访慰问 (人次): the person-visits to the ill, in hardship and at the other occasions of
    a member's life; festival and birthday gifts left out. Its records are those rows."""
    figure = _tallied(org, period, summed=False, visit__kind=VISITING_KINDS).get(None)
    return IndicatorValue(value=figure or None, records=_visiting_rows(org, period))


@indicator(
    "care.visiting_by_kind",
    _("Visits and condolences by kind, in person-visits"),
    unit=_("person-visits"),
    describe=describe_recipient,
    capability="care.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def care_visiting_by_kind(org, period: Period) -> IndicatorValue:
    """走访慰问 by kind (illness, hardship, …), each part with its own rows; the parts add up
    to care.visiting_person_visits."""
    kinds = [kind for kind in Kind if kind in VISITING_KINDS]
    found = _tallied(org, period, summed=False, by="visit__kind", visit__kind=VISITING_KINDS)
    return _breakdown(_visiting_rows(org, period), found, kinds, field="visit__kind", summed=False)


@indicator(
    "care.visits",
    _("Care visits"),
    unit=_("visits"),
    describe=describe_visit,
    capability="care.view",
    kind=COUNT,
    by_org=_visits_by_org,
)
def care_visits(org, period: Period) -> IndicatorValue:
    """次: the visits themselves, a group visit once."""
    people = _tallied(org, period, summed=False).get(None, 0)
    return count_of(_visits(org, period), people=people)


@indicator(
    "care.people",
    _("Members cared for"),
    unit=_("people"),
    describe=describe_member,
    capability="care.view",
    kind=COUNT,
)
def care_people(org, period: Period) -> IndicatorValue:
    """人: the different members reached, however often."""
    reached = _recipients(org, period).values("member_id")
    return count_of(
        Member.objects.filter(org=org, pk__in=reached)
        .select_related("org")
        .order_by("name_pinyin", "id")
    )


@indicator(
    "care.amount",
    _("Care given (cash and goods)"),
    unit=_("yuan"),
    describe=describe_recipient,
    capability="care.view",
    kind=SUM,
    summed="amount",
    by_org=_amount_by_org,
)
def care_amount(org, period: Period) -> IndicatorValue:
    """The sum of what each person received; `detail["union_funds"]` is the union's part."""
    total = _tallied(org, period, summed=True).get(None)
    union = _tallied(org, period, summed=True, payer=(Payer.UNION,)).get(None)
    return IndicatorValue(
        value=total,
        records=_recipients(org, period),
        detail={"union_funds": quantize(union)},
    )


@indicator(
    "care.person_visits_by_kind",
    _("Care by kind, in person-visits"),
    unit=_("person-visits"),
    describe=describe_recipient,
    capability="care.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def care_person_visits_by_kind(org, period: Period) -> IndicatorValue:
    """{kind: person-visits}, in the order of the kinds; each part's records are its rows."""
    found = _tallied(org, period, summed=False, by="visit__kind")
    return _breakdown(_recipients(org, period), found, Kind, field="visit__kind", summed=False)


@indicator(
    "care.amount_by_kind",
    _("Care given by kind"),
    unit=_("yuan"),
    describe=describe_recipient,
    capability="care.view",
    kind=BREAKDOWN,
    part_kind=SUM,
    summed="amount",
)
def care_amount_by_kind(org, period: Period) -> IndicatorValue:
    found = _tallied(org, period, summed=True, by="visit__kind")
    return _breakdown(_recipients(org, period), found, Kind, field="visit__kind", summed=True)


@indicator(
    "care.festival_person_visits",
    _("Festival care by festival, in person-visits"),
    unit=_("person-visits"),
    describe=describe_recipient,
    capability="care.view",
    kind=BREAKDOWN,
    part_kind=COUNT,
)
def care_festival_person_visits(org, period: Period) -> IndicatorValue:
    found = _tallied(org, period, summed=False, by="visit__festival", visit__kind=(Kind.FESTIVAL,))
    rows = _festival_rows(org, period)
    return _breakdown(rows, found, Festival, field="visit__festival", summed=False)


@indicator(
    "care.festival_amount",
    _("Festival care given by festival"),
    unit=_("yuan"),
    describe=describe_recipient,
    capability="care.view",
    kind=BREAKDOWN,
    part_kind=SUM,
    summed="amount",
)
def care_festival_amount(org, period: Period) -> IndicatorValue:
    found = _tallied(org, period, summed=True, by="visit__festival", visit__kind=(Kind.FESTIVAL,))
    rows = _festival_rows(org, period)
    return _breakdown(rows, found, Festival, field="visit__festival", summed=True)


@indicator(
    "care.amount_by_payer",
    _("Care given, by who paid"),
    unit=_("yuan"),
    describe=describe_recipient,
    capability="care.view",
    kind=BREAKDOWN,
    part_kind=SUM,
    summed="amount",
)
def care_amount_by_payer(org, period: Period) -> IndicatorValue:
    """Union funds or the school's budget, decided for each person on the date of the visit."""
    found = _tallied(org, period, summed=True, by="payer")
    return _breakdown(_recipients(org, period), found, Payer, field="payer", summed=True)


def _kind_parts(org, period: Period, counts: dict[str, tuple[Kind, int]]):
    """A breakdown's parts: {key: (kind, visits)} → each kind's number of visits and the visits."""
    visits = _visits(org, period)  # built once: the disclosure and home pages read only values
    return {
        key: IndicatorValue(value=n, records=visits.filter(kind=kind.value))
        for key, (kind, n) in counts.items()
    }


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
    """{kind: {"label", "count" (visits), "people" (person-visits), "amount"}} in the order of
    the kinds; each part's records are the visits of its kind."""
    rows = {
        row["kind"]: row
        for row in CareVisit.objects.filter(
            org=org, date__range=period.as_range(), cancelled_at__isnull=True
        )
        .values("kind")
        .annotate(
            n=Count("id", distinct=True),
            people=Count("recipients"),
            amount=Sum("recipients__amount"),
        )
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
    """{kind shown: number of visits (次)}, in the order of the kinds."""
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


@indicator(
    "care.hardship_not_visited",
    _("Hardship members not visited"),
    unit=_("people"),
    describe=describe_member,
    capability="members.view_sensitive",
    kind=COUNT,
)
def hardship_not_visited(org, period: Period) -> IndicatorValue:
    """Members on the hardship list (in service or retired) whom no hardship visit of the
    period reached."""
    visited = CareRecipient.objects.filter(
        org=org,
        visit__kind=Kind.HARDSHIP,
        visit__date__range=period.as_range(),
        visit__cancelled_at__isnull=True,
    ).values("member_id")
    return count_of(
        Member.objects.filter(org=org, status__in=[Status.ACTIVE, Status.RETIRED])
        .exclude(hardship="")
        .exclude(pk__in=visited)
        .order_by("name_pinyin", "id")
    )
