"""/healthz tells the proxy and the monitoring whether the database and the media directory work;
a database that cannot be reached gives the reader a "try again shortly" page, not a crash."""

import pytest
from django.db import OperationalError, connection
from django.urls import path

from tests.personas import chair_of
from unionhall.urls import handler500


def test_it_answers_ok_without_login_and_without_personal_data(client, school):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "media": "ok"}
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
    assert response.json() == {"status": "failing", "database": "ok", "media": "not writable"}


def test_a_database_that_cannot_be_reached_fails_it(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


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
