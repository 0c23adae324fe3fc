"""Care for one demo school: how long a year of demo care takes to seed, and the reminders
digest (dashboard and cron) for a school of 120 members with a year of visits.

Prints: care_seed_year_s, care_digest_p95_ms, care_visit_list_p95_ms.
"""

import datetime as dt
import statistics
import time


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def run() -> None:
    from django.test import Client
    from django.utils import timezone

    from unionhall.care.reminders import digest
    from unionhall.demo.care import seed_care_demo
    from unionhall.orgs.models import Organisation, RoleAssignment

    district = Organisation.objects.create(code="bench-care-d", name="基准区", kind="district")
    school = Organisation.objects.create(
        code="bench-care", name="基准小学工会", kind="school", parent=district
    )
    year = timezone.localdate().year - 1
    started = time.perf_counter()
    seed_care_demo(school, year, min_members=120)
    print(f"care_seed_year_s={time.perf_counter() - started:.2f}")

    today = dt.date(year, 9, 1)
    samples = []
    for _ in range(40):
        started = time.perf_counter()
        digest(org=school, today=today, days=30)
        samples.append((time.perf_counter() - started) * 1000)
    print(f"care_digest_p95_ms={_p95(samples):.1f}")

    chair = RoleAssignment.objects.get(org=school, role="chair").user
    client = Client()
    client.force_login(chair)
    samples = []
    for _ in range(40):
        started = time.perf_counter()
        response = client.get(f"/o/{school.code}/care/?year={year}")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(f"care_visit_list_p95_ms={_p95(samples):.1f}")
