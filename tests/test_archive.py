"""The year's archive: the demo school's school year as a .zip holds every record of the year
(every ledger entry, dues payment, care visit and person reached, proposal and its form,
suggestion, member and mentoring log appears in some .xlsx row or document), the files users
uploaded, a folder per category, and a manifest whose checksums match the files."""

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from openpyxl import load_workbook

from tests.personas import chair_of, member_of
from unionhall.activities.models import Attendance
from unionhall.archive import services
from unionhall.archive.models import Archive
from unionhall.care.models import CareRecipient, CareVisit
from unionhall.competitions.archive_parts import competitions_of_year
from unionhall.competitions.models import Entry
from unionhall.congress.archive_parts import proposals_of_year
from unionhall.core.archive import CATEGORIES
from unionhall.core.periods import SCHOOL_YEAR, Period
from unionhall.dues.models import DuesPayment
from unionhall.funds.models import LedgerEntry
from unionhall.funds.services import receipts_attach
from unionhall.honours.archive_parts import honours_of_year
from unionhall.honours.services import honour_correct
from unionhall.members.archive_parts import members_of_year
from unionhall.mentoring.models import Log
from unionhall.notices.models import Notice
from unionhall.orgs.models import Organisation, User
from unionhall.plans.archive_parts import plans_of_year
from unionhall.plans.models import Task
from unionhall.polls.archive_parts import polls_of_year
from unionhall.polls.models import Kind
from unionhall.voice.models import Suggestion

pytestmark = pytest.mark.django_db

DEMO_SCHOOL = "sj-diyi-xiaoxue"
YEAR = Period.containing(SCHOOL_YEAR, timezone.localdate()).start.year - 1
PERIOD = Period.school_year(YEAR)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo school's archive of its last full school year, built once for the module
    (with one scanned receipt and one honour's certificate) inside a transaction rolled back
    afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            school = Organisation.objects.get(code=DEMO_SCHOOL)
            chair = User.objects.get(username="chair")
            entry = LedgerEntry.objects.filter(org=school, date__range=PERIOD.as_range()).first()
            receipts_attach(entry=entry, actor=chair, files=[SimpleUploadedFile("发票.pdf", PDF)])
            honour = honours_of_year(school, PERIOD).filter(holder_kind="member").first()
            honour_correct(
                honour=honour,
                actor=chair,
                member=honour.member,
                title=honour.title,
                level=honour.level,
                rank=honour.rank,
                body=honour.awarding_body,
                awarded_on=honour.awarded_on,
                evidence=SimpleUploadedFile("证书.pdf", PDF),
                note=honour.note,
            )
            archive = services.archive_request(org=school, actor=chair, year=YEAR)
            archive.refresh_from_db()
            with archive.file.open("rb") as stored:
                content = stored.read()
            yield school, archive, content
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def _manifest(package: zipfile.ZipFile) -> list[list[str]]:
    name = next(n for n in package.namelist() if n.endswith("/manifest.csv"))
    text = package.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def _docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, as a reader sees them."""
    document = Document(io.BytesIO(content))
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def _sheets(package: zipfile.ZipFile, name_contains: str) -> dict[str, list[tuple]]:
    """Every sheet's rows of the .xlsx files whose path contains `name_contains`."""
    found = {}
    for path in package.namelist():
        if path.endswith(".xlsx") and name_contains in path and "manifest" not in path:
            book = load_workbook(io.BytesIO(package.read(path)), read_only=True)
            for sheet in book.worksheets:
                found[f"{path}:{sheet.title}"] = list(sheet.iter_rows(values_only=True))
    assert found, f"no workbook named like {name_contains!r}"
    return found


def _column(sheets: dict[str, list[tuple]], header: str) -> set:
    """The values of every column headed `header` in these sheets."""
    values = set()
    for rows in sheets.values():
        if rows and header in rows[0]:
            index = rows[0].index(header)
            values.update(row[index] for row in rows[1:])
    return values


def _zh(text) -> str:
    """A text (or a lazy one) as the archive writes it: in Chinese."""
    with translation.override("zh-hans"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def test_the_archive_is_built_and_the_chair_is_told(built):
    _school, archive, content = built
    assert archive.state == Archive.State.DONE and archive.progress == 100
    assert hashlib.sha256(content).hexdigest() == archive.sha256
    notice = Notice.objects.get(user=archive.requested_by, url__contains=f"/archive/{archive.pk}/")
    assert PERIOD.label in notice.title


def test_every_category_has_its_folder(built):
    _school, _archive, content = built
    names = _zip(content).namelist()
    for label in CATEGORIES.values():
        folder = _zh(label)
        assert any(f"/{folder}/" in name for name in names), folder
    assert any("/组织建设/" in name for name in names) and any("/声像/" in name for name in names)
    # A folder with nothing in it this year says so in a file of its own (an empty folder is
    # left out by some unzip tools, and a reader would think it lost).
    for label in CATEGORIES.values():
        folder = _zh(label)
        inside = [n for n in names if f"/{folder}/" in n and not n.endswith("/")]
        assert inside, f"{folder} holds no file"


def test_the_manifest_lists_every_file_with_a_matching_checksum(built):
    _school, archive, content = built
    package = _zip(content)
    rows = _manifest(package)
    files = {n for n in package.namelist() if not n.endswith("/") and "/manifest." not in n}
    notes = {n for n in files if n.endswith("/说明.txt")}  # in a folder with nothing this year
    assert {row[0] for row in rows} == files - notes
    assert len(rows) == archive.file_count
    for path, _category, retention, _material, _part, size, digest in rows:
        data = package.read(path)
        assert hashlib.sha256(data).hexdigest() == digest, path
        assert len(data) == int(size)
        assert retention in {"永久", "30年", "10年", "工会自存"}
    # The kind of material and the part are named in Chinese, not by their codes.
    for _path, _category, _retention, material, part, *_rest in rows:
        assert not re.search(r"[A-Za-z_]", material + part), (material, part)
    retention_of = {(row[4], row[3]): row[2] for row in rows}
    assert retention_of[("工会经费", "会计账簿")] == "30年"
    assert retention_of[("会员", "会员名册和会议记录")] == "工会自存"
    assert retention_of[("工会经费", "年度财务会计报告")] == "永久"


def test_every_ledger_entry_dues_payment_and_receipt_is_in_it(built):
    school, _archive, content = built
    package = _zip(content)
    ledger = _column(_sheets(package, _zh("Funds ledger")), _zh("Entry"))
    entries = set(
        LedgerEntry.objects.filter(org=school, date__range=PERIOD.as_range()).values_list(
            "pk", flat=True
        )
    )
    assert entries and entries <= ledger
    paid = _column(_sheets(package, "/经费/"), _zh("Record no."))
    payments = set(
        DuesPayment.objects.filter(
            org=school, collection__date__range=PERIOD.as_range()
        ).values_list("pk", flat=True)
    )
    assert payments and payments <= paid
    receipts = [n for n in package.namelist() if n.endswith("发票.pdf")]
    assert len(receipts) == 1 and package.read(receipts[0]) == PDF


def test_every_care_visit_and_person_reached_is_in_it(built):
    school, _archive, content = built
    sheets = _sheets(_zip(content), "/维权帮扶/")
    visits = set(
        CareVisit.objects.filter(org=school, date__range=PERIOD.as_range()).values_list(
            "pk", flat=True
        )
    )
    assert visits and visits <= _column(sheets, _zh("Record no."))
    reached = {
        (row[5], row[2])
        for rows in sheets.values()
        if rows and _zh("Visit no.") in rows[0]
        for row in rows[1:]
    }
    people = set(
        CareRecipient.objects.filter(org=school, visit__date__range=PERIOD.as_range()).values_list(
            "visit_id", "member__name"
        )
    )
    assert people and people <= reached


def test_every_proposal_has_its_row_and_its_form(built):
    school, _archive, content = built
    package = _zip(content)
    proposals = list(proposals_of_year(school, PERIOD))
    assert proposals
    rows = _column(_sheets(package, "/民主管理/"), _zh("Record no."))
    assert {p.pk for p in proposals} <= rows
    poll_reports = f"/{_zh('Poll reports')}/"
    forms = [
        n
        for n in package.namelist()
        if n.endswith(".docx") and "/民主管理/" in n and poll_reports not in n
    ]
    assert len(forms) == len(proposals)
    suggestions = set(
        Suggestion.objects.filter(org=school, submitted_on__range=PERIOD.as_range()).values_list(
            "pk", flat=True
        )
    )
    assert suggestions and suggestions <= rows


def test_every_member_of_the_year_and_mentoring_log_is_in_it(built):
    school, _archive, content = built
    package = _zip(content)
    sheets = _sheets(package, "/组织建设/")
    listed = {(row[0], row[3]) for rows in sheets.values() for row in rows[1:] if len(row) > 3}
    members = list(members_of_year(school, PERIOD))
    assert members and {(m.name, m.id_number_masked) for m in members} <= listed
    # The year's logs, not those of the pair that goes on in the school year under way.
    logs = Log.objects.filter(org=school)
    of_year = set(logs.filter(date__range=PERIOD.as_range()).values_list("pk", flat=True))
    later = set(logs.filter(date__gt=PERIOD.end).values_list("pk", flat=True))
    log_sheets = {k: rows for k, rows in sheets.items() if k.endswith(f":{_zh('Logs')}")}
    logged = _column(log_sheets, _zh("Record no."))
    assert len(log_sheets) == 1 and of_year and later and of_year <= logged
    assert not later & logged
    documents = [n for n in package.namelist() if n.endswith(".docx") and "/组织建设/" in n]
    assert any("工作总结" in n for n in documents)
    assert sum("师徒" in n for n in documents) == 3  # the three contracts


def test_every_attendance_of_the_year_is_in_it_with_the_women_staffs_apart(built):
    school, _archive, content = built
    package = _zip(content)
    culture = _sheets(package, "/文体活动/")
    women = _sheets(package, "/女职工/")
    attendances = Attendance.objects.filter(
        org=school, activity__starts_on__range=PERIOD.as_range()
    )
    for_women = set(attendances.filter(activity__kind__for_women=True).values_list("pk", flat=True))
    others = set(attendances.filter(activity__kind__for_women=False).values_list("pk", flat=True))
    assert for_women and others
    assert for_women <= _column(women, _zh("Record no."))
    assert others <= _column(culture, _zh("Record no."))
    assert not for_women & _column(culture, _zh("Record no."))
    clubs = _column(culture, _zh("Club"))
    assert clubs


def test_every_honour_of_the_year_and_its_evidence_is_in_it(built):
    school, _archive, content = built
    package = _zip(content)
    honours = list(honours_of_year(school, PERIOD))
    assert honours
    rows = _column(_sheets(package, "/表彰荣誉/"), _zh("Record no."))
    assert {h.pk for h in honours} <= rows
    certificates = [n for n in package.namelist() if n.endswith(".pdf") and "/表彰荣誉/" in n]
    with_evidence = [h for h in honours if h.evidence]
    assert len(with_evidence) == len(certificates) == 1
    assert f"-{with_evidence[0].pk}-" in certificates[0] and package.read(certificates[0]) == PDF


def test_every_competition_entry_and_prize_of_the_year_is_in_it(built):
    school, _archive, content = built
    sheets = _sheets(_zip(content), "/表彰荣誉/竞赛评比")
    competitions = list(competitions_of_year(school, PERIOD))
    assert competitions and {c.pk for c in competitions} <= _column(sheets, _zh("Record no."))
    entries = set(Entry.objects.filter(competition__in=competitions).values_list("pk", flat=True))
    assert entries and entries <= _column(sheets, _zh("Record no."))
    awarded = _column(sheets, _zh("Entry no."))
    assert awarded and awarded <= entries


def test_every_closed_poll_is_in_it_with_counts_and_never_a_ballot(built):
    school, _archive, content = built
    package = _zip(content)
    polls = list(polls_of_year(school, PERIOD))
    elections = [p for p in polls if p.kind == Kind.ELECTION]
    assert polls and elections
    rows = _column(_sheets(package, "/组织建设/"), _zh("Record no.")) | _column(
        _sheets(package, "/民主管理/"), _zh("Record no.")
    )
    assert {p.pk for p in polls} <= rows
    reports = [n for n in package.namelist() if n.endswith(".docx") and "选举结果" in n]
    for poll in elections:
        assert any(f"-{poll.pk}-" in n for n in reports), poll
    voted = _column(_sheets(package, "/民主管理/"), _zh("Voted"))
    assert voted and all(v is None or isinstance(v, int) for v in voted)
    for path in package.namelist():
        assert "ballot" not in path.lower() and "选票" not in path


def test_every_evaluation_survey_and_vote_has_its_own_report_in_it(built):
    """民主测评 and satisfaction reports are kept with the year, each poll its own report; an
    invalid poll decided nothing and has none."""
    school, _archive, content = built
    package = _zip(content)
    others = [p for p in polls_of_year(school, PERIOD) if p.kind != Kind.ELECTION]
    assert Kind.EVALUATION in {p.kind for p in others}
    reports = [n for n in package.namelist() if "/民主管理/" in n and n.endswith(".docx")]
    for poll in others:
        filed = [n for n in reports if f"-{poll.pk}-" in n]
        assert len(filed) == (0 if poll.void_reason else 1), poll
        if poll.kind == Kind.EVALUATION and filed:
            text = _docx_text(package.read(filed[0]))
            subjects = set(poll.questions.exclude(subject="").values_list("subject", flat=True))
            assert subjects and all(subject in text for subject in subjects)


def test_every_plan_task_of_the_year_is_in_it(built):
    school, _archive, content = built
    package = _zip(content)
    plans = list(plans_of_year(school, PERIOD))
    assert plans
    tasks = set(Task.objects.filter(plan__in=plans).values_list("pk", flat=True))
    assert tasks and tasks <= _column(_sheets(package, "/组织建设/"), _zh("Record no."))
    for plan in plans:
        assert any(n.endswith(f"/{plan.school_year_label}.docx") for n in package.namelist())


def test_the_progress_page_refreshes_until_ready_and_then_downloads(client, school):
    chair = chair_of(school)
    client.force_login(chair)
    queued = Archive.objects.create(
        org=school, year=2024, state=Archive.State.RUNNING, progress=40, requested_by=chair
    )
    page = client.get(reverse("archive:detail", kwargs={"org": school.code, "pk": queued.pk}))
    assert page["Refresh"] == "2" and 'aria-valuenow="40"' in page.content.decode()
    response = client.post(reverse("archive:home", kwargs={"org": school.code}), {"year": 2024})
    assert response.status_code == 200  # one build at a time for a school year
    assert Archive.objects.filter(org=school).count() == 1
    queued.state = Archive.State.FAILED
    queued.save()
    response = client.post(reverse("archive:home", kwargs={"org": school.code}), {"year": 2024})
    archive = Archive.objects.filter(org=school).first()
    assert response.status_code == 302 and archive.state == Archive.State.DONE
    page = client.get(response["Location"])
    assert "Refresh" not in page
    download = client.get(
        reverse("archive:download", kwargs={"org": school.code, "pk": archive.pk})
    )
    content = b"".join(download.streaming_content)
    assert hashlib.sha256(content).hexdigest() == archive.sha256


def test_a_member_may_not_build_the_archive(client, school):
    client.force_login(member_of(school))
    assert client.get(reverse("archive:home", kwargs={"org": school.code})).status_code == 403


def test_dates_are_in_the_school_year():
    assert PERIOD.start == dt.date(YEAR, 9, 1)
