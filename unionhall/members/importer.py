"""Reading a member register spreadsheet: every row checked, every error named by row and column.

Nothing here writes. `parse` returns the rows ready to save and the errors; the import service
saves only a file with no errors, all rows in one transaction.
"""

import datetime as dt
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core import idcard
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
from unionhall.members.models import Gender, Hardship, Member, Status
from unionhall.orgs.models import Department

__all__ = ["COLUMNS", "RegisterParser", "header_label"]

MAX_ROWS = 20000


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


_YES = {"是", "y", "yes", "1", "true", "农历", "✓"}
_NO = {"否", "n", "no", "0", "false", "公历", "阳历", ""}
_MOBILE = re.compile(r"^1\d{10}$")


class RegisterParser(SheetParser):
    """Parse one sheet of rows for one organisation. Build once per file."""

    columns = COLUMNS
    max_rows = MAX_ROWS
    no_rows_message = gettext_lazy("The file has a header row but no members.")

    def __init__(self, *, org):
        super().__init__(org=org)
        self.departments = {norm(d.name): d for d in Department.objects.filter(org=org)}
        self.existing_ids = dict(Member.objects.filter(org=org).values_list("id_number", "name"))
        self.genders = choice_lookup(Gender.choices)
        self.statuses = choice_lookup(Status.choices)
        self.hardships = choice_lookup(Hardship.choices)
        self.hardships.update(
            {norm("无"): "", norm("一般困难"): Hardship.ORDINARY, norm("特困"): Hardship.SEVERE}
        )
        self.today = dt.date.today()

    # One parser per column, named after it. Each returns the column's value and reports what is
    # wrong through `row.fail`; it may read the columns parsed before it in `row.data`.

    def name(self, cell, row: Row) -> str:
        name = cell_text(cell)
        if not name:
            row.fail("name", _("is required"))
        elif len(name) > 50:
            row.fail("name", _("is longer than 50 characters"))
        return name

    def id_number(self, cell, row: Row) -> str:
        if isinstance(cell, float | int) and not isinstance(cell, bool):
            row.fail(
                "id_number", _("was stored as a number and lost digits; format the column as text")
            )
            return ""
        if not cell_text(cell):
            row.fail("id_number", _("is required"))
            return ""
        try:
            id_number = idcard.validate(cell_text(cell))
        except idcard.IdNumberError as error:
            row.fail("id_number", str(error))
            return ""
        if id_number in row.seen:
            row.fail(
                "id_number",
                _("the same number is on row %(row)d") % {"row": row.seen[id_number]},
            )
        elif id_number in self.existing_ids:
            row.fail(
                "id_number",
                _("already on the register (%(name)s)") % {"name": self.existing_ids[id_number]},
            )
        else:
            row.seen[id_number] = row.number
        return id_number

    def gender(self, cell, row: Row) -> str:
        """Blank is taken from the ID card number; given, it must match it."""
        text = norm(cell)
        gender = self.genders.get(text) if text else None
        id_number = row.data["id_number"]
        if text and gender is None:
            row.fail("gender", _("“%(value)s” is not 男 or 女") % {"value": cell_text(cell)})
        elif id_number:
            from_id = idcard.gender_of(id_number)
            if gender and gender != from_id:
                row.fail("gender", _("does not match the ID card number"))
            gender = gender or from_id
        return gender or ""

    def _past_date(self, key: str, cell, row: Row) -> dt.date | None:
        try:
            day = read_date(cell)
        except CellError as error:
            row.fail(key, str(error))
            return None
        if day and day > self.today:
            row.fail(key, _("%(date)s is in the future") % {"date": day.isoformat()})
        return day

    def birth_date(self, cell, row: Row) -> dt.date | None:
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

    def joined_on(self, cell, row: Row) -> dt.date | None:
        return self._past_date("joined_on", cell, row)

    def retired_on(self, cell, row: Row) -> dt.date | None:
        return self._past_date("retired_on", cell, row)

    def lunar_birthday(self, cell, row: Row) -> bool | None:
        text = norm(cell)
        if text in _YES:
            return True
        if text in _NO:
            return False
        row.fail("lunar_birthday", _("write 是 or 否"))
        return None

    def mobile(self, cell, row: Row) -> str:
        mobile = cell_text(cell).replace(" ", "").replace("-", "")
        if mobile and not _MOBILE.match(mobile):
            row.fail(
                "mobile", _("“%(value)s” is not an 11-digit mobile number") % {"value": mobile}
            )
        return mobile

    def department(self, cell, row: Row) -> Department | None:
        name = cell_text(cell)
        department = self.departments.get(norm(name))
        if not name:
            row.fail("department", _("is required"))
        elif department is None:
            row.fail(
                "department",
                _("“%(value)s” is not a department of this union") % {"value": name},
            )
        return department

    def post(self, cell, row: Row) -> str:
        return cell_text(cell)[:50]

    def status(self, cell, row: Row) -> str | None:
        """Blank means in service. A retired member needs the retirement date."""
        text = norm(cell)
        status = self.statuses.get(text) if text else Status.ACTIVE
        if status is None:
            row.fail(
                "status",
                _("“%(value)s” is not one of 在职、退休、调出、去世") % {"value": cell_text(cell)},
            )
        elif status == Status.RETIRED and not row.data["retired_on"]:
            row.fail("retired_on", _("is required for a retired member"))
        return status

    def hardship(self, cell, row: Row) -> str | None:
        hardship = self.hardships.get(norm(cell))
        if hardship is None:
            row.fail(
                "hardship",
                _("“%(value)s” is not one of 无、困难、特困") % {"value": cell_text(cell)},
            )
        return hardship

    def notes(self, cell, row: Row) -> str:
        return cell_text(cell)

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
