"""The district at scale: its summary .docx for 100 schools, and the comparison page for 1,000
schools and 10 indicators.

Builds the demo district with 1,000 schools (`seed_district`, as `manage.py seed_demo --schools
1000 --register-only` does) and a year of care visits in every school (bulk rows: volume for the
grouped queries, not demo content). Prints:
- `rollup_docx_100_s`: the district summary .docx over 100 of its schools (target < 10 s), and
  `rollup_docx_100_peak_rss_mb`, this process's peak memory after it;
- `district_compare_1000_p95_ms`: the comparison page, 1,000 schools × 10 indicators, served by
  gunicorn (bench/_http.py) one request at a time (target < 300 ms), with the bare Django floor
  beside it. The page reads the figures' snapshots, which `manage.py district_refresh` works out
  from cron (`district_refresh_1000_s`: every comparable indicator for 1,000 schools); and
  `district_compare_1000_inprocess_p95_ms` / `district_compare_1000_peak_rss_mb`
  measured in this process through the test client (the page's own work and memory).

Run with `python -m bench district`.
"""

import datetime as dt
import resource
import statistics
import time
from decimal import Decimal

SCHOOLS = 1000
MEMBERS_PER_SCHOOL = 60
VISITS_PER_SCHOOL = 6
REQUESTS = 60
NAMES = (
    "members.active",
    "members.women",
    "members.retirees",
    "members.joined",
    "care.person_visits",
    "care.visits",
    "care.amount",
    "dues.collected",
    "congress.proposals_received",
    "voice.received",
)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _care(schools, admin, year: int) -> None:
    from unionhall.care.models import CareRecipient, CareVisit
    from unionhall.members.models import Member

    first_members: dict[int, list[int]] = {}
    for org_id, pk in Member.objects.filter(org__in=schools).values_list("org_id", "pk"):
        bucket = first_members.setdefault(org_id, [])
        if len(bucket) < 3:
            bucket.append(pk)
    visits = CareVisit.objects.bulk_create(
        CareVisit(
            org=school,
            kind="other",
            date=dt.date(year, 1 + n, 10),
            amount=Decimal("200.00"),
            payer="union",
            recorded_by=admin,
        )
        for school in schools
        for n in range(VISITS_PER_SCHOOL)
    )
    CareRecipient.objects.bulk_create(
        CareRecipient(
            org_id=visit.org_id,
            visit=visit,
            member_id=member,
            amount=Decimal("200.00"),
            payer="union",
        )
        for visit in visits
        for member in first_members.get(visit.org_id, [])
    )


def run() -> None:
    from django.test import Client

    from bench import _http
    from unionhall.demo import register
    from unionhall.orgs.models import Organisation, RoleAssignment, User

    year = dt.date.today().year
    started = time.perf_counter()
    seeded = register.seed_district(schools=SCHOOLS, members_per_school=MEMBERS_PER_SCHOOL)
    district = seeded.district
    admin = User.objects.get(username="district")
    _care(seeded.schools, admin, year)
    print(f"district_seed_s={time.perf_counter() - started:.1f}")

    # The summary over 100 schools: a district of its own for the first 100.
    from unionhall.district.documents import rollup_docx

    hundred = Organisation.objects.create(code="bench-100", name="百校区教育工会", kind="district")
    first = [s.pk for s in seeded.schools[:100]]
    Organisation.objects.filter(pk__in=first).update(parent=hundred)
    started = time.perf_counter()
    content = rollup_docx(district=hundred, year=year, names=list(NAMES))
    print(f"rollup_docx_100_s={time.perf_counter() - started:.2f}")
    print(f"rollup_docx_100_bytes={len(content)}")
    print(f"rollup_docx_100_peak_rss_mb={_peak_rss_mb():.0f}")
    Organisation.objects.filter(pk__in=first).update(parent=district)

    path = f"/o/{district.code}/district/compare/?year={year}&sort=care.amount&" + "&".join(
        f"i={name}" for name in NAMES
    )
    assert Organisation.objects.filter(parent=district).count() == SCHOOLS
    assert RoleAssignment.objects.filter(user=admin, org=district).exists()

    # What cron's `manage.py district_refresh` does every few minutes: the snapshots the page reads.
    from unionhall.district import selectors, snapshots

    started = time.perf_counter()
    snapshots.snapshots_refresh(district=district, year=year, chosen=selectors.comparable())
    print(f"district_refresh_1000_s={time.perf_counter() - started:.2f}")
    print(f"district_refresh_indicators={len(selectors.comparable())}")

    client = Client()
    client.force_login(admin)
    timings = []
    for _ in range(20):
        began = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    timings = sorted(timings[2:])
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"district_compare_1000_inprocess_p50_ms={statistics.median(timings):.0f}")
    print(f"district_compare_1000_inprocess_p95_ms={p95:.0f}")
    print(f"district_compare_1000_peak_rss_mb={_peak_rss_mb():.0f}")

    with _http.served(workers=2) as base:
        cookie = _http.session_cookie(admin)
        _http.load(base, [_http.Request(path, cookie=cookie)] * 4, concurrency=1)  # warm up
        page = _http.load(base, [_http.Request(path, cookie=cookie)] * REQUESTS, concurrency=1)
        floor = _http.load(base, [_http.Request(_http.FLOOR)] * REQUESTS, concurrency=1)
    assert page.errors == 0, page.failures
    print(f"district_compare_1000_p50_ms={page.p50_ms:.0f}")
    print(f"district_compare_1000_p95_ms={page.p95_ms:.0f}")
    print(f"district_compare_floor_p95_ms={floor.p95_ms:.1f}")
