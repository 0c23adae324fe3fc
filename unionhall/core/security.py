"""Locks on the doors every app shares: the client address throttles count against, private
caching for pages with personal data, and checks on uploaded files and on serving them back."""

import datetime as dt
import logging

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

from unionhall.core.images import PDF_MAGIC, image_type, upload_head, within_pixel_limit

logger = logging.getLogger(__name__)


def remote_address(request: HttpRequest) -> str:
    """The peer's address as the server saw it (behind a proxy, the proxy's)."""
    return request.META.get("REMOTE_ADDR", "")


def client_address(request: HttpRequest) -> str:
    """The client address every throttle counts against (login failures, the public link).

    One place: settings.UNIONHALL_CLIENT_ADDRESS names the function that reads it, so the
    trusted-proxy reader is wired in by changing that setting only."""
    return import_string(settings.UNIONHALL_CLIENT_ADDRESS)(request)


class PrivatePagesMiddleware:
    """A page served to a logged-in user may hold personal data: no cache may keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


class IdleSessionMiddleware:
    """A session ends SESSION_COOKIE_AGE after its last request, not after its login.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would write to the
    database on every page; instead the session is saved again (so its expiry moves on) when
    it was last saved more than UNIONHALL_SESSION_REFRESH_SECONDS ago. The session store
    (unionhall.core.sessions) remembers the expiry it read; nothing is added to the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        expiry = getattr(session, "loaded_expiry", None)
        if expiry is not None and not session.modified:
            saved_at = expiry - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
            if (
                timezone.now() - saved_at
            ).total_seconds() > settings.UNIONHALL_SESSION_REFRESH_SECONDS:
                session.modified = True
        return response


def open_stored(field):
    """An uploaded file opened for reading, or a 404 when its row names no file or the file is
    gone from the disk (a database restored without its uploads): never a 500."""
    if not field:
        raise Http404("no file")
    try:
        return field.open("rb")
    except FileNotFoundError:
        logger.warning("a stored file is missing: %s", field.name)
        raise Http404("file missing") from None


def uploaded_file_response(file, *, filename: str = "") -> HttpResponse:
    """Serve an uploaded file back: a raster image inline with its own type (uploads are stored
    re-encoded, core.images); anything else, and an image stored before that with more pixels than
    the limit, as a download, never rendered by the browser from the site's origin."""
    head = upload_head(file)
    shown_type = image_type(head)
    if shown_type and within_pixel_limit(file):
        response = FileResponse(file, content_type=shown_type, filename=filename)
    else:
        is_pdf = head.startswith(PDF_MAGIC)
        content_type = "application/pdf" if is_pdf else "application/octet-stream"
        response = FileResponse(
            file, as_attachment=True, filename=filename or "file", content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser renders it, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
