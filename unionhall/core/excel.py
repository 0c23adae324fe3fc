"""Spreadsheets in and out: safe cells on the way out, clear refusals on the way in."""

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell that starts like a formula is prefixed with ' so no spreadsheet runs it; a
    moment is written as the site's local time (a spreadsheet has no time zones)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
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


def _unreadable(name: str) -> SpreadsheetError:
    return SpreadsheetError(
        _("“%(name)s” could not be opened as an Excel workbook.") % {"name": name}
    )


# What reading a crafted workbook may raise: a broken archive, malformed XML, or XML with
# entity declarations, which defusedxml (used by openpyxl when installed) refuses.
_BROKEN = (
    InvalidFileException,
    zipfile.BadZipFile,
    ElementTree.ParseError,
    DefusedXmlException,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    EOFError,
)


def _check_unpacked_size(upload, name: str, max_unpacked: int) -> None:
    """Refuse a zip bomb from its directory, before anything is decompressed. The sizes it
    declares bound what is read: Python's zipfile stops each member at its declared size."""
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable(name) from None
    finally:
        upload.seek(0)
    if unpacked > max_unpacked:
        raise SpreadsheetError(
            _(
                "“%(name)s” unpacks to %(size).0f MB, more than a register needs "
                "(at most %(max).0f MB). Save only the register's sheet and try again."
            )
            % {"name": name, "size": unpacked / 1024 / 1024, "max": max_unpacked / 1024 / 1024}
        )


def _too_many_rows(name: str, max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("“%(name)s” has more than %(max)d rows; import at most %(max)d rows at a time.")
        % {"name": name, "max": max_rows}
    )


def open_rows(
    upload, *, max_bytes: int, max_rows: int | None = None, max_unpacked: int | None = None
) -> list[tuple]:
    """The first sheet's rows as tuples of cell values, or SpreadsheetError.

    Guarded against crafted files: the archive's unpacked size and the sheet's declared
    dimension are checked before parsing, rows are streamed (openpyxl read-only) and reading
    stops at the row limit; malformed or entity-laden XML gets the same clear refusal."""
    max_rows = max_rows or settings.UNIONHALL_IMPORT_MAX_ROWS
    max_unpacked = max_unpacked or settings.UNIONHALL_IMPORT_MAX_UNPACKED_BYTES
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
    _check_unpacked_size(upload, name, max_unpacked)
    rows: list[tuple] = []
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except _BROKEN:
        raise _unreadable(name) from None
    try:
        sheet = book.worksheets[0]
        declared = sheet.max_row  # from the sheet's <dimension>, when it has one
        if declared is not None and declared > max_rows + 1:  # + the header row
            raise _too_many_rows(name, max_rows)
        for row in sheet.iter_rows(values_only=True):
            rows.append(row)
            if len(rows) > max_rows + 1:
                raise _too_many_rows(name, max_rows)
    except SpreadsheetError:
        raise
    except (*_BROKEN, IndexError):
        raise _unreadable(name) from None
    finally:
        book.close()
    while rows and all(v in (None, "") for v in rows[-1]):
        rows.pop()
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    return rows
