"""Reading a member register spreadsheet: every row checked, every error named by row and column.

Nothing here writes. `parse` returns the rows ready to save and the errors; the import service
saves only a file with no errors, all rows in one transaction.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core import idcard
from unionhall.members.models import Gender, Hardship, Member, Status
from unionhall.orgs.models import Department

MAX_ROWS = 20000


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    required: bool = False
    example: str = ""
    # Other headings people give this column in their own spreadsheets.
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("name", gettext_lazy("Name"), True, "张明", ("教职工姓名",)),
    Column("gender", gettext_lazy("Gender"), False, "男"),
    Column(
        "birth_date", gettext_lazy("Date of birth"), False, "1985-03-02", ("出生年月日", "生日")
    ),
    Column("lunar_birthday", gettext_lazy("Lunar birthday"), False, "否"),
    Column(
        "id_number",
        gettext_lazy("ID card number"),
        True,
        idcard.make("310105", dt.date(1985, 3, 2), 13),
        ("身份证号码", "身份证", "公民身份号码"),
    ),
    Column(
        "mobile", gettext_lazy("Mobile"), False, "13800138000", ("手机", "手机号码", "联系电话")
    ),
    Column(
        "department", gettext_lazy("Department"), True, "", ("所在部门", "教研组", "部门/教研组")
    ),
    Column("post", gettext_lazy("Post or title"), False, "一级教师", ("职称", "岗位", "职务")),
    Column("status", gettext_lazy("Employment status"), False, "在职", ("人员状态", "在职状态")),
    Column("joined_on", gettext_lazy("Joined the union"), False, "2008-09-01"),
    Column("retired_on", gettext_lazy("Retired on"), False, ""),
    Column("hardship", gettext_lazy("Hardship status"), False, "", ("困难职工等级", "困难类别")),
    Column("notes", gettext_lazy("Notes"), False, ""),
)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)d %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass
class ParseResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def header_label(column: Column) -> str:
    return f"{column.label}*" if column.required else str(column.label)


def _norm(text) -> str:
    return re.sub(r"[\s*＊]", "", str(text or "")).lower()


def _labels_in_all_languages(promise: Promise) -> set[str]:
    labels = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels.add(_norm(str(promise)))
    return labels


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[_norm(value)] = value
        lookup.update({text: value for text in _labels_in_all_languages(label)})
    return lookup


_DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YES = {"是", "y", "yes", "1", "true", "农历", "✓"}
_NO = {"否", "n", "no", "0", "false", "公历", "阳历", ""}
_MOBILE = re.compile(r"^1\d{10}$")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _CellError(ValueError):
    pass


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = _DATE_PATTERN.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise _CellError(_("“%(value)s” is not a date; write it as 1985-03-02") % {"value": text})


@dataclass
class _Row:
    """One row being parsed: its number, the values parsed so far and where its errors go."""

    number: int
    labels: dict[str, str]
    errors: list[RowError]
    # ID numbers seen on earlier rows of the file → the row they are on.
    seen_ids: dict[str, int]
    data: dict = field(default_factory=dict)
    _start: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._start = len(self.errors)

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.labels[key], message))

    @property
    def ok(self) -> bool:
        return len(self.errors) == self._start


class RegisterParser:
    """Parse one sheet of rows for one organisation. Build once per file."""

    def __init__(self, *, org):
        self.org = org
        self.departments = {_norm(d.name): d for d in Department.objects.filter(org=org)}
        self.existing_ids = dict(Member.objects.filter(org=org).values_list("id_number", "name"))
        self.genders = _choice_lookup(Gender.choices)
        self.statuses = _choice_lookup(Status.choices)
        self.hardships = _choice_lookup(Hardship.choices)
        self.hardships.update(
            {_norm("无"): "", _norm("一般困难"): Hardship.ORDINARY, _norm("特困"): Hardship.SEVERE}
        )
        self.today = dt.date.today()
        self.labels = {col.key: str(col.label) for col in COLUMNS}

    def parse(self, rows: list[tuple]) -> ParseResult:
        result = ParseResult()
        header, body = rows[0], rows[1:]
        positions = self._positions(header, result)
        if result.errors:
            return result
        if len(body) > MAX_ROWS:
            result.errors.append(
                RowError(
                    0,
                    "",
                    _("The file has %(n)d rows; at most %(max)d can be imported at once.")
                    % {"n": len(body), "max": MAX_ROWS},
                )
            )
            return result
        seen_ids: dict[str, int] = {}
        for offset, raw in enumerate(body):
            row_number = offset + 2
            cells = {key: (raw[i] if i < len(raw) else None) for key, i in positions.items()}
            if all(_text(v) == "" for v in cells.values()):
                continue
            parsed = self._row(row_number, cells, result.errors, seen_ids)
            if parsed is not None:
                result.rows.append(parsed)
        if not result.rows and not result.errors:
            result.errors.append(RowError(0, "", _("The file has a header row but no members.")))
        return result

    def _positions(self, header: tuple, result: ParseResult) -> dict[str, int]:
        return header_positions(header, COLUMNS, result)

    def _row(self, row: int, cells: dict, errors: list[RowError], seen_ids: dict) -> dict | None:
        current = _Row(row, self.labels, errors, seen_ids)
        for key, parse in self.PARSERS.items():
            current.data[key] = parse(self, cells.get(key), current)
        return current.data if current.ok else None

    # One parser per column, named after it. Each returns the column's value and reports what is
    # wrong through `row.fail`; it may read the columns parsed before it in `row.data`.

    def name(self, cell, row: _Row) -> str:
        name = _text(cell)
        if not name:
            row.fail("name", _("is required"))
        elif len(name) > 50:
            row.fail("name", _("is longer than 50 characters"))
        return name

    def id_number(self, cell, row: _Row) -> str:
        if isinstance(cell, float | int) and not isinstance(cell, bool):
            row.fail(
                "id_number", _("was stored as a number and lost digits; format the column as text")
            )
            return ""
        if not _text(cell):
            row.fail("id_number", _("is required"))
            return ""
        try:
            id_number = idcard.validate(_text(cell))
        except idcard.IdNumberError as error:
            row.fail("id_number", str(error))
            return ""
        if id_number in row.seen_ids:
            row.fail(
                "id_number",
                _("the same number is on row %(row)d") % {"row": row.seen_ids[id_number]},
            )
        elif id_number in self.existing_ids:
            row.fail(
                "id_number",
                _("already on the register (%(name)s)") % {"name": self.existing_ids[id_number]},
            )
        else:
            row.seen_ids[id_number] = row.number
        return id_number

    def gender(self, cell, row: _Row) -> str:
        """Blank is taken from the ID card number; given, it must match it."""
        text = _norm(cell)
        gender = self.genders.get(text) if text else None
        id_number = row.data["id_number"]
        if text and gender is None:
            row.fail("gender", _("“%(value)s” is not 男 or 女") % {"value": _text(cell)})
        elif id_number:
            from_id = idcard.gender_of(id_number)
            if gender and gender != from_id:
                row.fail("gender", _("does not match the ID card number"))
            gender = gender or from_id
        return gender or ""

    def _past_date(self, key: str, cell, row: _Row) -> dt.date | None:
        try:
            day = _date(cell)
        except _CellError as error:
            row.fail(key, str(error))
            return None
        if day and day > self.today:
            row.fail(key, _("%(date)s is in the future") % {"date": day.isoformat()})
        return day

    def birth_date(self, cell, row: _Row) -> dt.date | None:
        """Blank is taken from the ID card number; given, it must match it."""
        born = self._past_date("birth_date", cell, row)
        id_number = row.data["id_number"]
        if not id_number:
            return born
        from_id = idcard.birth_date_of(id_number)
        if born and born != from_id:
            row.fail(
                "birth_date",
                _("does not match the ID card number (%(date)s)") % {"date": from_id.isoformat()},
            )
        return born or from_id

    def joined_on(self, cell, row: _Row) -> dt.date | None:
        return self._past_date("joined_on", cell, row)

    def retired_on(self, cell, row: _Row) -> dt.date | None:
        return self._past_date("retired_on", cell, row)

    def lunar_birthday(self, cell, row: _Row) -> bool | None:
        text = _norm(cell)
        if text in _YES:
            return True
        if text in _NO:
            return False
        row.fail("lunar_birthday", _("write 是 or 否"))
        return None

    def mobile(self, cell, row: _Row) -> str:
        mobile = _text(cell).replace(" ", "").replace("-", "")
        if mobile and not _MOBILE.match(mobile):
            row.fail(
                "mobile", _("“%(value)s” is not an 11-digit mobile number") % {"value": mobile}
            )
        return mobile

    def department(self, cell, row: _Row) -> Department | None:
        name = _text(cell)
        department = self.departments.get(_norm(name))
        if not name:
            row.fail("department", _("is required"))
        elif department is None:
            row.fail(
                "department",
                _("“%(value)s” is not a department of this union") % {"value": name},
            )
        return department

    def post(self, cell, row: _Row) -> str:
        return _text(cell)[:50]

    def status(self, cell, row: _Row) -> str | None:
        """Blank means in service. A retired member needs the retirement date."""
        text = _norm(cell)
        status = self.statuses.get(text) if text else Status.ACTIVE
        if status is None:
            row.fail(
                "status",
                _("“%(value)s” is not one of 在职、退休、调出、去世") % {"value": _text(cell)},
            )
        elif status == Status.RETIRED and not row.data["retired_on"]:
            row.fail("retired_on", _("is required for a retired member"))
        return status

    def hardship(self, cell, row: _Row) -> str | None:
        hardship = self.hardships.get(_norm(cell))
        if hardship is None:
            row.fail(
                "hardship",
                _("“%(value)s” is not one of 无、困难、特困") % {"value": _text(cell)},
            )
        return hardship

    def notes(self, cell, row: _Row) -> str:
        return _text(cell)

    # Column → its parser, in the order a row is checked (and its errors listed).
    PARSERS = {
        "name": name,
        "id_number": id_number,
        "gender": gender,
        "birth_date": birth_date,
        "joined_on": joined_on,
        "retired_on": retired_on,
        "lunar_birthday": lunar_birthday,
        "mobile": mobile,
        "department": department,
        "post": post,
        "status": status,
        "hardship": hardship,
        "notes": notes,
    }


def header_positions(header: tuple, columns, result: ParseResult) -> dict[str, int]:
    """Where each of `columns` stands in the header row (by any language's label, key or
    alias); unknown columns are noted, twice-named and missing required ones are row errors."""
    wanted = {
        col.key: _labels_in_all_languages(col.label) | {col.key} | {_norm(a) for a in col.aliases}
        for col in columns
    }
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _norm(cell)
        if not name:
            continue
        key = next((k for k, labels in wanted.items() if name in labels), None)
        if key is None:
            result.ignored_columns.append(_text(cell))
        elif key in positions:
            result.errors.append(
                RowError(1, _text(cell), _("this column appears twice in the header row"))
            )
        else:
            positions[key] = index
    missing = [str(col.label) for col in columns if col.required and col.key not in positions]
    if missing:
        result.errors.append(
            RowError(
                1,
                "",
                _("missing columns: %(columns)s. Download the template to see the columns.")
                % {"columns": "、".join(missing)},
            )
        )
    return positions
