"""In production every page names its static files by the hashed names in the manifest that
`manage.py collectstatic` writes (WhiteNoise's CompressedManifestStaticFilesStorage). Without
that manifest, or with one from before an upgrade, every page is a 500 ("Missing staticfiles
manifest entry"). `/healthz` reports it, and the WSGI application refuses to start on it and
says what to run. Storages without a manifest (demo, tests) have nothing to check."""

import json

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured

# The files base.html links from every page: a manifest that lacks one breaks every page.
PAGE_STATIC_FILES = (
    "core/favicon.svg",
    "core/favicon.ico",
    "core/bootstrap.trimmed.css",
    "core/unionhall.css",
    "bootstrap/js/bootstrap.min.js",
    "core/unionhall.js",
)


def manifest_problem() -> str | None:
    """None when the pages' static files are in the manifest (or none is used), else what is
    wrong with it: "is missing", "is unreadable" or "lacks core/favicon.svg"."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return None
    try:
        content = staticfiles_storage.read_manifest()
    except OSError:
        return "is unreadable"
    if content is None:
        return "is missing"
    try:
        paths = json.loads(content)["paths"]
    except (ValueError, KeyError, TypeError):
        return "is unreadable"
    if not isinstance(paths, dict):
        return "is unreadable"
    for name in PAGE_STATIC_FILES:
        if name not in paths:
            return f"lacks {name}"
    return None


def require_manifest() -> None:
    """Raise ImproperlyConfigured, saying what to run, when pages could not be rendered."""
    problem = manifest_problem()
    if problem is None:
        return
    location = staticfiles_storage.manifest_storage.path(staticfiles_storage.manifest_name)
    raise ImproperlyConfigured(
        f"The static files manifest {location} {problem}: every page would fail. "
        "Run `manage.py collectstatic --no-input` (deploy/unionhall-manage collectstatic "
        "--no-input on a server) after each install or upgrade, then start the server again."
    )
