"""Import of a 10,000-row member register file, end to end.

Times the path a real upload takes (read the .xlsx, check every row, save all rows with their join
events and audit rows) and reports the process's peak resident memory. Targets: under 10 s, peak
under 300 MB.
"""

import datetime as dt
import random
import resource
import time

ROWS = 10_000


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _workbook(departments: list[str], rows: int) -> bytes:
    """A valid register file: Chinese headers, date cells, ID numbers as text."""
    from django.utils import translation
    from faker import Faker

    from unionhall.core import idcard
    from unionhall.core.excel import workbook_bytes
    from unionhall.members.importer import COLUMNS, header_label
    from unionhall.members.models import Gender, Status

    fake = Faker("zh_CN")
    fake.seed_instance(10_000)
    rng = random.Random(10_000)
    with translation.override("zh-hans"):
        header = [header_label(column) for column in COLUMNS]
        genders = {g: str(g.label) for g in Gender}
        active, retired = str(Status.ACTIVE.label), str(Status.RETIRED.label)
    today = dt.date.today()
    seen: set[str] = set()

    def body():
        for n in range(rows):
            gender = rng.choice((Gender.FEMALE, Gender.FEMALE, Gender.MALE))
            age = rng.randint(23, 75)
            born = today - dt.timedelta(days=age * 365 + rng.randrange(365))
            while True:
                digit = rng.randrange(5) * 2 + (1 if gender == Gender.MALE else 0)
                number = idcard.make("310106", born, rng.randrange(100) * 10 + digit)
                if number not in seen:
                    seen.add(number)
                    break
            is_retired = age >= 60
            joined = dt.date(born.year + 22, 9, 1)
            yield (
                fake.name(),
                genders[gender],
                born,
                "是" if n % 9 == 0 else "否",
                number,
                fake.phone_number(),
                departments[n % len(departments)],
                "一级教师",
                retired if is_retired else active,
                joined,
                dt.date(born.year + 60, 1, 1) if is_retired else None,
                "",
                "",
            )

    return workbook_bytes([("会员", header, body())])


def run() -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from unionhall.core.excel import XLSX_MIME, open_rows
    from unionhall.demo.register import PRIMARY
    from unionhall.members.importer import RegisterParser
    from unionhall.members.models import Member, MemberImport
    from unionhall.members.services import members_import
    from unionhall.orgs.models import Department, Organisation, User

    district = Organisation.objects.create(
        code="bench-district", name="基准区教育工会", kind="district"
    )
    school = Organisation.objects.create(
        code="bench-school", name="基准小学工会", kind="school", parent=district
    )
    Department.objects.bulk_create(Department(org=school, name=spec.name) for spec in PRIMARY)
    actor = User.objects.create(username="bench-organiser", display_name="基准")
    content = _workbook([spec.name for spec in PRIMARY], ROWS)
    rss_before = _peak_rss_mb()

    upload = SimpleUploadedFile("register-10000.xlsx", content, content_type=XLSX_MIME)
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = open_rows(upload, max_bytes=settings.UNIONHALL_IMPORT_MAX_BYTES)
    read = time.perf_counter()
    result = RegisterParser(org=school).parse(rows)
    parsed = time.perf_counter()
    if not result.ok:
        raise SystemExit(f"the benchmark file has errors: {[str(e) for e in result.errors[:5]]}")
    upload.seek(0)
    with transaction.atomic():
        batch = MemberImport.objects.create(
            org=school, uploaded_by=actor, filename=upload.name, file=upload, row_count=ROWS
        )
        members_import(org=school, actor=actor, batch=batch, rows=result.rows)
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started

    saved = Member.objects.filter(org=school).count()
    if saved != ROWS:
        raise SystemExit(f"expected {ROWS} members saved, found {saved}")
    seconds = finished - started
    print(f"import_rows={ROWS}")
    print(f"import_file_kb={len(content) / 1024:.0f}")
    print(f"import_seconds={seconds:.2f}")
    print(f"import_rows_per_s={ROWS / seconds:.0f}")
    # CPU time of this process: steadier than wall time when the machine is shared.
    print(f"import_cpu_seconds={cpu:.2f}")
    print(f"import_read_seconds={read - started:.2f}")
    print(f"import_parse_seconds={parsed - read:.2f}")
    print(f"import_save_seconds={finished - parsed:.2f}")
    print(f"import_rss_before_mb={rss_before:.0f}")
    print(f"import_peak_rss_mb={_peak_rss_mb():.0f}")
