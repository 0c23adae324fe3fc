"""403, 404 and 500 speak the reader's language, inside the site's layout; 403 names what is
missing. 400, a form sent without its CSRF token, 500 and 503 are plain pages styled by a static
file (the Content-Security-Policy allows no inline style), which the 500 page links even when
the static manifest is missing. (pytest-django runs with DEBUG=False, so these are the pages
people see.)"""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError
from django.test import Client
from django.urls import path

from tests.personas import chair_of, member_of
from unionhall.orgs.capabilities import CAPABILITIES, CAPABILITY_LABELS


def _get(client, language: str, url: str):
    client.cookies["django_language"] = language
    return client.get(url)


def test_a_missing_right_is_named_in_chinese_inside_the_layout(client, school):
    client.force_login(member_of(school))
    response = _get(client, "zh-hans", f"/o/{school.code}/members/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "您无权打开此页面" in page
    assert "只有以下角色可以查看会员档案：工会主席、组织委员" in page
    assert "members.view" not in page and "403 Forbidden" not in page
    assert school.name in page and 'class="navbar' in page


def test_a_missing_right_is_named_in_english(client, school):
    client.force_login(member_of(school))
    response = _get(client, "en", f"/o/{school.code}/funds/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You may not open this page" in page
    assert "Only these roles may read the funds ledger: Union chair, " in page
    assert "Treasurer" in page


def test_every_capability_says_in_words_what_it_allows():
    assert set(CAPABILITY_LABELS) == set(CAPABILITIES)


def test_a_missing_page_is_in_the_readers_language_inside_the_layout(client, school):
    client.force_login(chair_of(school))
    url = f"/o/{school.code}/members/999999/"
    chinese = _get(client, "zh-hans", url)
    assert chinese.status_code == 404
    page = chinese.content.decode()
    assert "此页面不存在" in page and "返回首页" in page
    assert school.name in page and 'class="navbar' in page
    english = _get(client, "en", url).content.decode()
    assert "This page does not exist" in english and "此页面不存在" not in english


def test_an_unknown_address_is_a_page_too(client, db):
    response = _get(client, "zh-hans", "/no-such-page/")
    assert response.status_code == 404
    assert "此页面不存在" in response.content.decode()


def _broken(request):
    raise RuntimeError("a bug")


def _database_away(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("broken/", _broken), path("database-away/", _database_away)]
handler500 = "unionhall.core.errors.server_error"

INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)
ERROR_CSS = '<link rel="stylesheet" href="/static/core/error.css">'


@pytest.mark.parametrize(
    "language, said",
    [("zh-hans", "出错了"), ("en", "Something went wrong")],
)
def test_a_server_error_is_a_plain_page_in_the_readers_language(
    client, settings, db, language, said
):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = _get(client, language, "/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert said in page and f'<html lang="{language}">' in page
    assert "Server Error (500)" not in page


def test_the_favicon_is_linked_and_served(client, school):
    client.force_login(chair_of(school))
    page = client.get(f"/o/{school.code}/").content.decode()
    assert 'rel="icon" href="/static/core/favicon.svg"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/core/favicon.ico"
    with open(finders.find("core/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO header
    with open(finders.find("core/favicon.svg"), encoding="utf-8") as svg:
        assert "<svg" in svg.read()


@pytest.mark.parametrize(
    "url, status, said",
    [
        ("/broken/", 500, "出错了"),
        ("/database-away/", 503, "服务繁忙"),
    ],
)
def test_the_500_and_503_pages_are_styled_by_a_static_file_and_nothing_inline(
    client, settings, db, url, status, said
):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = _get(client, "zh-hans", url)
    assert response.status_code == status
    page = response.content.decode()
    assert said in page
    assert ERROR_CSS in page
    assert not INLINE_STYLE.search(page), page
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    with open(finders.find("core/error.css"), encoding="utf-8") as css:
        assert "nav {" in css.read()


@pytest.fixture
def manifest_storage(settings, tmp_path):
    """Production's kind of static storage (hashed names from a manifest), over an empty
    STATIC_ROOT: collectstatic has not run."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    return settings.STATIC_ROOT


def test_the_500_page_links_its_hashed_stylesheet_from_the_manifest(
    client, settings, db, manifest_storage
):
    (manifest_storage / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"core/error.css": "core/error.0123abcd.css"}})
    )
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    page = _get(client, "zh-hans", "/broken/").content.decode()
    assert '<link rel="stylesheet" href="/static/core/error.0123abcd.css">' in page


def test_the_500_page_is_shown_even_without_a_static_manifest(
    client, settings, db, manifest_storage
):
    """Without collectstatic every `{% static %}` raises; the 500 page must not fail in turn,
    so it links the stylesheet by its plain name."""
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    for url, status in (("/broken/", 500), ("/database-away/", 503)):
        response = _get(client, "en", url)
        assert response.status_code == status
        page = response.content.decode()
        assert "Something went wrong" in page or "The service is busy" in page
        assert ERROR_CSS in page and not INLINE_STYLE.search(page)


def test_a_request_the_server_cannot_read_gets_a_styled_page_in_the_readers_language(client, db):
    response = _get(client, "zh-hans", "/login/?next=/")
    assert response.status_code == 200  # the host is allowed here
    refused = client.get("/login/", HTTP_HOST="not-this-site.example")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "无法读取此请求" in page and "Bad Request (400)" not in page
    assert ERROR_CSS in page and not INLINE_STYLE.search(page)


def test_a_form_sent_without_its_csrf_token_says_what_to_do_in_a_styled_page(db):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    response = client.post("/login/", {"username": "chair", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form has expired" in page and "reload the page" in page
    assert "CSRF verification failed" not in page
    assert ERROR_CSS in page and not INLINE_STYLE.search(page)
