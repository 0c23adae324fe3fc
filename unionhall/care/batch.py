"""Care given to many members at once: birthday gifts for a month, festival gifts to a group.

A batch is recorded as one group visit through `care_visit_record`, so every person is checked
against the care rules and the batch is recorded whole or not at all. Before that, `batch_preview`
shows each person with their status on the date, what they receive, who pays and any rule the
gift would break for them.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhall.care import calendar
from unionhall.care.models import CareRule, Payer
from unionhall.care.rules import breaches_by_member, dues_breaches
from unionhall.care.services import payer_on, retirement_warnings
from unionhall.dues.models import DuesPolicy
from unionhall.members.models import Gender, Member, Status
from unionhall.members.selectors import status_on


class Group(models.TextChoices):
    STAFF = "staff", _("All staff in service")
    WOMEN = "women", _("All women members")
    RETIREES = "retirees", _("All retirees")
    EVERYONE = "everyone", _("All members, in service and retired")


def _on_register(*, org) -> list[Member]:
    return list(
        Member.objects.filter(org=org)
        .select_related("department")
        .order_by("department__sort_order", "name_pinyin", "id")
    )


def group_members(
    *, org, group: str, date: dt.date, register: list[Member] | None = None
) -> list[Member]:
    """The members of a group as of `date`: their status on that day, not today's.
    `register`: the organisation's members already read (an import reads them once)."""
    chosen = []
    for member in _on_register(org=org) if register is None else register:
        status = status_on(member, date)
        if status not in (Status.ACTIVE, Status.RETIRED):
            continue
        if (
            group == Group.EVERYONE
            or (group == Group.STAFF and status == Status.ACTIVE)
            or (group == Group.RETIREES and status == Status.RETIRED)
            or (group == Group.WOMEN and member.gender == Gender.FEMALE)
        ):
            chosen.append(member)
    return chosen


def birthday_in(member: Member, *, year: int, month: int) -> dt.date | None:
    """The member's birthday in that month of that year, solar or lunar as the member keeps it
    (converted to the solar calendar, as the reminders do), or None."""
    if member.birth_date is None:
        return None
    first = dt.date(year, month, 1)
    day = calendar.next_birthday(member.birth_date, lunar=member.lunar_birthday, today=first)
    return day if (day.year, day.month) == (year, month) else None


def birthday_members(*, org, year: int, month: int, date: dt.date) -> list[Member]:
    """Members on the register on `date` (in service or retired) whose birthday falls in the
    month, in the order of their birthdays."""
    found = []
    for member in _on_register(org=org):
        if status_on(member, date) not in (Status.ACTIVE, Status.RETIRED):
            continue
        day = birthday_in(member, year=year, month=month)
        if day is not None:
            member.birthday = day
            found.append(member)
    return sorted(found, key=lambda m: m.birthday)


@dataclass
class PreviewRow:
    member: Member
    status: str
    amount: Decimal
    payer: str
    broken: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def payer_label(self) -> str:
        return str(Payer(self.payer).label)


@dataclass
class Preview:
    rows: list[PreviewRow]
    # Rules the gift as a whole breaks (e.g. cash not allowed, above the cap per visit).
    broken: list[str]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal("0.00"))

    @property
    def breaks_rules(self) -> bool:
        return bool(self.broken) or any(row.broken for row in self.rows)


def batch_preview(
    *,
    org,
    kind: str,
    members: Sequence[Member],
    date: dt.date,
    amount: Decimal,
    is_cash: bool,
    payer: str = "",
) -> Preview:
    """Each person of a batch with what the rules say of them; records nothing. `payer`: who
    pays for everyone (blank: the rule decides for each person). The care rules judge only the
    shares union funds pay."""
    rule = CareRule.objects.filter(org=org, kind=kind).first()
    statuses = {member.pk: status_on(member, date) or Status.ACTIVE for member in members}
    payers = {
        pk: payer_on(rule=rule, status=status, stated=payer) for pk, status in statuses.items()
    }
    of_visit, of_member = breaches_by_member(
        org=org,
        rule=rule,
        kind=kind,
        members=members,
        date=date,
        is_cash=is_cash,
        amount=amount,
        illness="",
        payers=payers,
    )
    rows = []
    for member in members:
        row = PreviewRow(member, statuses[member.pk], amount, payers[member.pk])
        row.broken.extend(breach.sentence for breach in of_member[member.pk])
        if row.payer == Payer.UNION:
            dues_found, policy = dues_breaches(org=org, members=[member], date=date)
            (row.broken if policy == DuesPolicy.REFUSE else row.warnings).extend(dues_found)
        row.warnings.extend(retirement_warnings(kind=kind, members=[member], date=date))
        rows.append(row)
    return Preview(rows, [breach.sentence for breach in of_visit])
