"""Disclosure page speed on a big ledger: 1,000,000 entries across 100 schools and 10 years.

Prints `disclosure_p95_ms` (target: under 150 ms), the 95th percentile over ~200 requests for a
year, a semester or a month of a random school, through Django's test client.

    python -m bench               # with the other benchmarks (a temporary, migrated database)
    python -m bench.disclosure    # alone: makes its own temporary SQLite database
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal

SCHOOLS = int(os.environ.get("BENCH_DISCLOSURE_SCHOOLS", "100"))
YEARS = int(os.environ.get("BENCH_DISCLOSURE_YEARS", "10"))
ENTRIES = int(os.environ.get("BENCH_DISCLOSURE_ENTRIES", "1000000"))
REQUESTS = int(os.environ.get("BENCH_DISCLOSURE_REQUESTS", "200"))
FIRST_YEAR = 2016
BATCH = 50_000

# Spending is more frequent than income: category and its weight in the random ledger.
WEIGHTS = {
    "income_dues": 6,
    "income_allocation": 4,
    "income_other": 2,
    "expense_activities": 40,
    "expense_rights": 12,
    "expense_operations": 25,
    "expense_capital": 3,
    "expense_grants": 1,
    "expense_other": 7,
}


def _setup_orgs():
    from unionhall.orgs.models import Organisation, RoleAssignment, User

    district, _ = Organisation.objects.get_or_create(
        code="bench-district", defaults={"name": "基准测试区教育工会", "kind": "district"}
    )
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"bench-{n:03d}", name=f"基准第{n}学校工会", kind="school", parent=district
            )
            for n in range(SCHOOLS)
        ],
        ignore_conflicts=True,
    )
    schools = list(Organisation.objects.filter(code__startswith="bench-0").order_by("code"))
    user, _ = User.objects.get_or_create(username="bench-member", defaults={"display_name": "会员"})
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, org=school, role="member") for school in schools],
        ignore_conflicts=True,
    )
    return schools, user


def _insert_entries(schools, user) -> float:
    """Raw executemany in batches of 50,000 rows: fast, and memory stays flat."""
    from django.db import connection, transaction
    from django.utils import timezone

    from unionhall.funds.models import LedgerEntry

    if LedgerEntry.objects.filter(org__in=schools).exists():
        return 0.0
    ops = connection.ops
    table = connection.ops.quote_name(LedgerEntry._meta.db_table)
    columns = ["org_id", "date", "category", "amount", "memo", "posted_by_id", "posted_at"]
    columns += ["budget_flag", "budget_note"]
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    categories = list(WEIGHTS)
    weights = list(WEIGHTS.values())
    rng = random.Random(20250910)
    posted_at = ops.adapt_datetimefield_value(timezone.now())
    per_school_year = ENTRIES // (len(schools) * YEARS)
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    rows = []

    copy = f"COPY {table} ({', '.join(columns)}) FROM STDIN"

    def flush():
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: ten times faster than INSERTs
                with cursor.cursor.copy(copy) as stream:
                    for row in rows:
                        stream.write_row(row)
            else:
                cursor.executemany(sql, rows)
        rows.clear()

    for school in schools:
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            first = dt.date(year, 1, 1).toordinal()
            for category in rng.choices(categories, weights, k=per_school_year):
                cents = rng.randint(1000, 800_000)
                if category.startswith("expense_"):
                    cents = -cents // 4
                rows.append(
                    (
                        school.pk,
                        ops.adapt_datefield_value(dt.date.fromordinal(first + rng.randrange(365))),
                        category,
                        ops.adapt_decimalfield_value(Decimal(cents) / 100, 12, 2),
                        "bench",
                        user.pk,
                        posted_at,
                        "",
                        "",
                    )
                )
                if len(rows) >= BATCH:
                    flush()
    if rows:
        flush()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":  # and set the visibility map: index-only scans
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def _periods(rng):
    year = rng.randrange(FIRST_YEAR, FIRST_YEAR + YEARS)
    kind = rng.choice(["year", "year", "semester", "month"])
    params = {"kind": kind, "year": year}
    if kind == "month":
        params["month"] = rng.randint(1, 12)
    elif kind == "semester":
        params["year"] = min(year, FIRST_YEAR + YEARS - 2)
        params["half"] = rng.randint(1, 2)
    return params


def run() -> None:
    from django.db import connection
    from django.test import Client

    from unionhall.funds.models import LedgerEntry

    schools, user = _setup_orgs()
    insert_s = _insert_entries(schools, user)
    total = LedgerEntry.objects.count()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    rng = random.Random(7)
    for school in schools[:5]:  # warm the caches and the template loader
        client.get(f"/o/{school.code}/funds/disclosure/", _periods(rng))
    timings, cpu = [], []
    for _ in range(REQUESTS):
        school = rng.choice(schools)
        params = _periods(rng)
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/o/{school.code}/funds/disclosure/", params)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"disclosure answered {response.status_code} for {params}")
    p95 = statistics.quantiles(timings, n=100)[94]
    print(f"disclosure_entries={total}")
    print(f"disclosure_db={connection.vendor}")
    if insert_s:
        print(f"disclosure_insert_s={insert_s:.1f}")
    print(f"disclosure_median_ms={statistics.median(timings):.1f}")
    print(f"disclosure_p95_ms={p95:.1f}")
    # This process's CPU time (with SQLite, the database's work too): what the figure would be
    # on a machine nobody else is using.
    print(f"disclosure_cpu_p95_ms={statistics.quantiles(cpu, n=100)[94]:.1f}")


def _standalone() -> None:
    """Set up Django on a temporary SQLite database (unless one is given) and migrate it."""
    import shutil
    import tempfile

    workdir = tempfile.mkdtemp(prefix="unionhall-bench-")
    os.environ.setdefault("UNIONHALL_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("UNIONHALL_VAR_DIR", workdir)
    os.environ.setdefault("UNIONHALL_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhall.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django
    from django.core.management import call_command

    django.setup()
    try:
        call_command("migrate", verbosity=0)
        run()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    _standalone()
