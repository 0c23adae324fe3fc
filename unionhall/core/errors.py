"""The page for a request that failed: 503 when the database could not be reached, else 500.

A database that is away for a moment (PostgreSQL restarting, a SQLite file locked for longer
than the busy timeout) is not a bug: the reader is told to try again shortly, and the next
request reconnects by itself (CONN_HEALTH_CHECKS). Like Django's own handler, these pages render
without context processors or database queries.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30


def _database_unavailable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        if not isinstance(error, DatabaseError):
            error = error.__cause__ or error.__context__
            continue
        return False
    return False


@requires_csrf_token
def server_error(request) -> HttpResponse:
    if _database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
