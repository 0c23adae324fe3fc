"""Crafted spreadsheets a scanner sent to the register import: a zip bomb, too many rows, and
XML with entity expansion or external entities. Each gets the import's clear refusal, before
the worker spends its time or memory on it, and never a 500."""

import io
import zipfile

import pytest

from tests.test_member_import import assert_refused, chair, good_row, post_file  # noqa: F401
from tests.xlsx import upload, xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"


def _rewritten(content: bytes, replace: dict[str, bytes]) -> bytes:
    """The workbook with some of its members replaced (same names, same order)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return out.getvalue()


def _sheet_of(content: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(content)).read(SHEET)


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_from_its_directory(client, school, chair, settings):  # noqa: F811
    """1 MB on the wire that unpacks to 120 MB: the sheet is padded with empty rows."""
    base = xlsx_bytes([good_row()])
    sheet = _sheet_of(base)
    padding = b"<row/>" * (120 * 1024 * 1024 // 6)
    bomb = _rewritten(base, {SHEET: sheet.replace(b"</sheetData>", padding + b"</sheetData>")})
    assert len(bomb) < settings.UNIONHALL_IMPORT_MAX_BYTES
    assert_refused(post_file(client, school, bomb), "120 MB")


def test_more_rows_than_the_limit_are_refused_with_the_limit_named(
    client,
    school,
    chair,  # noqa: F811
    settings,
):
    settings.UNIONHALL_IMPORT_MAX_ROWS = 50
    content = xlsx_bytes([good_row(name=f"会员{i}") for i in range(60)])
    assert_refused(post_file(client, school, content), "50")


def test_rows_are_counted_while_streaming_when_the_sheet_declares_no_size(
    client,
    school,
    chair,  # noqa: F811
    settings,
):
    settings.UNIONHALL_IMPORT_MAX_ROWS = 50
    content = xlsx_bytes([good_row(name=f"会员{i}") for i in range(60)])
    sheet = _sheet_of(content)
    start = sheet.index(b"<dimension")
    end = sheet.index(b"/>", start) + 2
    content = _rewritten(content, {SHEET: sheet[:start] + sheet[end:]})
    assert_refused(post_file(client, school, content), "50")


LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE worksheet [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData>
</worksheet>"""

EXTERNAL = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData>
</worksheet>"""

BROKEN = b"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>"""


@pytest.mark.parametrize("sheet", [LAUGHS, EXTERNAL, BROKEN], ids=["laughs", "external", "broken"])
def test_crafted_xml_gets_the_imports_refusal_not_a_500(client, school, chair, sheet):  # noqa: F811
    content = _rewritten(xlsx_bytes([good_row()]), {SHEET: sheet})
    response = post_file(client, school, content)
    assert response.status_code == 200
    assert_refused(response, "会员名册.xlsx")
    assert "root:" not in response.content.decode()


def test_an_external_entity_in_the_workbook_part_is_never_resolved(
    client,
    school,
    chair,  # noqa: F811
):
    content = xlsx_bytes([good_row()])
    workbook = zipfile.ZipFile(io.BytesIO(content)).read("xl/workbook.xml")
    declaration = b'<!DOCTYPE workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    start = workbook.index(b"<workbook")
    crafted = workbook[:start] + declaration + workbook[start:]
    response = client.post(
        f"/o/{school.code}/members/import/",
        {"file": upload(_rewritten(content, {"xl/workbook.xml": crafted}))},
        follow=True,
    )
    # The entity is never resolved: the file is refused, or read without it; never a 500.
    assert response.status_code == 200
    assert "root:" not in response.content.decode()
