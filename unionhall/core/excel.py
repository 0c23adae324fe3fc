"""Spreadsheets in and out: safe cells on the way out, clear refusals on the way in."""

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell that starts like a formula is prefixed with ' so no spreadsheet runs it."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def workbook_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]], *, widths: dict | None = None
) -> bytes:
    """One workbook from (title, header, rows) triples, written row by row."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for column, width in (widths or {}).items():
            sheet.column_dimensions[column].width = width
        sheet.append([safe_cell(h) for h in header])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read: wrong type, empty, too big."""


def open_rows(upload, *, max_bytes: int) -> list[tuple]:
    """The first sheet's rows as tuples of cell values, or SpreadsheetError."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if not name.lower().endswith(".xlsx"):
        raise SpreadsheetError(
            _("“%(name)s” is not an Excel .xlsx file. Save it as .xlsx and try again.")
            % {"name": name}
        )
    if size == 0:
        raise SpreadsheetError(_("The file is empty."))
    if size is not None and size > max_bytes:
        raise SpreadsheetError(
            _("The file is %(size).1f MB; the largest file accepted is %(max).0f MB.")
            % {"size": size / 1024 / 1024, "max": max_bytes / 1024 / 1024}
        )
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        raise SpreadsheetError(
            _("“%(name)s” is not a real .xlsx file (it may be an old .xls or a renamed file).")
            % {"name": name}
        )
    upload.seek(0)
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError):
        raise SpreadsheetError(
            _("“%(name)s” could not be opened as an Excel workbook.") % {"name": name}
        ) from None
    try:
        sheet = book.worksheets[0]
        rows = [row for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and all(v in (None, "") for v in rows[-1]):
        rows.pop()
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    return rows
