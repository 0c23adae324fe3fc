"""Locks on the doors every app shares: the client address throttles count against, private
caching for pages with personal data, and checks on uploaded files and on serving them back."""

import datetime as dt
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


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


# Raster images a browser shows without running anything: (magic bytes, content type).
_SAFE_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_PDF = b"%PDF-"


def _head(upload, n: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _image_type(head: bytes) -> str | None:
    for magic, content_type in _SAFE_IMAGES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _check_size(upload, max_bytes: int) -> None:
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; the largest file accepted is %(max).0f MB.")
            % {
                "name": getattr(upload, "name", ""),
                "size": size / 1024 / 1024,
                "max": max_bytes / 1024 / 1024,
            }
        )


def check_photo(upload) -> None:
    """A photo must be a JPEG, PNG, GIF or WebP image that Pillow can read, within the size
    limit (UNIONHALL_PHOTO_MAX_BYTES); anything else (an HTML or SVG page named .jpg) is refused."""
    from PIL import Image

    _check_size(upload, settings.UNIONHALL_PHOTO_MAX_BYTES)
    refusal = ValidationError(
        _("“%(name)s” is not a photo: upload a JPEG, PNG or WebP image.")
        % {"name": getattr(upload, "name", "")}
    )
    if _image_type(_head(upload)) is None:
        raise refusal
    try:
        with Image.open(io.BytesIO(upload.read())) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds for a broken image
        raise refusal from None
    finally:
        upload.seek(0)


def check_receipt(upload) -> None:
    """A receipt must be a PDF or a raster image, judged by its first bytes, not its name."""
    head = _head(upload)
    if not head.startswith(_PDF) and _image_type(head) is None:
        raise ValidationError(
            _("“%(name)s” is not a receipt: upload a PDF or an image (JPEG, PNG, WebP).")
            % {"name": getattr(upload, "name", "")},
            code="receipt",
        )


def uploaded_file_response(file, *, filename: str = "") -> HttpResponse:
    """Serve an uploaded file back: a raster image inline with its own type; anything else
    as a download, never rendered by the browser from the site's origin."""
    head = file.read(16)
    file.seek(0)
    image_type = _image_type(head)
    if image_type:
        response = FileResponse(file, content_type=image_type, filename=filename)
    else:
        content_type = "application/pdf" if head.startswith(_PDF) else "application/octet-stream"
        response = FileResponse(
            file, as_attachment=True, filename=filename or "file", content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser renders it, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
