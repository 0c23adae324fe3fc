"""/healthz tells the proxy and the monitoring whether the database, the media directory, the free
disk space and the static files' manifest are right; a database that cannot be reached gives the
reader a "try again shortly" page, not a crash."""

import shutil

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import path

from tests.personas import chair_of
from unionhall.urls import handler500


def test_it_answers_ok_without_login_and_without_personal_data(client, school):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "database": "ok",
        "media": "ok",
        "disk": "ok",
        "static": "ok",
    }
    assert "no-cache" in response["Cache-Control"]
    assert school.name not in response.content.decode()


def test_a_signed_in_browser_gets_the_report_without_its_session_being_read(
    client, school, django_assert_num_queries
):
    """The session, the user and the locale all read the database: with it away, a request
    carrying a session cookie would get the generic 503 page instead of the report."""
    client.force_login(chair_of(school))
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/healthz")
    assert response.json()["database"] == "ok"


def test_a_media_directory_that_cannot_be_written_fails_it(client, db, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "failing": ["media"],
        "database": "ok",
        "media": "not writable",
        "disk": "ok",
        "static": "ok",
    }


def test_a_database_that_cannot_be_reached_fails_it(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert response.json()["failing"] == ["database"]


def test_a_disk_nearly_full_fails_it_while_logins_would_still_be_refused(client, db, settings):
    """With the disk full, logins and edits answer 503: the monitoring must hear it first. The
    threshold set above the free space is the disk, as /healthz sees it, with too little left."""
    assert client.get("/healthz").status_code == 200
    free_mb = shutil.disk_usage(settings.MEDIA_ROOT).free // (1024 * 1024)
    settings.UNIONHALL_HEALTH_MIN_FREE_MB = free_mb + 1024
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["disk"]
    assert body["disk"].endswith(f" MB free, below {free_mb + 1024} MB")
    settings.UNIONHALL_HEALTH_MIN_FREE_MB = 1
    assert client.get("/healthz").status_code == 200


PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_production_without_collectstatic_fails_it(client, db, settings, tmp_path):
    """Started as the guide said but without collectstatic, every page is a 500: so is /healthz
    a 503 naming the manifest, until collectstatic has run."""
    settings.STORAGES = PRODUCTION_STATIC
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["static"]
    assert response.json()["static"] == "manifest is missing"

    call_command("collectstatic", interactive=False, verbosity=0)
    assert client.get("/healthz").status_code == 200

    # A manifest from before an upgrade that lacks a file every page links is as bad.
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    manifest.write_text(manifest.read_text().replace('"core/favicon.svg"', '"core/old.svg"'))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["static"] == "manifest lacks core/favicon.svg"


def test_every_failing_check_is_named_at_once(client, db, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.MEDIA_ROOT = blocker / "media"
    settings.UNIONHALL_HEALTH_MIN_FREE_MB = 10**12
    settings.STORAGES = PRODUCTION_STATIC
    settings.STATIC_ROOT = tmp_path / "empty"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["media", "disk", "static"]


def _database_away(request):
    raise OperationalError("server closed the connection unexpectedly")


def _bug(request):
    raise RuntimeError("a bug")


urlpatterns = [path("away/", _database_away), path("bug/", _bug)]


@pytest.mark.parametrize(
    ("language", "said"), [("zh-hans", "服务繁忙"), ("en", "The service is busy")]
)
def test_a_database_away_for_a_moment_is_a_503_page_asking_to_retry(
    client, settings, db, language, said
):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    client.cookies["django_language"] = language
    response = client.get("/away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert said in page and f'<html lang="{language}">' in page
    # Any other failure is still the plain 500 page.
    response = client.get("/bug/")
    assert response.status_code == 500
    assert said not in response.content.decode()


handler500 = handler500
