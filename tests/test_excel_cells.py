"""Cells written to a spreadsheet: formulas are never run, and a moment reads as the site's
local time (a spreadsheet has no time zones), whichever export wrote it."""

import datetime as dt
import io
import zoneinfo

from openpyxl import load_workbook

from unionhall.core.excel import workbook_bytes


def test_moments_are_local_and_formulas_are_text(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = dt.datetime(2026, 3, 8, 1, 30, tzinfo=dt.UTC)
    other = moment.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    content = workbook_bytes([("Sheet", ["when", "again", "text"], [(moment, other, "=1+1")])])
    row = next(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True))
    assert row == (dt.datetime(2026, 3, 8, 9, 30), dt.datetime(2026, 3, 8, 9, 30), "'=1+1")
