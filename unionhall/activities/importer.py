"""Reading a sign-in sheet typed up from paper (签到表): one row per member present at one day
of an activity, every error named by row and column (a staged import of `core.importing`).

Nothing here writes: `SignInParser.parse` returns the rows ready to record and the errors;
`services.attendance_import` records a file only when it has no errors, all rows at once, as
the paper list page would, day by day.
"""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.activities.models import Activity, Session
from unionhall.core.excel import workbook_bytes
from unionhall.core.importing import (
    CellError,
    Column,
    Row,
    SheetParser,
    cell_text,
    header_label,
    norm,
    read_date,
)
from unionhall.members.models import Member
from unionhall.members.selectors import status_on

MAX_ROWS = 5000

COLUMNS = (
    Column("date", gettext_lazy("Date"), True, "2025-10-15", ("日期", "签到日期", "活动日期")),
    Column("name", gettext_lazy("Name"), True, "张明", ("姓名", "签名", "签到人")),
    Column("id_number", gettext_lazy("ID card number"), False, "", ("身份证号码", "身份证")),
)


def template_bytes() -> bytes:
    """The sheet to type a paper sign-in list into: the columns with one example row."""
    guide = [
        (_("One row per member present on one day; a day's list is many rows with its date."),),
        (_("Name the member as on the register; give the ID card number when two share it."),),
        (_("Dates look like 2025-10-15."),),
        (_("Delete the example row before importing."),),
    ]
    return workbook_bytes(
        [
            (
                _("Sign-in sheet"),
                [header_label(col) for col in COLUMNS],
                [[col.example for col in COLUMNS]],
            ),
            (_("How to fill in"), [_("How to fill in")], guide),
        ]
    )


class SignInParser(SheetParser):
    """Parse one sign-in sheet of one activity. Build once per file."""

    columns = COLUMNS
    max_rows = MAX_ROWS
    no_rows_message = gettext_lazy("The file has a header row but no names.")

    def __init__(self, *, org, activity: Activity, today: dt.date | None = None):
        super().__init__(org=org)
        self.activity = activity
        self.members_by_name: dict[str, list[Member]] = {}
        for member in Member.objects.filter(org=org).only(
            "id", "org_id", "name", "id_number", "status", "joined_on", "retired_on", "left_on"
        ):
            self.members_by_name.setdefault(norm(member.name), []).append(member)
        self.session_days = set(
            Session.objects.filter(activity=activity).values_list("date", flat=True)
        )
        self.today = today or dt.date.today()
        self.rows_seen: dict[tuple[int, dt.date], int] = {}

    def ready(self, data: dict) -> dict:
        data.pop("id_number")
        return {"date": data["date"], "member": data["name"]}

    # One parser per column, in the order a row is checked (and its errors listed).

    def date(self, cell, row: Row) -> dt.date | None:
        try:
            day = read_date(cell)
        except CellError as error:
            row.fail("date", str(error))
            return None
        activity = self.activity
        if day is None:
            row.fail("date", _("is required"))
        elif day > self.today:
            row.fail("date", _("%(date)s is in the future") % {"date": day.isoformat()})
        elif not activity.starts_on <= day <= activity.ends_on:
            row.fail(
                "date",
                _("%(date)s is outside the activity's dates (%(start)s to %(end)s).")
                % {
                    "date": day.isoformat(),
                    "start": activity.starts_on.isoformat(),
                    "end": activity.ends_on.isoformat(),
                },
            )
        elif day not in self.session_days and not activity.recurring:
            row.fail("date", _("The activity had no session on that day."))
        return day

    def id_number(self, cell, row: Row) -> str:
        return cell_text(cell).upper()

    def name(self, cell, row: Row) -> Member | None:
        name = cell_text(cell)
        if not name:
            row.fail("name", _("is required"))
            return None
        found = self.members_by_name.get(norm(name), [])
        id_number = row.data.get("id_number", "")
        if id_number:
            found = [m for m in found if m.id_number == id_number]
        if not found:
            if id_number:
                row.fail(
                    "name", _("no member named %(name)s has this ID card number") % {"name": name}
                )
            else:
                row.fail("name", _("no member named %(name)s is on the register") % {"name": name})
            return None
        if len(found) > 1:
            row.fail(
                "name",
                _("%(n)d members are named %(name)s: give the ID card number")
                % {"n": len(found), "name": name},
            )
            return None
        member, day = found[0], row.data.get("date")
        if day is None:
            return member
        if status_on(member, day) is None:
            row.fail(
                "name",
                _("%(name)s was not a member on %(date)s.")
                % {"name": member.name, "date": day.isoformat()},
            )
            return None
        first = self.rows_seen.setdefault((member.pk, day), row.number)
        if first != row.number:
            row.fail(
                "name",
                _("%(name)s is already on row %(row)d for %(date)s")
                % {"name": member.name, "row": first, "date": day.isoformat()},
            )
        return member

    PARSERS = {"date": date, "id_number": id_number, "name": name}
