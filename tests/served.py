"""The app served by gunicorn (deploy/gunicorn.conf.py) in a subprocess, for tests that need
real worker processes with their own persistent database connections, and a small HTTP client
that keeps cookies and sends the CSRF token."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

BASE_DIR = Path(__file__).resolve().parent.parent


def postgres_url(settings_dict: dict, name: str | None = None) -> str:
    """A UNIONHALL_DATABASE_URL for the database Django's settings_dict names (or `name`)."""
    s = settings_dict
    name = name or s["NAME"]
    credentials = quote(s["USER"]) + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    host = s["HOST"] or ""
    if host.startswith("/"):
        return f"postgres://{credentials}@/{name}?host={quote(host)}"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{name}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Browser:
    """One visitor: cookies kept between requests, redirects not followed."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    match = re.match(r"([^=]+)=([^;]*)", value)
                    if match:
                        self.cookies[match[1]] = match[2]
            return Response(response.status, dict(response.getheaders()), text)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        if "csrftoken" not in self.cookies:
            self.get(path)  # the form's page sets the CSRF cookie
        return self.request("POST", path, data)


@dataclass
class Served:
    port: int
    process: subprocess.Popen
    log: Path

    def browser(self, session: str | None = None) -> Browser:
        browser = Browser(self.port)
        if session:
            browser.cookies["sessionid"] = session
        return browser

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextmanager
def served(*, database_url: str, media_root: Path, workers: int = 2) -> Iterator[Served]:
    """gunicorn with the repository's config on a free port, the given database and media."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UNIONHALL_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="unionhall.settings",
        UNIONHALL_DATABASE_URL=database_url,
        UNIONHALL_MEDIA_ROOT=str(media_root),
        UNIONHALL_VAR_DIR=str(media_root.parent),
        UNIONHALL_DEBUG="0",
        UNIONHALL_ALLOWED_HOSTS="127.0.0.1,localhost",
        UNIONHALL_FAST_PASSWORDS="1",
        UNIONHALL_BIND=f"127.0.0.1:{port}",
        UNIONHALL_WORKERS=str(workers),
        UNIONHALL_LOG_LEVEL="warning",
    )
    log = media_root.parent / f"gunicorn-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Served(port, process, log)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if server.browser().get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{server.log_text()[-3000:]}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
