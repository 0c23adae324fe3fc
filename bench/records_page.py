"""The records page behind one figure with 10,000 records behind it, over HTTP.

A school of 10,000 members (the figure: members at the end of the period, 人): its chair opens
the list of the records behind the figure 200 times, first page and pages further in, over HTTP
against the app served by gunicorn when it is installed, else by a threaded WSGI server in this
process (the output says which). Beside it, a bare Django view (the same middleware, no work)
is asked as often, so the ratio says what the page costs whatever the machine.

Prints `records_page_p95_ms` (target: under 100 ms), its p50, the bare view's p95, the ratio,
and the number of SQL queries one page takes.
"""

import http.client
import importlib.util
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time

RECORDS = 10_000
REQUESTS = 200
WARM_UP = 10
# (path, CPU ms) of each request the in-process server answered.
SERVER_CPU_MS: list[tuple[str, float]] = []


def _seed():
    from unionhall.members.models import Member
    from unionhall.orgs.models import Department, Organisation, RoleAssignment, User

    district = Organisation.objects.create(
        code="bench-district", name="示范区教育工会", kind="district"
    )
    school = Organisation.objects.create(
        code="bench-school", name="示范区实验中学工会", kind="school", parent=district
    )
    chair = User.objects.create_user(username="bench-chair", password="bench-pass-123")
    RoleAssignment.objects.create(user=chair, org=school, role="chair")
    departments = [
        Department.objects.create(org=school, name=name) for name in ("语文组", "数学组", "综合组")
    ]
    Member.objects.bulk_create(
        Member(
            org=school,
            name=f"教师{n:05d}",
            name_pinyin=f"jiaoshi{n:05d}",
            gender="F" if n % 3 else "M",
            id_number=f"3101051980{n:08d}",
            status="active",
            department=departments[n % len(departments)],
        )
        for n in range(RECORDS)
    )
    return school, chair


def _session_cookie(chair) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(chair)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the server did not start")


def _serve_with_gunicorn(port: int):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
        "bench._records_wsgi:application",
    ]
    server = subprocess.Popen(command, env=dict(os.environ))
    _wait_for(port)
    return server.terminate


def _serve_in_threads(port: int):
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "bench._records_urls"
    clear_url_caches()

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    app = get_wsgi_application()

    def timed(environ, start_response):
        # The server thread's own CPU time per request: steadier than wall time on a busy machine.
        began = time.thread_time()
        response = app(environ, start_response)
        SERVER_CPU_MS.append((environ["PATH_INFO"], (time.thread_time() - began) * 1000))
        return response

    server = make_server("127.0.0.1", port, timed, server_class=Server, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _wait_for(port)
    return server.shutdown


def _timed(port: int, paths: list[str], cookie: str) -> list[float]:
    times = []
    for path in paths:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        began = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        times.append((time.perf_counter() - began) * 1000)
        connection.close()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}: {body[:200]!r}")
    return times


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[94]


def _queries_per_page(school, chair, path: str) -> int:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(chair)
    client.get(path)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    return queries


def run() -> None:
    school, chair = _seed()
    cookie = _session_cookie(chair)
    base = f"/o/{school.code}/reports/indicator/members.count/?period=2025-2026"
    rng = random.Random(2025)
    pages = RECORDS // 100
    paths = [
        base if n % 4 == 0 else f"{base}&page={rng.randint(2, pages)}" for n in range(REQUESTS)
    ]
    bare = ["/bench/bare/"] * REQUESTS

    port = _free_port()
    if importlib.util.find_spec("gunicorn") is not None:
        server = "gunicorn (2 workers)"
        stop = _serve_with_gunicorn(port)
    else:
        server = "threaded WSGI server in this process (gunicorn is not installed)"
        stop = _serve_in_threads(port)
    try:
        _timed(port, paths[:WARM_UP] + bare[:WARM_UP], cookie)
        SERVER_CPU_MS.clear()
        records_ms = _timed(port, paths, cookie)
        bare_ms = _timed(port, bare, cookie)
    finally:
        stop()

    print(f"records_page_server={server}")
    print(f"records_page_records={RECORDS}")
    print(f"records_page_queries={_queries_per_page(school, chair, base + '&page=50')}")
    print(f"records_page_p50_ms={statistics.median(records_ms):.1f}")
    print(f"records_page_p95_ms={_p95(records_ms):.1f}")
    print(f"records_page_bare_view_p95_ms={_p95(bare_ms):.1f}")
    print(f"records_page_ratio_to_bare_view={_p95(records_ms) / _p95(bare_ms):.1f}")
    if SERVER_CPU_MS:
        cpu = [ms for path, ms in SERVER_CPU_MS if not path.startswith("/bench/")]
        bare_cpu = [ms for path, ms in SERVER_CPU_MS if path.startswith("/bench/")]
        print(f"records_page_server_cpu_p95_ms={_p95(cpu):.1f}")
        print(f"records_page_bare_view_server_cpu_p95_ms={_p95(bare_cpu):.1f}")
