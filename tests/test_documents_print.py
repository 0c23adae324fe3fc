"""Every .docx the app produces, printed as a reader holds it (issue 22 §2): the documents of the
seeded demo district, downloaded through their pages as the chair and the district's
administrator (and the year's archive, built for the last school year: every kind of .docx in
it), rendered by LibreOffice to PDF and PNG. The pages are kept in test-artifacts/docs/.

Each document is checked for what a reader would notice:
- its page count is within the bounds its content calls for;
- no page holds only a date, a signature or a heading (what was pushed off the page before);
- every table's header words are each on one printed line (a column narrower than its header's
  longest word breaks it, "负责/人");
- every number and code in a table or paragraph is on one printed line ("122,4 / 50.00");
- no picture (a chart) stands taller than a third of the text block, and none leaves the page
  before it half empty (a chart kept with its heading that does not fit moves to the next page).

The summary and the plan are written by engineer zongjie's part of issue 22; what they fail
today is marked xfail with the defect named (strict=False), so that the fixes turn them green.
"""

import io
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from tests.rendering import many_to_pdf, page_images, pages_text
from unionhall.archive import services as archive_services
from unionhall.congress.models import Proposal
from unionhall.core.periods import SCHOOL_YEAR, Period
from unionhall.demo import register
from unionhall.mentoring.models import Contract
from unionhall.orgs.models import Organisation, User
from unionhall.plans.models import Plan
from unionhall.polls.models import Kind, Mode, Poll, Selection
from unionhall.polls.workflow import State

# Seeding the demo district and rendering twenty documents: minutes on a busy machine.
pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1500)]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "docs"
YEAR = Period.containing(SCHOOL_YEAR, timezone.localdate()).start.year - 1


@dataclass(frozen=True)
class Bounds:
    """How many pages a document may print on."""

    least: int
    most: int


# The documents, with the pages their content calls for on A4.
EXPECTED = {
    "summary": Bounds(3, 30),
    "summary-template": Bounds(1, 30),
    "plan": Bounds(1, 12),
    "district-rollup": Bounds(1, 10),
    "mentoring-contract": Bounds(3, 12),  # a copy a page or two for each party
    "proposal-form": Bounds(1, 2),
    "selection-notice": Bounds(1, 2),
    "code-slips": Bounds(1, 40),
    "paper-ballots": Bounds(1, 10),
}
POLL_REPORTS = {  # one report of each kind of poll the demo holds
    Kind.ELECTION: "report-election",
    Kind.EVALUATION: "report-evaluation",
    Kind.SATISFACTION: "report-satisfaction",
}
for _name in POLL_REPORTS.values():
    EXPECTED[_name] = Bounds(1, 12)

# Defects known and left to their owners, marked xfail (strict=False): none today.
KNOWN: dict[tuple[str, str], str] = {}


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    ), f"{url}: {response['Content-Type']}"
    return response.content


def _downloads(school: Organisation, chair: Client, district: Client) -> dict[str, bytes]:
    o = {"org": school.code}
    found: dict[str, bytes] = {}
    found["summary"] = _get(chair, reverse("reports:summary_docx", kwargs=o))
    found["summary-template"] = _get(chair, reverse("reports:template_download", kwargs=o))
    plan = Plan.objects.filter(org=school).order_by("-start_year").first()
    if plan:
        found["plan"] = _get(chair, reverse("plans:docx", kwargs={**o, "year": plan.start_year}))
    found["district-rollup"] = _get(
        district,
        reverse("district:summary_docx", kwargs={"org": register.DISTRICT_CODE}) + f"?year={YEAR}",
    )
    contract = Contract.objects.filter(org=school).order_by("-id").first()
    if contract:
        found["mentoring-contract"] = _get(
            chair, reverse("mentoring:docx", kwargs={**o, "pk": contract.pk})
        )
    proposal = Proposal.objects.filter(org=school).order_by("id").first()
    if proposal:
        found["proposal-form"] = _get(
            chair, reverse("congress:proposal_docx", kwargs={**o, "pk": proposal.pk})
        )
    selection = (
        Selection.objects.filter(org=school, notice_starts_on__isnull=False)
        .exclude(state="cancelled")
        .first()
    )
    if selection:
        found["selection-notice"] = _get(
            chair, reverse("polls:selection_notice", kwargs={**o, "pk": selection.pk})
        )
    polls = Poll.objects.filter(org=school).order_by("-held_on", "-id")
    for kind, name in POLL_REPORTS.items():
        poll = polls.filter(
            kind=kind, state__in=(State.CLOSED, State.PUBLISHED), void_reason=""
        ).first()
        if poll:
            found[name] = _get(chair, reverse("polls:report", kwargs={**o, "pk": poll.pk}))
    coded = polls.filter(mode=Mode.CODES).first()
    if coded:
        found["code-slips"] = _get(chair, reverse("polls:code_slips", kwargs={**o, "pk": coded.pk}))
    paper = polls.filter(mode=Mode.PAPER).first()
    if paper:
        found["paper-ballots"] = _get(
            chair, reverse("polls:paper_ballots", kwargs={**o, "pk": paper.pk})
        )
    return found


def _archived(school: Organisation, chair: User) -> dict[str, bytes]:
    """One .docx of each folder and kind in the year's archive (its documents are the same
    writers' as above, for other records)."""
    archive = archive_services.archive_request(org=school, actor=chair, year=YEAR)
    archive.refresh_from_db()
    with archive.file.open("rb") as stored:
        package = zipfile.ZipFile(io.BytesIO(stored.read()))
    found: dict[str, bytes] = {}
    kinds: set[str] = set()
    for path in sorted(package.namelist()):
        if not path.endswith(".docx"):
            continue
        folder = path.rsplit("/", 1)[0]
        if folder in kinds:
            continue
        kinds.add(folder)
        found[f"archive-{len(found) + 1}"] = package.read(path)
    return found


@dataclass
class Printed:
    docx: bytes
    pages: list[str]
    # Each page as a PNG (for what the text does not show: how far down a page is filled).
    images: list[Path] = field(default_factory=list)


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Printed]:
    """The demo district's documents, downloaded, rendered once for the module (inside a
    transaction rolled back afterwards), their PDFs and PNGs kept in test-artifacts/docs/."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            school = Organisation.objects.get(code=register.SCHOOL_CODE)
            chair, district = Client(), Client()
            chair_user = User.objects.get(username="chair")
            chair.force_login(chair_user)
            district.force_login(User.objects.get(username="district"))
            documents = _downloads(school, chair, district)
            documents.update(_archived(school, chair_user))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    pdfs = many_to_pdf(documents, ARTIFACTS)
    found = {}
    for name, pdf in pdfs.items():
        images = page_images(pdf, dpi=60)
        found[name] = Printed(documents[name], pages_text(pdf), images)
    return found


# What is read off a .docx --------------------------------------------------------------------


def _cells(document) -> list[list[list[str]]]:
    """Each table's rows of cell texts (nested tables' too), merged cells once."""
    tables = []

    def walk(table):
        rows = []
        for row in table.rows:
            texts, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                texts.append(cell.text)
                for inner in cell.tables:
                    walk(inner)
            rows.append(texts)
        tables.append(rows)

    for table in document.tables:
        walk(table)
    return tables


HEADING_STYLES = ("Title", "Heading", "Signature")
DATE = re.compile(r"^\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{2}-\d{2})\s*$")
PAGE_NUMBER = re.compile(r"^\s*[—–-]?\s*\d+\s*[—–-]?\s*$")
SIGNATURE_LINE = re.compile(r"^.{0,20}[:：]\s*_{3,}.*$|^.*（(盖章|签字|签名)）\s*$")
# A number of three or more digits with its separators (1,224.50, 48.5%, 2025-09-01), or a code
# of letters and digits (ABCD3467) as printed on slips.
NUMBER = re.compile(r"\d[\d,.:%-]*\d%?")
CODE = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,}\b")
# Where a header may break: spaces, brackets, slashes and the enumeration comma.
HEADER_BREAKS = re.compile(r"[\s（）()/、，,·]+")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _lines(pages: list[str]) -> list[str]:
    return [_flat(line) for page in pages for line in page.splitlines() if line.strip()]


def _short_texts(document) -> set[str]:
    """The titles, headings and signature lines of the document, without spaces."""
    found = set()
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith(HEADING_STYLES) and paragraph.text.strip():
            found.add(_flat(paragraph.text))
    return found


def lonely_pages(item: Printed) -> list[str]:
    """Pages after the first whose only content is a date, a signature or a heading."""
    document = Document(io.BytesIO(item.docx))
    short = _short_texts(document)
    problems = []
    for number, page in enumerate(item.pages[1:], start=2):
        lines = [line for line in page.splitlines() if line.strip()]
        lines = [line for line in lines if not PAGE_NUMBER.match(line)]
        if not lines:
            problems.append(f"page {number} is blank")
            continue
        if len(lines) > 3:
            continue
        if all(
            DATE.match(line) or SIGNATURE_LINE.match(line.strip()) or _flat(line) in short
            for line in lines
        ):
            problems.append(f"page {number} holds only {' / '.join(_flat(s) for s in lines)}")
    return problems


def header_words(item: Printed) -> list[str]:
    """Table header words split across printed lines (a column narrower than the word)."""
    document = Document(io.BytesIO(item.docx))
    lines = _lines(item.pages)
    problems = []
    for rows in _cells(document):
        if not rows:
            continue
        for header in rows[0]:
            if "{{" in header or "{%" in header:
                continue  # a template's placeholder, replaced when the summary is written
            words = [w for w in HEADER_BREAKS.split(header) if w]
            if not words or len(rows) < 2:
                continue
            longest = max(words, key=len)
            if len(longest) > 1 and not any(longest in line for line in lines):
                problems.append(f"the header word “{longest}” (of “{header}”) breaks")
    return sorted(set(problems))


def whole_numbers(item: Printed) -> list[str]:
    """Numbers and codes printed across two lines: each is on one line as often as written."""
    document = Document(io.BytesIO(item.docx))
    texts = [p.text for p in document.paragraphs]
    texts += [cell for rows in _cells(document) for row in rows for cell in row]
    wanted: dict[str, int] = {}
    for text in texts:
        for token in NUMBER.findall(text) + CODE.findall(text):
            if len(re.sub(r"\D", "", token)) >= 3 or CODE.fullmatch(token):
                wanted[token] = wanted.get(token, 0) + 1
    lines = _lines(item.pages)
    problems = []
    for token, count in wanted.items():
        if sum(line.count(token) for line in lines) < count:
            problems.append(f"“{token}” is split across lines")
    return sorted(problems)


# A picture no taller than this on the page (a third of the A4 text block, 225 mm).
PICTURE_MOST_MM = 75.5
EMU_PER_MM = 36000


def _pictures(document) -> list[tuple[str, int]]:
    """Each picture's heading (the paragraph before it, without spaces) and height in EMU."""
    found = []
    previous = ""
    for paragraph in document.paragraphs:
        extents = paragraph._p.findall(".//" + qn("wp:extent"))
        for extent in extents:
            found.append((previous, int(extent.get("cy"))))
        if paragraph.text.strip():
            previous = _flat(paragraph.text)
    return found


def _filled_to(image: Path, *, top: float, bottom: float) -> float:
    """How far down the text block (0 its top, 1 its bottom; `top` and `bottom` its edges as
    parts of the page's height) the page has anything printed."""
    page = Image.open(image).convert("L")
    width, height = page.size
    first, last = int(top * height), int(bottom * height)
    inked = [y for y in range(first, last) if page.crop((0, y, width, y + 1)).getextrema()[0] < 160]
    return (max(inked) - first) / (last - first) if inked else 0.0


def charts_fit(item: Printed) -> list[str]:
    """Pictures taller than a third of the text block, and pages left half empty before a
    picture's heading (the picture did not fit and took its heading to the next page)."""
    document = Document(io.BytesIO(item.docx))
    section = document.sections[0]
    top = section.top_margin / section.page_height
    bottom = 1 - section.bottom_margin / section.page_height
    problems = []
    headings = set()
    for heading, height in _pictures(document):
        headings.add(heading)
        if height > PICTURE_MOST_MM * EMU_PER_MM:
            problems.append(f"the picture after “{heading}” is {height / EMU_PER_MM:.0f} mm tall")
    for number, page in enumerate(item.pages[1:], start=2):
        lines = [_flat(line) for line in page.splitlines() if line.strip()]
        if not lines or lines[0] not in headings or number - 2 >= len(item.images):
            continue
        filled = _filled_to(item.images[number - 2], top=top, bottom=bottom)
        if filled < 0.5:
            problems.append(f"page {number - 1} is {filled:.0%} filled before “{lines[0]}”")
    return problems


CHECKS = {
    "lonely_pages": lonely_pages,
    "header_words": header_words,
    "whole_numbers": whole_numbers,
    "charts_fit": charts_fit,
}


def _cases():
    for name in EXPECTED:
        for check in ("page_count", *CHECKS):
            marks = []
            if (name, check) in KNOWN:
                marks = [pytest.mark.xfail(reason=KNOWN[name, check], strict=False)]
            yield pytest.param(name, check, marks=marks, id=f"{name}-{check}")


@pytest.mark.parametrize(("name", "check"), list(_cases()))
def test_the_document_prints_right(printed, name, check):
    assert name in printed, f"the demo produced no {name} document"
    item = printed[name]
    if check == "page_count":
        bounds = EXPECTED[name]
        assert bounds.least <= len(item.pages) <= bounds.most, (
            f"{name}: {len(item.pages)} pages, expected {bounds.least} to {bounds.most}"
        )
        return
    problems = CHECKS[check](item)
    assert not problems, f"{name} ({ARTIFACTS / name}.pdf):\n" + "\n".join(problems)


# The year's summary and plan in the archive are the same writers' as "summary" and "plan" above,
# checked (and marked while zongjie's fixes land) there.
PRINTED_ABOVE = ("工作总结", "工作计划")


def test_every_document_of_the_archive_prints_right(printed):
    archived = {
        name: item
        for name, item in printed.items()
        if name.startswith("archive-") and not any(w in _flat(item.pages[0]) for w in PRINTED_ABOVE)
    }
    assert len(archived) >= 4
    problems = []
    for name, item in archived.items():
        if not 1 <= len(item.pages) <= 30:
            problems.append(f"{name}: {len(item.pages)} pages")
        for check in CHECKS.values():
            problems += [f"{name}: {p}" for p in check(item)]
    assert not problems, "\n".join(problems)


def test_the_checks_see_what_they_are_for(tmp_path):
    """A date alone on a page, a header broken in a narrow column and a number wrapped in one
    are each found (the checks above can fail)."""
    from unionhall.core import documents

    doc = documents.official_document()
    documents.title(doc, "测试文件")
    documents.grid(
        doc,
        ["序号", "困难会员走访慰问人次"],
        [("1", "1234567890123456")],
        widths_cm=(14.6, 1.0),
    )
    documents.page_break(doc)
    documents.paragraph(doc, "2025年9月1日", indent=False)
    content = documents.to_bytes(doc)
    pdf = many_to_pdf({"broken": content}, tmp_path)["broken"]
    item = Printed(content, pages_text(pdf))
    assert lonely_pages(item) == ["page 2 holds only 2025年9月1日"]
    assert header_words(item) == [
        "the header word “困难会员走访慰问人次” (of “困难会员走访慰问人次”) breaks"
    ]
    assert whole_numbers(item) == ["“1234567890123456” is split across lines"]


def test_a_chart_too_tall_and_the_half_empty_page_it_leaves_are_found(tmp_path):
    """A picture kept with its heading, too tall for what is left of the page, takes the heading
    to the next page and leaves the first one mostly blank: both are found."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Mm

    from unionhall.core import documents

    doc = documents.official_document()
    documents.title(doc, "测试文件")
    for _line in range(4):
        documents.paragraph(doc, "本学年工会共开展活动八次。")
    heading = doc.add_paragraph("各类活动人次", style="Heading 3")
    heading.paragraph_format.keep_with_next = True
    picture = io.BytesIO()
    Image.new("RGB", (400, 600), "#c0392b").save(picture, format="PNG")
    holder = doc.add_paragraph()
    holder.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # not cut to a line
    holder.add_run().add_picture(picture, height=Mm(180))
    content = documents.to_bytes(doc)
    pdf = many_to_pdf({"tall": content}, tmp_path)["tall"]
    item = Printed(content, pages_text(pdf), page_images(pdf, dpi=60))
    problems = charts_fit(item)
    assert problems[0] == "the picture after “各类活动人次” is 180 mm tall"
    assert re.fullmatch(r"page 1 is \d+% filled before “各类活动人次”", problems[1]), problems
