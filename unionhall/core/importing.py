"""One staged spreadsheet import: upload → preview with errors by row and column → confirm.

An app describes its sheet (`Column`s) and subclasses `SheetParser` with one parser per column;
its batch model extends `core.models.ImportBatch`. `stage_upload` reads and checks an upload and
keeps a file without errors as a batch awaiting confirmation; `staged_rows` reads the kept file
again for the preview and the confirmation (the records may have changed in between, so the rows
are always parsed afresh). Nothing here writes records: the app's import service locks the batch
(`batch_lock`), saves the parsed rows, all or none, and marks it imported (`batch_imported`).
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from unionhall.core.excel import SpreadsheetError, open_rows
from unionhall.core.security import open_stored


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    required: bool = False
    example: str = ""
    # Other headings people give this column in their own spreadsheets.
    aliases: tuple[str, ...] = ()


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


def norm(text) -> str:
    """A heading or choice as compared: no spaces or asterisks, lower case."""
    return re.sub(r"[\s*＊]", "", str(text or "")).lower()


def labels_in_all_languages(promise: Promise) -> set[str]:
    labels = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels.add(norm(str(promise)))
    return labels


def choice_lookup(choices) -> dict[str, str]:
    """Each choice by its value and by its label in either language."""
    lookup = {}
    for value, label in choices:
        lookup[norm(value)] = value
        lookup.update({text: value for text in labels_in_all_languages(label)})
    return lookup


_DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def cell_text(value) -> str:
    """A cell as text: blank for nothing, 12 rather than 12.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class CellError(ValueError):
    pass


def read_date(value) -> dt.date | None:
    """A date cell, or a date written as text (1985-03-02, 1985/3/2, 1985年3月2日, 19850302)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = cell_text(value)
    match = _DATE_PATTERN.match(written) or re.match(r"^(\d{4})(\d{2})(\d{2})$", written)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date; write it as 1985-03-02") % {"value": written})


@dataclass
class Row:
    """One row being parsed: its number, the values parsed so far and where its errors go."""

    number: int
    labels: dict[str, str]
    errors: list[RowError]
    # Values seen on earlier rows of the file → the row they are on (for columns that must not
    # repeat, such as an ID card number).
    seen: dict[str, int]
    data: dict = field(default_factory=dict)
    _start: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._start = len(self.errors)

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.labels[key], message))

    @property
    def ok(self) -> bool:
        return len(self.errors) == self._start


def header_positions(header: tuple, columns, result: ParseResult) -> dict[str, int]:
    """Where each of `columns` stands in the header row (by any language's label, key or
    alias); unknown columns are noted, twice-named and missing required ones are row errors."""
    wanted = {
        col.key: labels_in_all_languages(col.label) | {col.key} | {norm(a) for a in col.aliases}
        for col in columns
    }
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = norm(cell)
        if not name:
            continue
        key = next((k for k, labels in wanted.items() if name in labels), None)
        if key is None:
            result.ignored_columns.append(cell_text(cell))
        elif key in positions:
            result.errors.append(
                RowError(1, cell_text(cell), _("this column appears twice in the header row"))
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


class SheetParser:
    """Parse one sheet of rows for one organisation; build once per file. A subclass gives its
    `columns`, `max_rows`, the message for a sheet with no rows, and `PARSERS`: column key →
    parser, in the order a row is checked (and its errors listed). Each parser takes
    `(self, cell, row)`, returns the column's value and reports what is wrong through
    `row.fail`; it may read the columns parsed before it in `row.data`. `check_row` checks a
    row whose cells are all good as a whole; `ready` turns a row without errors into what the
    import service takes."""

    columns: tuple[Column, ...] = ()
    max_rows: int = 5000
    no_rows_message: Promise
    PARSERS: dict = {}

    def __init__(self, *, org):
        self.org = org
        self.labels = {col.key: str(col.label) for col in self.columns}

    def parse(self, rows: list[tuple]) -> ParseResult:
        result = ParseResult()
        header, body = rows[0], rows[1:]
        positions = header_positions(header, self.columns, result)
        if result.errors:
            return result
        if len(body) > self.max_rows:
            result.errors.append(
                RowError(
                    0,
                    "",
                    _("The file has %(n)d rows; at most %(max)d can be imported at once.")
                    % {"n": len(body), "max": self.max_rows},
                )
            )
            return result
        seen: dict[str, int] = {}
        for offset, raw in enumerate(body):
            cells = {key: (raw[i] if i < len(raw) else None) for key, i in positions.items()}
            if all(cell_text(v) == "" for v in cells.values()):
                continue
            current = Row(offset + 2, self.labels, result.errors, seen)
            for key, parse in self.PARSERS.items():
                current.data[key] = parse(self, cells.get(key), current)
            if current.ok:
                self.check_row(current)
            if current.ok:
                result.rows.append(self.ready(current.data))
        if not result.rows and not result.errors:
            result.errors.append(RowError(0, "", str(self.no_rows_message)))
        return result

    def check_row(self, row: Row) -> None:
        """Checks across a row's columns once each cell is good (an app's rules, say),
        reported through `row.fail` on the column they judge; nothing by default."""

    def ready(self, data: dict) -> dict:
        return data


def stage_upload(*, form, parser_class: type[SheetParser], batch_model, org, user, fields=None):
    """The upload step. With a valid form: read the file (a refused file is an error on the
    form's `file`), parse it, and when it has no errors keep it as a batch awaiting
    confirmation (with the batch model's own `fields`, e.g. the poll it is for). Returns (the
    batch or None, the parse result or None)."""
    if not form.is_valid():
        return None, None
    upload = form.cleaned_data["file"]
    try:
        rows = open_rows(upload, max_bytes=settings.UNIONHALL_IMPORT_MAX_BYTES)
    except SpreadsheetError as error:
        form.add_error("file", str(error))
        return None, None
    result = parser_class(org=org).parse(rows)
    if not result.ok:
        return None, result
    upload.seek(0)
    batch = batch_model.objects.create(
        org=org,
        uploaded_by=user,
        filename=upload.name[:200],
        file=upload,
        row_count=len(result.rows),
        **(fields or {}),
    )
    return batch, result


def staged_rows(batch) -> list[tuple]:
    """The rows of a batch's kept file, read as at its upload."""
    with open_stored(batch.file) as stored:
        upload = ContentFile(stored.read(), name=batch.filename)
    return open_rows(upload, max_bytes=settings.UNIONHALL_IMPORT_MAX_BYTES)


def batch_lock(batch):
    """The confirmation's first step, inside the import service's transaction: the batch
    locked, or a ValidationError when it was imported meanwhile (a second click, a second
    tab), so a file is never imported twice."""
    locked = type(batch).objects.select_for_update().get(pk=batch.pk, org_id=batch.org_id)
    if locked.state != locked.State.PREVIEW:
        raise ValidationError(_("This file has already been imported."))
    return locked


def batch_imported(batch, *, count: int) -> None:
    """The confirmation's last step: the batch records how many rows it brought in, and when."""
    batch.state = batch.State.IMPORTED
    batch.row_count = count
    batch.imported_at = timezone.now()
    batch.save(update_fields=["state", "row_count", "imported_at"])
