"""The one staged spreadsheet import (`core.importing`): an app gives its columns and one parser
per column; headings are found in either language or by alias, every error is named by row and
column, blank rows are skipped, and a sheet over the limit or with no rows is refused whole."""

import pytest
from django.utils.translation import gettext_lazy

from unionhall.core.importing import CellError, Column, SheetParser, read_date

pytestmark = pytest.mark.usefixtures("english")

COLUMNS = (
    Column("name", gettext_lazy("Name"), True, aliases=("姓名",)),
    Column("birth_date", gettext_lazy("Date of birth")),
)


class PeopleParser(SheetParser):
    columns = COLUMNS
    max_rows = 3
    no_rows_message = gettext_lazy("The file has a header row but no members.")

    def name(self, cell, row):
        if not cell:
            row.fail("name", "is required")
        elif cell in row.seen:
            row.fail("name", f"the same name is on row {row.seen[cell]}")
        row.seen.setdefault(cell, row.number)
        return cell

    def birth_date(self, cell, row):
        try:
            return read_date(cell)
        except CellError as error:
            row.fail("birth_date", str(error))

    PARSERS = {"name": name, "birth_date": birth_date}


def parse(rows):
    return PeopleParser(org=None).parse(rows)


def test_rows_are_read_by_heading_in_any_language_or_alias_and_blank_rows_are_skipped():
    result = parse([("出生日期", "姓名", "Remarks"), ("1985年3月2日", "张明", "x"), (None, "", "")])
    assert result.ok
    assert [(r["name"], r["birth_date"].isoformat()) for r in result.rows] == [
        ("张明", "1985-03-02")
    ]
    assert result.ignored_columns == ["Remarks"]


def test_each_error_names_its_row_and_column_and_a_row_with_errors_is_not_kept():
    result = parse([("Name", "Date of birth"), ("张明", "1985-13-02"), ("", ""), ("张明", None)])
    assert [str(e) for e in result.errors] == [
        "Row 2 Date of birth: “1985-13-02” is not a date; write it as 1985-03-02",
        "Row 4 Name: the same name is on row 2",
    ]
    assert result.rows == []


def test_a_missing_column_a_sheet_too_long_or_without_rows_is_refused_whole():
    missing = parse([("Date of birth",), ("1985-03-02",)])
    assert [str(e) for e in missing.errors] == [
        "Row 1: missing columns: Name. Download the template to see the columns."
    ]
    too_long = parse([("Name",)] + [(f"会员{i}",) for i in range(4)])
    assert [str(e) for e in too_long.errors] == [
        "The file has 4 rows; at most 3 can be imported at once."
    ]
    empty = parse([("Name",), ("",)])
    assert [str(e) for e in empty.errors] == ["The file has a header row but no members."]
