"""Serve the app as it is deployed (gunicorn) beside a bare Django floor, and load it over HTTP.

A benchmark that measures a request path (a page, a ballot, a check-in) uses this module, so that
every figure comes with the least Django can do on the same machine, in the same run:

    from bench import _http

    with _http.served(workers=2) as base:                  # "http://127.0.0.1:PORT"
        cookie = _http.session_cookie(user)                # a logged-in session, made in-process
        page = _http.load(base, [_http.Request("/o/x/members/", cookie=cookie)] * 500)
        floor = _http.load(base, [_http.Request(_http.FLOOR)] * 500)
        print(f"members_p50_ms={page.p50_ms:.1f} floor_p50_ms={floor.p50_ms:.1f}")

`served()` runs collectstatic and then gunicorn (`python -m gunicorn`, sync workers, as
`make serve` would) with this process's environment (bench/__main__.py gives each benchmark its
own database and media directory), on a free port, for unionhall's URLs plus the floor views:

    GET  /bench/floor/          a bare Django view answering "ok", through the same middleware
    POST /bench/floor/insert/   the same, inserting one uniquely keyed row (the ORM, in a
                                transaction, CSRF-checked like any form): the least a ballot or a
                                check-in can cost

`load()` sends the requests with `concurrency` connections at once (aiohttp; keep-alive) and
returns a `Result`: latencies, statuses, p50/p95, requests per second. A Request with
`csrf=True` carries a CSRF cookie and the matching form field, as a browser's form would; a
response whose status is not in `expect` counts as an error (its first bodies are kept in
`Result.failures` for the message). Requests may also be an async function of the aiohttp session,
for a flow (GET a form, then POST it): it returns the status of what it timed.

Warm the server up before timing (a first `load()` of a few requests whose result you drop): the
first requests of each worker import and compile what later ones reuse.
"""

import asyncio
import collections
import contextlib
import dataclasses
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
FLOOR = "/bench/floor/"
FLOOR_INSERT = "/bench/floor/insert/"
FLOOR_TABLE = "bench_floor_row"
# One token for every request: Django accepts a form token equal to the CSRF cookie.
CSRF_TOKEN = "benchcsrftoken0123456789abcdefgh"


@dataclasses.dataclass
class Request:
    path: str
    method: str = "GET"
    data: dict | None = None
    cookie: str = ""
    csrf: bool = False
    expect: tuple[int, ...] = (200,)


Flow = Callable[["object"], Awaitable[int]]  # async (aiohttp.ClientSession) -> status


@dataclasses.dataclass
class Result:
    latencies_ms: list[float]
    statuses: collections.Counter
    errors: int
    elapsed_s: float
    failures: list[str] = dataclasses.field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0]
        return statistics.quantiles(self.latencies_ms, n=100)[94]

    @property
    def per_s(self) -> float:
        return self.count / self.elapsed_s if self.elapsed_s else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode} before it answered")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("gunicorn did not start within 30 s")


def create_floor_table() -> None:
    """The floor's one table (created here, not by a migration: it is the benchmark's own)."""
    from django.db import connection

    from bench._http_urls import FloorRow

    if FLOOR_TABLE not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(FloorRow)


def floor_rows() -> int:
    from bench._http_urls import FloorRow

    return FloorRow.objects.count()


@contextlib.contextmanager
def served(*, workers: int = 2, threads: int = 1, extra_env: dict | None = None) -> Iterator[str]:
    """gunicorn serving unionhall plus the floor views; yields the base URL."""
    from django.core.management import call_command

    create_floor_table()
    call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
        "bench._http_wsgi:application",
    ]
    server = subprocess.Popen(command, env=env, cwd=PROJECT_DIR)
    try:
        _wait_for(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def session_cookie(user) -> str:
    """A Cookie header value for a logged-in session of `user` (made in this process)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def _send(session, base: str, request: Request) -> tuple[int, str]:
    headers = {}
    cookies = [request.cookie] if request.cookie else []
    data = dict(request.data or {})
    if request.csrf:
        cookies.append(f"csrftoken={CSRF_TOKEN}")
        data["csrfmiddlewaretoken"] = CSRF_TOKEN
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    async with session.request(
        request.method,
        base + request.path,
        data=data or None,
        headers=headers,
        allow_redirects=False,
    ) as response:
        body = await response.read()
        return response.status, body[:300].decode("utf-8", "replace")


async def _load(base: str, requests: list, concurrency: int) -> Result:
    import aiohttp

    queue: asyncio.Queue = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    latencies: list[float] = []
    statuses: collections.Counter = collections.Counter()
    failures: list[str] = []
    errors = 0

    async def worker(session) -> None:
        nonlocal errors
        while True:
            try:
                request = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            began = time.perf_counter()
            try:
                if isinstance(request, Request):
                    status, body = await _send(session, base, request)
                    ok = status in request.expect
                else:
                    status, body = await request(session), ""
                    ok = 200 <= status < 400
            except aiohttp.ClientError as error:
                status, body, ok = 0, repr(error), False
            latencies.append((time.perf_counter() - began) * 1000)
            statuses[status] += 1
            if not ok:
                errors += 1
                if len(failures) < 5:
                    failures.append(f"{status}: {body}")

    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        began = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return Result(latencies, statuses, errors, elapsed, failures)


def load(base: str, requests: Iterable[Request | Flow], *, concurrency: int = 16) -> Result:
    """Send `requests` with `concurrency` at once; returns their latencies and statuses."""
    return asyncio.run(_load(base, list(requests), concurrency))


def combined(results: Iterable[Result]) -> Result:
    """Several loads' results as one: their latencies and statuses together, their times added
    (so that `per_s` is the rate over the time they took)."""
    results = list(results)
    return Result(
        latencies_ms=[ms for result in results for ms in result.latencies_ms],
        statuses=sum((result.statuses for result in results), collections.Counter()),
        errors=sum(result.errors for result in results),
        elapsed_s=sum(result.elapsed_s for result in results),
        failures=[failure for result in results for failure in result.failures],
    )


def print_figures(prefix: str, result: Result) -> None:
    """`prefix_p50_ms`, `prefix_p95_ms`, `prefix_per_s`, `prefix_errors` lines."""
    print(f"{prefix}_p50_ms={result.p50_ms:.1f}")
    print(f"{prefix}_p95_ms={result.p95_ms:.1f}")
    print(f"{prefix}_per_s={result.per_s:.0f}")
    print(f"{prefix}_errors={result.errors}")
    for failure in result.failures:
        print(f"# {prefix} failure {failure}")
