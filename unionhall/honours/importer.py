"""Reading an honours spreadsheet: every row checked, every error named by row and column, as
the member import does (both are staged imports of `core.importing`).

Nothing here writes. `HonoursParser.parse` returns the rows ready to record and the errors;
`services.honours_import` records a file only when it has no errors, all rows at once.
"""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core.excel import workbook_bytes
from unionhall.core.importing import (
    CellError,
    Column,
    Row,
    SheetParser,
    cell_text,
    choice_lookup,
    header_label,
    norm,
    read_date,
)
from unionhall.core.text import join_list
from unionhall.honours.models import HolderKind, Level, Rank
from unionhall.members.models import Member
from unionhall.orgs.models import Department

MAX_ROWS = 5000

COLUMNS = (
    Column(
        "holder", gettext_lazy("Holder"), True, "张明", ("获奖者", "获奖人", "获奖单位", "姓名")
    ),
    Column("holder_kind", gettext_lazy("Holder kind"), False, "个人", ("获奖者类别", "类别")),
    Column("id_number", gettext_lazy("ID card number"), False, "", ("身份证号码", "身份证")),
    Column(
        "title",
        gettext_lazy("Title of the honour"),
        True,
        "区优秀班主任",
        ("荣誉称号", "奖项", "荣誉名称"),
    ),
    Column("level", gettext_lazy("Level"), True, "区/县级", ("级别", "获奖级别")),
    Column("rank", gettext_lazy("Rank"), False, "", ("等次", "等第", "获奖等次")),
    Column(
        "awarding_body",
        gettext_lazy("Awarding body"),
        True,
        "某区教育局",
        ("颁奖单位", "授予单位", "发证单位"),
    ),
    Column(
        "awarded_on",
        gettext_lazy("Date awarded"),
        True,
        "2025-09-10",
        ("获奖时间", "获奖日期", "授予时间"),
    ),
    Column("note", gettext_lazy("Note"), False, "", ("备注",)),
)

# Short forms people write for the levels and ranks, beside the labels in either language.
LEVEL_ALIASES = {
    "校级": Level.SCHOOL,
    "学校": Level.SCHOOL,
    "镇级": Level.TOWN,
    "街道级": Level.TOWN,
    "镇街级": Level.TOWN,
    "区级": Level.COUNTY,
    "县级": Level.COUNTY,
    "区县级": Level.COUNTY,
    "市级": Level.CITY,
    "省级": Level.PROVINCE,
    "国家级": Level.NATIONAL,
    "全国": Level.NATIONAL,
}
RANK_ALIASES = {
    "一等": Rank.FIRST,
    "二等": Rank.SECOND,
    "三等": Rank.THIRD,
    "优秀": Rank.MERIT,
    "优秀奖": Rank.MERIT,
    "无": Rank.NONE,
    "": Rank.NONE,
}
HOLDER_ALIASES = {
    "个人": HolderKind.MEMBER,
    "部门": HolderKind.DEPARTMENT,
    "教研组": HolderKind.DEPARTMENT,
    "团队": HolderKind.TEAM,
    "集体": HolderKind.TEAM,
    "工会": HolderKind.UNION,
}


def template_bytes(*, org) -> bytes:
    """The template to fill in: the columns with one example row, and how to fill it in."""
    guide = [
        (_("Columns marked * are required. Keep the header row as it is; one honour per row."),),
        (
            _(
                "Holder kind is one of 个人、部门、团队、工会 (blank: 个人). A person is named as "
                "on the register; give the ID card number when two members share the name."
            ),
        ),
        (_("Level is one of %(levels)s.") % {"levels": join_list(str(x.label) for x in Level)},),
        (
            _("Rank is one of %(ranks)s, or blank.")
            % {"ranks": join_list(str(Rank(x).label) for x in Rank.values if x)},
        ),
        (_("Dates look like 2025-09-10."),),
        (_("Delete the example row before importing."),),
    ]
    return workbook_bytes(
        [
            (
                _("Honours"),
                [header_label(col) for col in COLUMNS],
                [[col.example for col in COLUMNS]],
            ),
            (_("How to fill in"), [_("How to fill in")], guide),
        ]
    )


class HonoursParser(SheetParser):
    """Parse one sheet of honours for one organisation. Build once per file."""

    columns = COLUMNS
    max_rows = MAX_ROWS
    no_rows_message = gettext_lazy("The file has a header row but no honours.")

    def __init__(self, *, org, today: dt.date | None = None):
        super().__init__(org=org)
        self.members_by_name: dict[str, list[Member]] = {}
        for member in Member.objects.filter(org=org).only("id", "org_id", "name", "id_number"):
            self.members_by_name.setdefault(norm(member.name), []).append(member)
        self.departments = {norm(d.name): d for d in Department.objects.filter(org=org)}
        self.levels = choice_lookup(Level.choices)
        self.levels.update({norm(k): v for k, v in LEVEL_ALIASES.items()})
        self.ranks = choice_lookup(Rank.choices)
        self.ranks.update({norm(k): v for k, v in RANK_ALIASES.items()})
        self.holder_kinds = choice_lookup(HolderKind.choices)
        self.holder_kinds.update({norm(k): v for k, v in HOLDER_ALIASES.items()})
        self.today = today or dt.date.today()

    def ready(self, data: dict) -> dict:
        """A parsed row as `honour_record` takes it: the holder in its own keyword."""
        holder, kind = data.pop("holder"), data.pop("holder_kind")
        data.pop("id_number")
        data["body"] = data.pop("awarding_body")
        if kind == HolderKind.MEMBER:
            data["member"] = holder
        elif kind == HolderKind.DEPARTMENT:
            data["department"] = holder
        elif kind == HolderKind.TEAM:
            data["team_name"] = holder
        else:
            data["union"] = True
        return data

    # One parser per column, in the order a row is checked (and its errors listed).

    def holder_kind(self, cell, row: Row) -> str:
        text = norm(cell)
        kind = self.holder_kinds.get(text) if text else HolderKind.MEMBER
        if kind is None:
            row.fail(
                "holder_kind",
                _("“%(value)s” is not one of 个人、部门、团队、工会") % {"value": cell_text(cell)},
            )
        return kind or ""

    def id_number(self, cell, row: Row) -> str:
        return cell_text(cell).upper()

    def holder(self, cell, row: Row):
        """A member by name (and ID card number when names repeat), a department by name, a
        team's name as written; blank for the union itself."""
        name = cell_text(cell)
        kind = row.data.get("holder_kind")
        if kind == HolderKind.UNION:
            return None
        if not name:
            row.fail("holder", _("is required"))
            return None
        if kind == HolderKind.DEPARTMENT:
            department = self.departments.get(norm(name))
            if department is None:
                row.fail(
                    "holder", _("“%(value)s” is not a department of this union") % {"value": name}
                )
            return department
        if kind == HolderKind.TEAM:
            return name[:100]
        found = self.members_by_name.get(norm(name), [])
        id_number = row.data.get("id_number", "")
        if id_number:
            found = [m for m in found if m.id_number == id_number]
        if not found:
            if id_number:
                row.fail(
                    "holder",
                    _("no member named %(name)s has this ID card number") % {"name": name},
                )
            else:
                row.fail(
                    "holder", _("no member named %(name)s is on the register") % {"name": name}
                )
            return None
        if len(found) > 1:
            row.fail(
                "holder",
                _("%(n)d members are named %(name)s: give the ID card number")
                % {"n": len(found), "name": name},
            )
            return None
        return found[0]

    def title(self, cell, row: Row) -> str:
        title = cell_text(cell)
        if not title:
            row.fail("title", _("is required"))
        elif len(title) > 200:
            row.fail("title", _("is longer than 200 characters"))
        return title

    def level(self, cell, row: Row) -> int | None:
        level = self.levels.get(norm(cell))
        if level is None:
            if not cell_text(cell):
                row.fail("level", _("is required"))
            else:
                row.fail(
                    "level",
                    _("“%(value)s” is not one of %(levels)s")
                    % {"value": cell_text(cell), "levels": join_list(str(x.label) for x in Level)},
                )
        return level

    def rank(self, cell, row: Row) -> str:
        rank = self.ranks.get(norm(cell))
        if rank is None:
            row.fail(
                "rank",
                _("“%(value)s” is not one of 一等奖、二等奖、三等奖、优秀奖, or blank")
                % {"value": cell_text(cell)},
            )
        return rank or ""

    def awarding_body(self, cell, row: Row) -> str:
        body = cell_text(cell)
        if not body:
            row.fail("awarding_body", _("is required"))
        return body[:200]

    def awarded_on(self, cell, row: Row) -> dt.date | None:
        try:
            day = read_date(cell)
        except CellError as error:
            row.fail("awarded_on", str(error))
            return None
        if day is None:
            row.fail("awarded_on", _("is required"))
        elif day > self.today:
            row.fail("awarded_on", _("%(date)s is in the future") % {"date": day.isoformat()})
        return day

    def note(self, cell, row: Row) -> str:
        return cell_text(cell)[:200]

    PARSERS = {
        "holder_kind": holder_kind,
        "id_number": id_number,
        "holder": holder,
        "title": title,
        "level": level,
        "rank": rank,
        "awarding_body": awarding_body,
        "awarded_on": awarded_on,
        "note": note,
    }
