"""The member register list page with 12,000 members in the district (100 schools × 120).

A union chair of one school asks for the list 200 times: plain, searched by pinyin initials,
filtered by department or status, sorted, page 2, and as an htmx fragment. Prints the server time
per request (p50, p95, max, and p95 of CPU time) and the number of SQL queries a page takes.
Target: p95 under 100 ms.
"""

import random
import statistics
import time

SCHOOLS = 100
MEMBERS_PER_SCHOOL = 120
REQUESTS = 200
WARM_UP = 10


def _requests(*, base: str, departments: list[int], initials: list[str], rng: random.Random):
    """(path, headers) pairs in a fixed mix of what people do on the page."""
    kinds = [
        lambda: (base, {}),
        lambda: (f"{base}?q={rng.choice(initials)}", {}),
        lambda: (f"{base}?q={rng.choice(initials)[:1]}", {"HX-Request": "true"}),
        lambda: (f"{base}?department={rng.choice(departments)}", {}),
        lambda: (f"{base}?department={rng.choice(departments)}&sort=-joined", {}),
        lambda: (f"{base}?status=retired&sort=birth", {}),
        lambda: (f"{base}?sort=department", {}),
        lambda: (f"{base}?page=2", {}),
        lambda: (f"{base}?gender=F&hardship=any", {}),
        lambda: (f"{base}?sort=-name&page=2", {"HX-Request": "true"}),
    ]
    return [kinds[n % len(kinds)]() for n in range(REQUESTS)]


def run() -> None:
    from django.db import connection
    from django.test import Client

    from unionhall.demo import register
    from unionhall.members.models import Member
    from unionhall.orgs.models import Department, User

    started = time.perf_counter()
    result = register.seed_district(schools=SCHOOLS, members_per_school=MEMBERS_PER_SCHOOL)
    print(f"seed_members={result.members}")
    print(f"seed_seconds={time.perf_counter() - started:.1f}")

    school = result.schools[0]
    client = Client()
    client.force_login(User.objects.get(username="chair"))
    base = f"/o/{school.code}/members/"
    departments = list(Department.objects.filter(org=school).values_list("pk", flat=True))
    initials = sorted(
        {i[:2] for i in Member.objects.filter(org=school).values_list("name_initials", flat=True)}
    )
    plan = _requests(base=base, departments=departments, initials=initials, rng=random.Random(2024))

    for path, headers in plan[:WARM_UP]:
        client.get(path, headers=headers)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(base)
    times_ms, cpu_ms = [], []
    for path, headers in plan:
        began, cpu_began = time.perf_counter(), time.process_time()
        response = client.get(path, headers=headers)
        times_ms.append((time.perf_counter() - began) * 1000)
        cpu_ms.append((time.process_time() - cpu_began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")

    print(f"list_requests={len(times_ms)}")
    print(f"list_queries={queries}")
    print(f"list_p50_ms={statistics.median(times_ms):.1f}")
    print(f"list_p95_ms={statistics.quantiles(times_ms, n=100)[94]:.1f}")
    print(f"list_max_ms={max(times_ms):.1f}")
    # This process's CPU time per request (the database server's is not in it): steadier than
    # wall time on a shared machine.
    print(f"list_cpu_p95_ms={statistics.quantiles(cpu_ms, n=100)[94]:.1f}")
