"""`/healthz`, for the proxy and for monitoring: can this server reach its database and write
its media directory? 200 when both can, 503 naming the one that cannot; never personal data.

`HealthCheckMiddleware`, first in the stack, answers it before the session, the user and the
locale are looked at: those read the database, and a request that carries a session cookie would
otherwise get the generic 503 page while the database is away, not this report of it."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from unionhall.orgs.access import public


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
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-"):
            pass
    except OSError:
        return "not writable"
    return "ok"


@public
@never_cache
@require_safe
def healthz(request):
    checks = {"database": _database(), "media": _media()}
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
