"""What a page costs per request, as a multiple of a bare Django view, served as deployed.

The demo school (`seed_demo`: 120 members and a year of care, funds, congress and suggestions)
is served by gunicorn with 2 workers (bench/_http.py), beside the floor view (a bare Django view
through the same middleware). The chair asks, one request at a time, for each page in turn, in
rounds that alternate with the floor, so a busy moment on the machine touches both alike.

Prints, for home, the member list, the care list, the disclosure, the proposals and the summary
page, `page_ratio_<name>` = the page's median time ÷ the floor's median time in the same rounds,
and `page_ratio_max`; the floor's own `page_floor_p50_ms` and each page's `page_<name>_p50_ms`;
`care_visit_list_p95_ms`, the care list's 95th percentile; and the requests per second of the
floor, home and the member list with 16 connections at once (`page_<name>_per_s_16_connections`).
Targets: no page above 5×; home and the lists 3× or less; the care list's p95 under 100 ms.
"""

import statistics

ROUNDS = 6
PER_ROUND = 25  # requests per page per round
FLOOR_PER_ROUND = 40
WARM_UP = 5
# Throughput: this many requests over this many connections at once, after the rounds.
THROUGHPUT_REQUESTS = 400
THROUGHPUT_CONNECTIONS = 16


def _pages(code: str, year: int) -> dict[str, str]:
    return {
        "home": f"/o/{code}/",
        "members": f"/o/{code}/members/",
        "care": f"/o/{code}/care/?year={year}",
        "disclosure": f"/o/{code}/funds/disclosure/",
        "proposals": f"/o/{code}/congress/proposals/",
        "summary": f"/o/{code}/reports/summary/",
    }


def run() -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from bench import _http
    from unionhall.orgs.models import Organisation, RoleAssignment

    call_command("seed_demo", verbosity=0)
    school = Organisation.objects.filter(kind="school").order_by("pk").first()
    chair = RoleAssignment.objects.filter(org=school, role="chair").first().user
    cookie = _http.session_cookie(chair)
    pages = _pages(school.code, timezone.localdate().year - 1)

    floor_ms: list[list[float]] = []
    page_ms: dict[str, list[list[float]]] = {name: [] for name in pages}
    with _http.served(workers=2) as base:

        def timed(path: str, count: int, with_cookie: bool = True) -> list[float]:
            request = _http.Request(path, cookie=cookie if with_cookie else "")
            result = _http.load(base, [request] * count, concurrency=1)
            if result.errors:
                raise SystemExit(f"{path}: {result.failures}")
            return result.latencies_ms

        for path in [_http.FLOOR, *pages.values()]:
            timed(path, WARM_UP * 2)  # each worker imports and compiles what the page needs
        for _ in range(ROUNDS):
            floor_ms.append(timed(_http.FLOOR, FLOOR_PER_ROUND))
            for name, path in pages.items():
                page_ms[name].append(timed(path, PER_ROUND))

        throughput = {}
        for name, path in [
            ("floor", _http.FLOOR),
            ("home", pages["home"]),
            ("members", pages["members"]),
        ]:
            request = _http.Request(path, cookie=cookie)
            result = _http.load(
                base, [request] * THROUGHPUT_REQUESTS, concurrency=THROUGHPUT_CONNECTIONS
            )
            if result.errors:
                raise SystemExit(f"{path}: {result.failures}")
            throughput[name] = result.per_s

    ratios = {}
    for name, rounds in page_ms.items():
        per_round = [
            statistics.median(ms) / statistics.median(floor)
            for ms, floor in zip(rounds, floor_ms, strict=True)
        ]
        ratios[name] = statistics.median(per_round)
        print(f"page_{name}_p50_ms={statistics.median([m for r in rounds for m in r]):.1f}")
    print(f"page_floor_p50_ms={statistics.median([m for r in floor_ms for m in r]):.2f}")
    for name, ratio in ratios.items():
        print(f"page_ratio_{name}={ratio:.1f}")
    print(f"page_ratio_max={max(ratios.values()):.1f}")
    # The load generator shares the machine's cores with the workers: the floor's figure is as
    # much the generator's limit as the server's.
    for name, per_s in throughput.items():
        print(f"page_{name}_per_s_{THROUGHPUT_CONNECTIONS}_connections={per_s:.0f}")
    care = [m for r in page_ms["care"] for m in r]
    print(f"care_visit_list_p95_ms={statistics.quantiles(care, n=20)[-1]:.1f}")
