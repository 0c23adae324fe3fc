"""The summary as printed: rendered by LibreOffice, read page by page as a reader sees it. The
pages are left in test-artifacts/ (summary-page-N.png)."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from tests.factories import MemberFactory
from tests.factories_reports import school_year_2025
from tests.personas import chair_of
from tests.rendering import page_images, pages_text, to_pdf
from unionhall.members.models import Hardship

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
DATE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")


def _lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.strip() and not PAGE_NUMBER.match(line)]


def test_the_printed_summary_reads_as_a_work_summary(client, school, tmp_path):
    chair = chair_of(school)
    client.force_login(chair)
    school_year_2025(school, chair)
    MemberFactory(
        org=school, hardship=Hardship.ORDINARY, hardship_note="病", joined_on=dt.date(2015, 9, 1)
    )
    content = client.get(f"/o/{school.code}/reports/summary.docx", {"period": "2025-2026"}).content
    pdf = to_pdf(content, tmp_path, "summary")
    pages = pages_text(pdf)
    assert 2 <= len(pages) <= 12

    # The title in two lines, each whole: the union's name, then the year and 工作总结.
    first = _lines(pages[0])
    assert re.sub(r"\s+", "", first[0]) == school.name
    assert re.sub(r"\s+", "", first[1]) == "2025—2026学年工作总结"
    text = re.sub(r"\s+", "", "".join(pages))
    assert text.index("一、主要工作和成效") < text.index("二、存在的问题和不足")
    assert text.index("二、存在的问题和不足") < text.index("三、下一步工作打算")

    # No page holds only a date, a signature or a heading.
    for number, page in enumerate(pages, start=1):
        lines = _lines(page)
        assert lines, f"page {number} is empty"
        assert not all(DATE.match(line) for line in lines), f"page {number}: only a date"
        if len(lines) == 1:
            assert not re.match(r"^\s*[一二三四五六七八九十]+、", lines[0]), f"page {number}"
    # The date is on the page of the closing paragraph and the union's name.
    [signed] = [p for p in pages if any(DATE.match(line) for line in _lines(p))]
    assert "新的一年" in re.sub(r"\s+", "", signed)
    assert school.name in re.sub(r"\s+", "", signed)

    # Body lines start at the left: no characters spread apart across a justified line.
    for page in pages:
        for line in _lines(page):
            assert not re.search(r"(?:[\u4e00-\u9fff] ){6,}", line), line

    ARTIFACTS.mkdir(exist_ok=True)
    for number, image in enumerate(page_images(pdf, dpi=80), start=1):
        shutil.copy(image, ARTIFACTS / f"summary-page-{number}.png")
