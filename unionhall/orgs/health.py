"""`/healthz`, for the proxy and for monitoring: can this server serve pages and keep what it is
given? 200 when every check passes, 503 naming each one that fails; never personal data.

- database: it answers a query;
- media: the upload directory can be written;
- disk: the disks holding the uploads and the SQLite database have at least
  UNIONHALL_HEALTH_MIN_FREE_MB free (a full disk turns logins and edits into 503s);
- static: in production, collectstatic's manifest names the files every page links.

`HealthCheckMiddleware`, first in the stack, answers it before the session, the user and the
locale are looked at: those read the database, and a request that carries a session cookie would
otherwise get the generic 503 page while the database is away, not this report of it."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from unionhall.core.staticmanifest import manifest_problem
from unionhall.orgs.access import public

MEGABYTE = 1024 * 1024


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


def _media() -> str:
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-"):
            pass
    except OSError:
        return "not writable"
    return "ok"


def _written_directories() -> list[Path]:
    directories = [Path(settings.MEDIA_ROOT)]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name and name != ":memory:" and not name.startswith("file:"):
            directories.append(Path(name).parent)
    return directories


def _existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _disk() -> str:
    least = None
    for directory in _written_directories():
        try:
            free = shutil.disk_usage(_existing(directory)).free
        except OSError:
            return "unreadable"
        least = free if least is None else min(least, free)
    minimum = settings.UNIONHALL_HEALTH_MIN_FREE_MB
    if least < minimum * MEGABYTE:
        return f"{least // MEGABYTE} MB free, below {minimum} MB"
    return "ok"


def _static() -> str:
    problem = manifest_problem()
    return "ok" if problem is None else f"manifest {problem}"


@public
@never_cache
@require_safe
def healthz(request):
    checks = {"database": _database(), "media": _media(), "disk": _disk(), "static": _static()}
    failing = [name for name, state in checks.items() if state != "ok"]
    return JsonResponse(
        {"status": "failing" if failing else "ok", "failing": failing, **checks},
        status=503 if failing else 200,
    )


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
