"""A year's official holidays and make-up working days, entered by a district administrator
from the State Council's notice (国务院办公厅关于某年部分节假日安排的通知) for a year the
`chinesecalendar` package does not have yet. Every working-day count reads them through
`core.workdays`; the package's data is used for the years it has, so entering such a year is
refused.

The pasted list has one day a line: the date, 休 (a day off) or 班 (a make-up working day), and
the holiday's name, separated by spaces, tabs or commas (a spreadsheet's columns paste as tabs):

    2027-01-01 休 元旦
    2027-02-07 班 春节
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, workdays
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry, OfficialDay

KINDS = {"休": OfficialDay.Kind.OFF, "班": OfficialDay.Kind.WORK}
DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
SEPARATOR = re.compile(r"[\s,，、;；]+")


@dataclass(frozen=True)
class Row:
    day: dt.date
    kind: str
    name: str


def parse(year: int, text: str) -> list[Row]:
    """The rows of a pasted list, or a ValidationError listing every bad line by its number."""
    rows, errors, seen = [], [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = SEPARATOR.split(line, maxsplit=2)
        if len(parts) < 3 or not parts[2].strip():
            errors.append(
                _("Line %(line)s: give the date, 休 or 班, and the holiday's name.")
                % {"line": number}
            )
            continue
        raw_date, raw_kind, name = parts[0], parts[1], parts[2].strip()
        match = DATE.match(raw_date)
        try:
            day = dt.date(*(int(g) for g in match.groups())) if match else None
        except ValueError:
            day = None
        if day is None:
            errors.append(
                _("Line %(line)s: “%(date)s” is not a date (write 2027-01-01).")
                % {"line": number, "date": raw_date}
            )
            continue
        if day.year != year:
            errors.append(
                _("Line %(line)s: %(date)s is not in %(year)s.")
                % {"line": number, "date": day.isoformat(), "year": year}
            )
            continue
        if raw_kind not in KINDS:
            errors.append(
                _(
                    "Line %(line)s: write 休 for a day off or 班 for a make-up working day, "
                    "not “%(kind)s”."
                )
                % {"line": number, "kind": raw_kind}
            )
            continue
        kind = KINDS[raw_kind]
        if kind == OfficialDay.Kind.WORK and day.weekday() < 5:
            errors.append(
                _(
                    "Line %(line)s: %(date)s is a weekday: a make-up working day (班) is a "
                    "Saturday or a Sunday."
                )
                % {"line": number, "date": day.isoformat()}
            )
            continue
        if day in seen:
            errors.append(
                _("Line %(line)s: %(date)s is already on line %(first)s.")
                % {"line": number, "date": day.isoformat(), "first": seen[day]}
            )
            continue
        seen[day] = number
        rows.append(Row(day, kind, name[:40]))
    if errors:
        raise ValidationError({"text": errors})
    if not any(r.kind == OfficialDay.Kind.OFF for r in rows):
        raise ValidationError(
            {
                "text": _(
                    "The list has no day off (休): paste the days of the State Council's notice."
                )
            }
        )
    return sorted(rows, key=lambda r: r.day)


@transaction.atomic
def holidays_enter(*, org, actor, year: int, text: str) -> list[OfficialDay]:
    """Enter (or replace) the official days of `year`. Every day entered and every day replaced
    is in the audit log."""
    if workdays.package_has_year(year):
        raise ValidationError(
            {
                "year": _(
                    "The calendar already has the State Council's holidays for %(year)s: "
                    "nothing needs entering."
                )
                % {"year": year}
            }
        )
    rows = parse(year, text)
    old = list(OfficialDay.objects.select_for_update().filter(day__year=year))
    for day in old:
        audit.record(
            org=org,
            actor=actor,
            subject=day,
            action=AuditEntry.Action.UPDATE,
            summary=Msg(gettext_noop("Official day replaced: %(day)s"), day=str(day)),
            changes={"day": [str(day), ""]},
        )
    OfficialDay.objects.filter(pk__in=[d.pk for d in old]).delete()
    created = []
    for row in rows:
        day = OfficialDay(day=row.day, kind=row.kind, name=row.name, entered_by=actor)
        created.append(
            audit.audited_create(
                day,
                org=org,
                actor=actor,
                summary=Msg(gettext_noop("Official day entered: %(day)s"), day=str(day)),
            )
        )
    workdays.forget()
    return created


def entered_years() -> dict[int, list[OfficialDay]]:
    """The entered days by year, latest year first."""
    years: dict[int, list[OfficialDay]] = {}
    for day in OfficialDay.objects.select_related("entered_by").order_by("-day__year", "day"):
        years.setdefault(day.day.year, []).append(day)
    return years
