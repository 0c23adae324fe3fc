"""Spreadsheets for surveys, as staged imports of `core.importing` (upload → preview with errors
by row and column → confirm): the school's classes (年级, 班级), and who teaches which class
(班级, 教师, 学科), from which a survey's questions are generated. Nothing here writes."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhall.core.excel import workbook_bytes
from unionhall.core.importing import Column, Row, SheetParser, cell_text, header_label, norm
from unionhall.members.models import Member
from unionhall.polls.models import SchoolClass

CLASS_COLUMNS = (
    Column("grade", gettext_lazy("Grade"), True, "初一", ("年级",)),
    Column("name", gettext_lazy("Class"), True, "初一(1)班", ("班级", "班级名称", "班")),
)
TEACHING_COLUMNS = (
    Column("group", gettext_lazy("Class"), True, "初一(1)班", ("班级", "班")),
    Column("teacher", gettext_lazy("Teacher"), True, "王芳", ("教师", "教师姓名", "任课教师")),
    Column("course", gettext_lazy("Subject taught"), True, "语文", ("学科", "科目", "任教学科")),
)


def _template(title, columns, guide) -> bytes:
    return workbook_bytes(
        [
            (title, [header_label(col) for col in columns], [[col.example for col in columns]]),
            (_("How to fill in"), [_("How to fill in")], [(line,) for line in guide]),
        ]
    )


def classes_template() -> bytes:
    return _template(
        _("Classes"),
        CLASS_COLUMNS,
        [
            _("One class per row: its grade and its full name, as on the code slips."),
            _("Delete the example row before importing."),
        ],
    )


def teaching_template() -> bytes:
    return _template(
        _("Teaching"),
        TEACHING_COLUMNS,
        [
            _(
                "One row per class and teacher: the class as on the school's class list, the "
                "teacher's name as on the register, the subject taught."
            ),
            _("Delete the example row before importing."),
        ],
    )


def _text(row: Row, key: str, cell, longest: int) -> str:
    text = cell_text(cell)
    if not text:
        row.fail(key, _("is required"))
    elif len(text) > longest:
        row.fail(key, _("is longer than %(n)d characters") % {"n": longest})
    return text


class ClassParser(SheetParser):
    columns = CLASS_COLUMNS
    max_rows = 500
    no_rows_message = gettext_lazy("The file has a header row but no classes.")

    def grade(self, cell, row: Row) -> str:
        return _text(row, "grade", cell, 20)

    def name(self, cell, row: Row) -> str:
        name = _text(row, "name", cell, 50)
        if name:
            earlier = row.seen.get(f"class:{norm(name)}")
            if earlier:
                row.fail(
                    "name", _("%(name)s is also on row %(row)d") % {"name": name, "row": earlier}
                )
            row.seen.setdefault(f"class:{norm(name)}", row.number)
        return name

    PARSERS = {"grade": grade, "name": name}


class TeachingParser(SheetParser):
    """Rows of (class, teacher, subject): the class from the school's list, the teacher linked
    to the member of that name when there is exactly one."""

    columns = TEACHING_COLUMNS
    max_rows = 3000
    no_rows_message = gettext_lazy("The file has a header row but no teachers.")

    def __init__(self, *, org):
        super().__init__(org=org)
        self.classes = {
            norm(c.name): c.name for c in SchoolClass.objects.filter(org=org, active=True)
        }
        self.members: dict[str, list[Member]] = {}
        for member in Member.objects.filter(org=org).only("id", "org_id", "name", "user_id"):
            self.members.setdefault(norm(member.name), []).append(member)

    def group(self, cell, row: Row) -> str:
        text = cell_text(cell)
        if not text:
            row.fail("group", _("is required"))
            return ""
        found = self.classes.get(norm(text))
        if found is None:
            row.fail(
                "group",
                _("“%(value)s” is not on the school's class list: add it there first")
                % {"value": text},
            )
            return ""
        return found

    def teacher(self, cell, row: Row) -> str:
        return _text(row, "teacher", cell, 100)

    def course(self, cell, row: Row) -> str:
        course = _text(row, "course", cell, 40)
        key = f"{row.data.get('group')}|{row.data.get('teacher')}|{course}"
        if row.data.get("group") and row.data.get("teacher") and course:
            earlier = row.seen.get(key)
            if earlier:
                row.fail(
                    "course",
                    _("the same class, teacher and subject are on row %(row)d") % {"row": earlier},
                )
            row.seen.setdefault(key, row.number)
        return course

    def ready(self, data: dict) -> dict:
        found = self.members.get(norm(data["teacher"]), [])
        data["member"] = found[0] if len(found) == 1 else None
        return data

    PARSERS = {"group": group, "teacher": teacher, "course": course}
