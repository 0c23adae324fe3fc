"""The page for a request that failed: 503 when the database could not be reached or the disk
is full (an upload that could not be written: nothing was saved), else 500.

A database that is away for a moment (PostgreSQL restarting, a SQLite file locked for longer
than the busy timeout) is not a bug: the reader is told to try again shortly, and the next
request reconnects by itself (CONN_HEALTH_CHECKS). Like Django's own handler, these pages render
without context processors or database queries.
"""

import errno
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


def _disk_full(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        error = error.__cause__ or error.__context__
    return False


@requires_csrf_token
def server_error(request) -> HttpResponse:
    error = sys.exc_info()[1]
    if _disk_full(error):
        response = HttpResponse(loader.get_template("503_disk_full.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _database_unavailable(error):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
