"""403, 404 and 500 speak the reader's language, inside the site's layout; 403 names what is
missing. (pytest-django runs with DEBUG=False, so these are the pages people see.)"""

import pytest
from django.contrib.staticfiles import finders
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


urlpatterns = [path("broken/", _broken)]


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
