"""Every document a poll prints, as a reader holds it: rendered by LibreOffice on A4, read back
as text and images. The code slips scan (every QR code decodes to the entry page with its code in
the URL's fragment) and each code is on one line; the paper ballot fits its copies on a page; each
kind of poll has a report of its own."""

import io
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.urls import reverse
from docx import Document
from PIL import Image

from tests.factories_polls import election, open_poll, survey, voters
from tests.personas import chair_of
from tests.rendering import page_images, pages_text, to_pdf
from unionhall.polls import documents, services
from unionhall.polls.models import Kind, Mode
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db]

BASE = "https://school.example.cn"


def _texts(document) -> str:
    """Every paragraph and cell a reader sees, one per line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


# Code slips -------------------------------------------------------------------------------------


def test_code_entry_url_puts_the_code_in_the_fragment_of_the_public_entry_page(school):
    url = services.code_entry_url(BASE + "/", school.code, "ABCD3467")
    entry = reverse("polls_public:enter", kwargs={"org": school.code})
    assert url == f"{BASE}{entry}#ABCD3467"
    parts = urlsplit(url)
    assert "ABCD3467" not in parts.path + parts.query  # what a server log writes


def test_code_slips_scan_and_print_each_code_on_one_line(school, tmp_path):
    poll, codes, chair = survey(school, classes=("初一(1)班",), per_class=30)
    second = services.codes_issue(org=school, actor=chair, poll=poll, group="初一(2)班", count=5)
    used = codes["初一(1)班"][0]
    question = poll.questions.get(scale="satisfaction")
    services.ballot_cast(org=school, poll=poll, code=used.code, choices={question.pk: "satisfied"})
    expected = {c.code for c in codes["初一(1)班"][1:]} | {c.code for c in second}

    content = documents.code_slips(poll, base_url=BASE)
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 34  # the used code gets no slip
    text = _texts(document)
    assert text.count("学生评教") == 34 and text.count("初一(2)班") == 5

    pdf = to_pdf(content, tmp_path, "slips")
    pages = pages_text(pdf)
    # 24 slips a page, each class from a new page: 29 → 2 pages, 5 → 1 page.
    assert len(pages) == 3
    assert "初一(2)班" not in pages[0] + pages[1] and "初一(1)班" not in pages[2]
    one_line = set()
    for page in pages:
        one_line |= set(re.findall(r"(?<![A-Z0-9])[A-Z0-9]{8}(?![A-Z0-9])", page))
    assert one_line >= expected  # every code whole on one line of the printed page
    assert used.code not in "".join(pages)

    entry = services.code_entry_url(BASE, school.code, "")
    decoded = []
    for index, image in enumerate(page_images(pdf, dpi=200)):
        found = [r.text for r in zxingcpp.read_barcodes(Image.open(image))]
        assert len(found) == [24, 5, 5][index], f"page {index + 1}: {len(found)} QR codes read"
        decoded += found
    assert sorted(decoded) == sorted(f"{entry}{code}" for code in expected)
    assert all(urlsplit(url).fragment in expected for url in decoded)


def test_the_slips_page_downloads_with_the_sites_address(client, school):
    poll, codes, chair = survey(school, per_class=2)
    client.force_login(chair)
    response = client.get(reverse("polls:code_slips", kwargs={"org": school.code, "pk": poll.pk}))
    document = Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 4
    code = codes["初一(1)班"][0].code
    assert code in _texts(document)
    assert f"testserver/p/{school.code}/polls/" in _texts(document)
