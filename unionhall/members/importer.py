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
        wanted = {
            col.key: _labels_in_all_languages(col.label)
            | {col.key}
            | {_norm(a) for a in col.aliases}
            for col in COLUMNS
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
        missing = [str(col.label) for col in COLUMNS if col.required and col.key not in positions]
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

    def _row(self, row: int, cells: dict, errors: list[RowError], seen_ids: dict) -> dict | None:
        start = len(errors)
        label = self.labels

        def fail(key: str, message: str) -> None:
            errors.append(RowError(row, label[key], message))

        data: dict = {}
        name = _text(cells.get("name"))
        if not name:
            fail("name", _("is required"))
        elif len(name) > 50:
            fail("name", _("is longer than 50 characters"))
        data["name"] = name

        id_raw = cells.get("id_number")
        id_number = ""
        if isinstance(id_raw, float | int) and not isinstance(id_raw, bool):
            fail(
                "id_number", _("was stored as a number and lost digits; format the column as text")
            )
        elif not _text(id_raw):
            fail("id_number", _("is required"))
        else:
            try:
                id_number = idcard.validate(_text(id_raw))
            except idcard.IdNumberError as error:
                fail("id_number", str(error))
        if id_number:
            if id_number in seen_ids:
                fail(
                    "id_number",
                    _("the same number is on row %(row)d") % {"row": seen_ids[id_number]},
                )
            elif id_number in self.existing_ids:
                fail(
                    "id_number",
                    _("already on the register (%(name)s)")
                    % {"name": self.existing_ids[id_number]},
                )
            else:
                seen_ids[id_number] = row
        data["id_number"] = id_number

        gender_text = _norm(cells.get("gender"))
        gender = self.genders.get(gender_text) if gender_text else None
        if gender_text and gender is None:
            fail("gender", _("“%(value)s” is not 男 or 女") % {"value": _text(cells.get("gender"))})
        elif id_number:
            from_id = idcard.gender_of(id_number)
            if gender and gender != from_id:
                fail("gender", _("does not match the ID card number"))
            gender = gender or from_id
        data["gender"] = gender or ""

        for key in ("birth_date", "joined_on", "retired_on"):
            try:
                data[key] = _date(cells.get(key))
            except _CellError as error:
                fail(key, str(error))
                data[key] = None
                continue
            if data[key] and data[key] > self.today:
                fail(key, _("%(date)s is in the future") % {"date": data[key].isoformat()})
        if id_number:
            born = idcard.birth_date_of(id_number)
            if data["birth_date"] and data["birth_date"] != born:
                fail(
                    "birth_date",
                    _("does not match the ID card number (%(date)s)") % {"date": born.isoformat()},
                )
            data["birth_date"] = data["birth_date"] or born

        lunar = _norm(cells.get("lunar_birthday"))
        if lunar in _YES:
            data["lunar_birthday"] = True
        elif lunar in _NO:
            data["lunar_birthday"] = False
        else:
            fail("lunar_birthday", _("write 是 or 否"))

        mobile = _text(cells.get("mobile")).replace(" ", "").replace("-", "")
        if mobile and not _MOBILE.match(mobile):
            fail("mobile", _("“%(value)s” is not an 11-digit mobile number") % {"value": mobile})
        data["mobile"] = mobile

        department_name = _text(cells.get("department"))
        department = self.departments.get(_norm(department_name))
        if not department_name:
            fail("department", _("is required"))
        elif department is None:
            fail(
                "department",
                _("“%(value)s” is not a department of this union") % {"value": department_name},
            )
        data["department"] = department

        data["post"] = _text(cells.get("post"))[:50]
        status_text = _norm(cells.get("status"))
        data["status"] = self.statuses.get(status_text) if status_text else Status.ACTIVE
        if data["status"] is None:
            fail(
                "status",
                _("“%(value)s” is not one of 在职、退休、调出、去世")
                % {"value": _text(cells.get("status"))},
            )
        elif data["status"] == Status.RETIRED and not data["retired_on"]:
            fail("retired_on", _("is required for a retired member"))

        hardship_text = _norm(cells.get("hardship"))
        data["hardship"] = self.hardships.get(hardship_text)
        if data["hardship"] is None:
            fail(
                "hardship",
                _("“%(value)s” is not one of 无、困难、特困")
                % {"value": _text(cells.get("hardship"))},
            )
        data["notes"] = _text(cells.get("notes"))

        return data if len(errors) == start else None
