"""Import of a 1,000-row paper care ledger, through the staged import as a user clicks through it.

Times the path a real upload takes: the upload is read and checked row by row (the register and
the care rules, each row counting the rows before it) and kept; the preview reads the kept file
and checks it again; the confirmation checks it once more, in the transaction that records every
row as a visit with its recipients, audit rows and ledger entries. The school has 300
members, the example care rules and the default dues policy (warn). Target: under 10 s.
"""

import datetime as dt
import time

ROWS = 1_000
MEMBERS = 300
GROUP_ROWS_PER_YEAR = 2


def _workbook(names: list[str], rows: int) -> bytes:
    """Four past years of a ledger: each member once a year in a row of their own (so the rules'
    once-a-year kinds hold), and the festival gifts to all staff, two a year."""
    from unionhall.care.importer import COLUMNS
    from unionhall.core.excel import workbook_bytes
    from unionhall.core.importing import header_label

    today = dt.date.today()
    header = [header_label(column) for column in COLUMNS]
    kinds = [
        ("生日", "", "200", "蛋糕券", ""),
        ("疾病或住院", "", "500", "现金", "住院"),
        ("节日", "春节", "300", "大米、食用油", ""),
        ("困难帮扶", "", "1000", "现金", ""),
        ("其他", "", "200", "水果", ""),
        ("结婚", "", "600", "现金", ""),
        ("节日", "重阳节", "300", "现金", ""),  # paid by the school: cash is not refused
    ]

    def body():
        singles = rows - 4 * GROUP_ROWS_PER_YEAR
        for n in range(singles):
            year = today.year - 1 - n // len(names)
            kind, festival, amount, given, illness = kinds[n % len(kinds)]
            payer = "学校行政经费" if festival == "重阳节" else ""
            day = dt.date(year, 1 + n % 12, 1 + n % 28)
            illness = f"{illness}{n}" if illness else ""
            yield (day, kind, festival, names[n % len(names)], amount, given, payer, illness, "")
        for back in range(1, 5):
            year = today.year - back
            yield (
                dt.date(year, 9, 10),
                "节日",
                "教师节",
                "全体在职教职工",
                "300",
                "鲜花",
                "",
                "",
                "",
            )
            yield (
                dt.date(year, 9, 20),
                "节日",
                "中秋节",
                "全体在职教职工",
                "300",
                "月饼",
                "",
                "",
                "",
            )

    return workbook_bytes([("慰问登记", header, body())])


def run() -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.utils import translation
    from faker import Faker

    from unionhall.care.importer import CareLedgerParser
    from unionhall.care.models import CareImport, CareRecipient, CareVisit
    from unionhall.care.services import care_import, care_rules_load_example
    from unionhall.core.excel import XLSX_MIME, open_rows
    from unionhall.core.importing import staged_rows
    from unionhall.members.models import Member
    from unionhall.orgs.models import Department, Organisation, User

    district = Organisation.objects.create(
        code="bench-district", name="基准区教育工会", kind="district"
    )
    school = Organisation.objects.create(
        code="bench-school", name="基准小学工会", kind="school", parent=district
    )
    department = Department.objects.create(org=school, name="语文组")
    actor = User.objects.create(username="bench-welfare", display_name="基准")
    care_rules_load_example(org=school)
    fake = Faker("zh_CN")
    fake.seed_instance(1_000)
    names: list[str] = []
    while len(names) < MEMBERS:
        name = fake.name()
        if name not in names:
            names.append(name)
    Member.objects.bulk_create(
        Member(
            org=school,
            name=name,
            gender="F" if n % 3 else "M",
            id_number=f"{n:018d}",
            department=department,
            joined_on=dt.date(2000, 9, 1),
        )
        for n, name in enumerate(names)
    )
    content = _workbook(names, ROWS)

    with translation.override("zh-hans"):
        started, cpu_started = time.perf_counter(), time.process_time()
        # Upload: read and check the file, keep it.
        upload = SimpleUploadedFile("慰问登记-1000.xlsx", content, content_type=XLSX_MIME)
        rows = open_rows(upload, max_bytes=settings.UNIONHALL_IMPORT_MAX_BYTES)
        result = CareLedgerParser(org=school).parse(rows)
        if not result.ok:
            raise SystemExit(
                f"the benchmark file has errors: {[str(e) for e in result.errors[:5]]}"
            )
        upload.seek(0)
        batch = CareImport.objects.create(
            org=school, uploaded_by=actor, filename=upload.name, file=upload, row_count=ROWS
        )
        uploaded = time.perf_counter()
        # Preview: the kept file read and checked again.
        preview = CareLedgerParser(org=school).parse(staged_rows(batch))
        assert preview.ok
        previewed = time.perf_counter()
        # Confirm: checked once more, in the transaction that records every row.
        with transaction.atomic():
            care_import(org=school, actor=actor, batch=batch)
        finished, cpu = time.perf_counter(), time.process_time() - cpu_started

    visits = CareVisit.objects.filter(org=school).count()
    if visits != ROWS:
        raise SystemExit(f"expected {ROWS} visits saved, found {visits}")
    seconds = finished - started
    print(f"care_import_rows={ROWS}")
    print(f"care_import_person_visits={CareRecipient.objects.filter(org=school).count()}")
    print(f"care_import_1000_s={seconds:.2f}")
    # CPU time of this process: steadier than wall time when the machine is shared.
    print(f"care_import_cpu_seconds={cpu:.2f}")
    print(f"care_import_upload_seconds={uploaded - started:.2f}")
    print(f"care_import_preview_seconds={previewed - uploaded:.2f}")
    print(f"care_import_confirm_seconds={finished - previewed:.2f}")
