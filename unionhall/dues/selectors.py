"""Reads of dues: what each member owes, what was paid, who is in arrears. Always take `org`."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from unionhall.core.periods import Period
from unionhall.dues.models import DuesAccount, DuesCollection, DuesPayment, DuesSettings
from unionhall.members.models import Member, Status


def settings_for(*, org) -> DuesSettings:
    """The organisation's dues settings, or the defaults (unsaved) if the chair set none."""
    try:
        return DuesSettings.objects.get(org=org)
    except DuesSettings.DoesNotExist:
        return DuesSettings(org=org)


def due_months(member: Member, *, year: int, through: dt.date) -> list[dt.date]:
    """The months of `year` a member owed dues for, up to the month of `through`.

    Dues are owed by members in service, from the month they joined. Arrears are counted
    within a calendar year: each year is settled on its own.
    """
    start = dt.date(year, 1, 1)
    if member.joined_on and member.joined_on > start:
        start = member.joined_on.replace(day=1)
    end = min(dt.date(year, 12, 31), through)
    if start > end:
        return []
    return list(Period(start, end).months())


@dataclass
class DuesRow:
    member: Member
    account: DuesAccount | None
    monthly: Decimal | None
    paid: set[dt.date] = field(default_factory=set)
    owed: list[dt.date] = field(default_factory=list)

    @property
    def owed_amount(self) -> Decimal:
        return (self.monthly or Decimal("0")) * len(self.owed)


def dues_rows(*, org, year: int, through: dt.date) -> list[DuesRow]:
    """One row per member in service: monthly dues, months paid in `year`, months owed.

    Three queries whatever the number of members.
    """
    default_rate = settings_for(org=org).default_rate
    members = list(
        Member.objects.filter(org=org, status=Status.ACTIVE)
        .select_related("department")
        .order_by("department__sort_order", "department__name", "name_pinyin", "id")
    )
    accounts = {a.member_id: a for a in DuesAccount.objects.filter(org=org)}
    paid: dict[int, set[dt.date]] = {}
    for member_id, period in DuesPayment.objects.filter(org=org, period__year=year).values_list(
        "member_id", "period"
    ):
        paid.setdefault(member_id, set()).add(period)
    rows = []
    for member in members:
        account = accounts.get(member.pk)
        monthly = account.monthly_dues(default_rate) if account else None
        row = DuesRow(member, account, monthly, paid.get(member.pk, set()))
        if monthly is not None:
            row.owed = [
                m for m in due_months(member, year=year, through=through) if m not in row.paid
            ]
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Obligation:
    """One member's dues for one month (a member-month owed), and its payment if made."""

    member: Member
    month: dt.date
    monthly: Decimal
    paid: bool

    @property
    def pk(self) -> str:
        return f"{self.member.pk}-{self.month:%Y-%m}"


def obligations(*, org, period: Period) -> list[Obligation]:
    """The member-months of dues owed in `period`, for months already begun: members now in
    service with dues set, from the month they joined. Dues are recorded from the first month
    a collection was recorded for: before it, nothing is owed here (not recorded, rather than
    owed and unpaid). Five queries, however long the period."""
    through = min(period.end, timezone.localdate())
    first = period.start.replace(day=1)
    started = (
        DuesCollection.objects.filter(org=org).order_by("period").values_list("period", flat=True)
    ).first()
    if started is None:
        return []
    first = max(first, started.replace(day=1))
    if through < first:
        return []
    default_rate = settings_for(org=org).default_rate
    members = Member.objects.filter(org=org, status=Status.ACTIVE).order_by("name_pinyin", "id")
    accounts = {a.member_id: a for a in DuesAccount.objects.filter(org=org)}
    paid = set(
        DuesPayment.objects.filter(org=org, period__range=(first, through)).values_list(
            "member_id", "period"
        )
    )
    # The months begun, each owed by whoever was in service with dues set from the month they
    # joined (as `due_months` counts them, year by year).
    months = list(Period(first, through).months())
    found = []
    for member in members:
        account = accounts.get(member.pk)
        monthly = account.monthly_dues(default_rate) if account else None
        if monthly is None:
            continue
        joined = member.joined_on.replace(day=1) if member.joined_on else None
        for month in months:
            if joined is None or month >= joined:
                found.append(Obligation(member, month, monthly, (member.pk, month) in paid))
    return sorted(found, key=lambda o: o.month)


def arrears(*, org, year: int, through: dt.date) -> list[DuesRow]:
    return [row for row in dues_rows(org=org, year=year, through=through) if row.owed]


def months_owed(*, org, member: Member, on: dt.date) -> list[dt.date]:
    """Months of `on`'s year, before `on`'s month, for which the member has not paid dues.

    Members not in service, and members with no dues set, owe nothing here.
    """
    if member.status != Status.ACTIVE:
        return []
    account = DuesAccount.objects.filter(org=org, member=member).first()
    if account is None or account.monthly_dues(settings_for(org=org).default_rate) is None:
        return []
    last_month = on.replace(day=1) - dt.timedelta(days=1)
    if last_month.year != on.year:
        return []
    owed = due_months(member, year=on.year, through=last_month)
    paid = set(
        DuesPayment.objects.filter(org=org, member=member, period__year=on.year).values_list(
            "period", flat=True
        )
    )
    return [m for m in owed if m not in paid]


@dataclass
class MonthShown:
    month: dt.date
    payment: DuesPayment | None
    owed: bool


@dataclass
class MemberYear:
    monthly: Decimal | None
    months: list[MonthShown]

    @property
    def paid_total(self) -> Decimal:
        return sum((m.payment.amount for m in self.months if m.payment), Decimal("0.00"))

    @property
    def owed_months(self) -> list[dt.date]:
        return [m.month for m in self.months if m.owed]


def member_year(*, org, member: Member, year: int, through: dt.date) -> MemberYear:
    """One member's dues in `year`: each month with its payment, or owed (months up to
    `through` that were due and not paid). Three queries."""
    account = DuesAccount.objects.filter(org=org, member=member).first()
    monthly = account.monthly_dues(settings_for(org=org).default_rate) if account else None
    paid = {
        p.period: p
        for p in DuesPayment.objects.filter(org=org, member=member, period__year=year)
        .select_related("collection")
        .order_by("period")
    }
    due = set()
    if monthly is not None and member.status == Status.ACTIVE:
        due = set(due_months(member, year=year, through=through))
    months = [
        MonthShown(month, paid.get(month), month in due and month not in paid)
        for month in Period.year(year).months()
    ]
    return MemberYear(monthly, months)


def account_of(*, org, member: Member) -> DuesAccount | None:
    """The member's dues account (base pay and rate), if one was set up."""
    return DuesAccount.objects.filter(org=org, member=member).first()


def collections(*, org, year: int) -> QuerySet[DuesCollection]:
    return (
        DuesCollection.objects.filter(org=org, period__year=year)
        .select_related("recorded_by", "ledger_entry")
        .order_by("-period", "-id")
    )


def payments(*, org, start: dt.date, end: dt.date) -> QuerySet[DuesPayment]:
    return (
        DuesPayment.objects.filter(org=org, period__range=(start, end))
        .select_related("member")
        .order_by("period", "member__name_pinyin")
    )


def payments_of_year(*, org, year: int) -> QuerySet[DuesPayment]:
    """The year's payments month by month, by name, with who paid and the collection."""
    return (
        DuesPayment.objects.filter(org=org, period__year=year)
        .select_related("member", "collection")
        .order_by("period", "member__name_pinyin")
    )
