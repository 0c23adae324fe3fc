"""The year-end summary .docx for one school year, through the download view, as a chair.

A school of 150 members with a year of ledger entries (if the funds app is there). Prints
`summary_docx_s`, the median of five downloads in a running server process (target: under 2 s),
`summary_docx_first_s`, the first download in a fresh process (loads the CJK font once), and
`summary_docx_matplotlib_import_s`, importing matplotlib, paid once per process.

Run with `make bench` (python -m bench summary_docx), or standalone:
`.venv/bin/python bench/summary_docx.py` (makes its own throwaway SQLite database).
"""

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

MEMBERS = 150
LEDGER_ENTRIES = 600


def _seed():
    from django.apps import apps

    from unionhall.members.models import Member
    from unionhall.orgs.models import Department, Organisation, RoleAssignment, User

    rng = random.Random(2025)
    district = Organisation.objects.create(
        code="bench-district", name="示范区教育工会", kind="district"
    )
    school = Organisation.objects.create(
        code="bench-school", name="示范区实验小学工会", kind="school", parent=district
    )
    chair = User.objects.create_user(username="bench-chair", password="bench-pass-123")
    RoleAssignment.objects.create(user=chair, org=school, role="chair")
    departments = [
        Department.objects.create(org=school, name=name)
        for name in ("语文组", "数学组", "英语组", "综合组", "行政后勤")
    ]
    members = []
    for n in range(MEMBERS):
        joined = dt.date(rng.randint(1995, 2026), 9, 1)
        retired = dt.date(2026, rng.randint(1, 8), 1) if n % 30 == 0 else None
        members.append(
            Member(
                org=school,
                name=f"教师{n:03d}",
                name_pinyin=f"jiaoshi{n:03d}",
                gender="F" if n % 3 else "M",
                id_number=f"31010519800101{n:04d}",
                department=departments[n % len(departments)],
                joined_on=joined if joined <= dt.date(2026, 8, 31) else None,
                status="retired" if retired else "active",
                retired_on=retired,
            )
        )
    Member.objects.bulk_create(members)
    if apps.is_installed("unionhall.funds"):
        from unionhall.funds.models import Category, LedgerEntry

        categories = [c for c in Category if c.value.startswith("expense_")]
        entries = []
        for n in range(LEDGER_ENTRIES):
            day = dt.date(2025, 9, 1) + dt.timedelta(days=rng.randint(0, 364))
            if n % 4 == 0:
                category, amount = Category.DUES, Decimal(rng.randint(100, 900))
            else:
                category = rng.choice(categories)
                amount = -Decimal(rng.randint(50, 3000)) - Decimal("0.50")
            entries.append(
                LedgerEntry(
                    org=school,
                    date=day,
                    category=category,
                    amount=amount,
                    memo="台帐",
                    posted_by=chair,
                )
            )
        LedgerEntry.objects.bulk_create(entries)
    return school, chair


def run() -> None:
    from django.test import Client

    from unionhall.core import summary

    school, chair = _seed()
    client = Client()
    client.force_login(chair)
    url = f"/o/{school.code}/reports/summary.docx"

    def download() -> float:
        started = time.perf_counter()
        response = client.get(url, {"period": "2025-2026"})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed

    started = time.perf_counter()
    import unionhall.reports.charts  # noqa: F401  (matplotlib and its font list, once a process)

    imported = time.perf_counter() - started
    first = download()
    warm = statistics.median(download() for _ in range(5))
    print(f"summary_docx_sections={len(summary.all_sections())}")
    print(f"summary_docx_s={warm:.3f}")
    print(f"summary_docx_first_s={first:.3f}")
    print(f"summary_docx_matplotlib_import_s={imported:.3f}")


def _standalone() -> None:
    project = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(project))
    workdir = tempfile.mkdtemp(prefix="unionhall-bench-summary-")
    os.environ["UNIONHALL_DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["UNIONHALL_MEDIA_ROOT"] = f"{workdir}/media"
    os.environ["UNIONHALL_VAR_DIR"] = workdir
    os.environ["UNIONHALL_DEBUG"] = "0"
    os.environ["UNIONHALL_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhall.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    run()


if __name__ == "__main__":
    _standalone()
