"""Reads of care visits, always scoped to one organisation."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, router
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from unionhall.care.models import CareRecipient, CareRule, CareVisit, Festival, Kind, Payer
from unionhall.core import rowhtml
from unionhall.core.money import format_money
from unionhall.core.rowhtml import text
from unionhall.core.sql import Quoting
from unionhall.core.urlcache import url_for_each
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


# What a row of the visit list shows: the list reads these columns, not whole visits.
ROW_FIELDS = (
    "id",
    "date",
    "kind",
    "festival",
    "amount",
    "is_cash",
    "payer",
    "signed_for",
    "cancelled_at",
    "overridden_by_id",
)


def visit_list_rows(*, org, year: int | None = None, kind: str = "") -> QuerySet:
    """The visit list's rows as dicts of ROW_FIELDS, newest first (paginate it, then pass the
    page to `visit_rows`)."""
    visits = CareVisit.objects.filter(org=org)
    if year:
        visits = visits.filter(date__year=year)
    if kind:
        visits = visits.filter(kind=kind)
    return visits.order_by("-date", "-id").values(*ROW_FIELDS)


def _first_recipients(visit_ids: list[int]) -> list[tuple[int, str, int]]:
    """(visit id, member's name, the visit's number of recipients) for the first three
    recipients of each visit, in order. Written as SQL (portable: SQLite and PostgreSQL both
    have window functions): the ORM's filter on a window function compiles a nested query
    that took several times longer to build than to run, on every page of the list."""
    alias = router.db_for_read(CareRecipient)
    q = Quoting(alias)
    visit, rid = q.column(CareRecipient, "visit"), q.column(CareRecipient, "id")
    # Number the recipients of each visit first, then look up the names of the first three
    # only: a festival visit to the whole school has a hundred recipients.
    sql = (
        f"SELECT firsts.visit_id, m.{q.column(Member, 'name')}, firsts.total"
        f" FROM (SELECT r.{visit} AS visit_id, r.{q.column(CareRecipient, 'member')} AS member_id,"
        f" ROW_NUMBER() OVER (PARTITION BY r.{visit} ORDER BY r.{rid}) AS place,"
        f" COUNT(*) OVER (PARTITION BY r.{visit}) AS total"
        f" FROM {q.table(CareRecipient)} r"
        f" WHERE r.{visit} IN ({', '.join(['%s'] * len(visit_ids))})) firsts"
        f" JOIN {q.table(Member)} m ON m.{q.column(Member, 'id')} = firsts.member_id"
        f" WHERE firsts.place <= 3 ORDER BY firsts.visit_id, firsts.place"
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, visit_ids)
        return cursor.fetchall()


@dataclass(frozen=True, slots=True)
class VisitRow:
    """One row of the visit list: ROW_FIELDS, then what the row prints."""

    id: int
    date: dt.date
    kind: str
    festival: str
    amount: Decimal
    is_cash: bool
    payer: str
    signed_for: bool
    cancelled_at: dt.datetime | None
    overridden_by_id: int | None
    detail_url: str
    date_text: str
    kind_label: str
    names_text: str
    amount_text: str
    payer_label: str


def visit_rows(visits, *, org) -> list[VisitRow]:
    """The visits of one list page (dicts from `visit_list_rows`), each with what its row shows
    worked out once (the link, the date, the kind with its festival, the first three
    recipients' names and how many in all, the amount, who paid), so that `visit_rows_html`
    only writes them. The names and counts come in one query, three names per visit at most:
    a festival visit to the whole school would otherwise load every member."""
    detail_url = url_for_each("care:detail", org=org.code)
    kinds = {value: str(label) for value, label in Kind.choices}
    festivals = {value: str(label) for value, label in Festival.choices}
    payers = {value: str(label) for value, label in Payer.choices}
    rows = list(visits)
    names: dict[int, list[str]] = {}
    totals: dict[int, int] = {}
    if rows:
        for visit_id, name, total in _first_recipients([row["id"] for row in rows]):
            names.setdefault(visit_id, []).append(name)
            totals[visit_id] = total
    in_all = gettext("(%(n)s in all)")
    shown = []
    for row in rows:
        pk = row["id"]
        kind = kinds.get(row["kind"], row["kind"])
        if row["kind"] == Kind.FESTIVAL and row["festival"]:
            kind = f"{kind} · {festivals.get(row['festival'], row['festival'])}"
        count = totals.get(pk, 0)
        names_text = "、".join(names.get(pk, ()))
        if count > 3:
            names_text += " " + in_all % {"n": count}
        shown.append(
            VisitRow(
                **row,
                detail_url=detail_url(pk),
                date_text=row["date"].isoformat(),
                kind_label=kind,
                names_text=names_text,
                amount_text=format_money(row["amount"]),
                payer_label=payers.get(row["payer"], row["payer"]),
            )
        )
    return shown


def visit_rows_html(rows: list[VisitRow]) -> str:
    """A page of the visit list's rows as HTML (`rowhtml`): a cancelled visit struck through,
    an overridden one marked, cash noted."""
    override, cash = gettext("override"), gettext("cash")
    override = f' <span class="badge text-bg-warning">{text(override)}</span>'
    cash = f' <span class="small text-secondary">{text(cash)}</span>'
    written = []
    for row in rows:
        struck = ' class="text-decoration-line-through text-secondary"' if row.cancelled_at else ""
        written.append(
            f'<tr{struck}><td class="text-nowrap"><a href="{text(row.detail_url)}">'
            f"{text(row.date_text)}</a></td>"
            f"<td>{text(row.kind_label)}{override if row.overridden_by_id else ''}</td>"
            f"<td>{text(row.names_text)}</td>"
            f'<td class="text-end">{text(row.amount_text)}{cash if row.is_cash else ""}</td>'
            f'<td class="d-none d-md-table-cell">{text(row.payer_label)}</td>'
            f'<td class="d-none d-md-table-cell">{"✓" if row.signed_for else ""}</td></tr>'
        )
    return rowhtml.rows(written, empty=gettext("No visits recorded."), columns=6)


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
