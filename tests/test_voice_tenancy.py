"""A school's suggestions can never be read or changed through another school's URLs."""

import pytest

from tests.factories_voice import SuggestionFactory
from tests.personas import chair_of
from unionhall.voice.models import Suggestion, Theme


@pytest.fixture
def setup(client, school, other_school):
    chair = chair_of(school)
    theirs = SuggestionFactory(org=other_school, title="外校建议", state="routed", assignee=chair)
    client.force_login(chair)
    return school, other_school, theirs


@pytest.mark.parametrize("suffix", ["", "answer/"])
def test_another_schools_suggestion_is_not_found_through_our_urls(client, setup, suffix):
    school, _other, theirs = setup
    assert client.get(f"/o/{school.code}/voice/{theirs.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["", "answer/", "../all/", "../board/"])
def test_another_schools_urls_are_not_found(client, setup, suffix):
    _school, other, theirs = setup
    assert client.get(f"/o/{other.code}/voice/{theirs.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize(
    "action,data",
    [
        ("answer/", {"answer": "篡改"}),
        ("route/", {"assignee": 1}),
        ("merge/", {"original": 1}),
        ("publish/", {"board": "members"}),
        ("category/", {"category": 1}),
    ],
)
def test_a_forged_action_on_another_schools_suggestion_changes_nothing(client, setup, action, data):
    school, _other, theirs = setup
    before = Suggestion.objects.values().get(pk=theirs.pk)
    response = client.post(f"/o/{school.code}/voice/{theirs.pk}/{action}", data)
    assert response.status_code == 404
    assert Suggestion.objects.values().get(pk=theirs.pk) == before


def test_themes_cannot_take_another_schools_suggestions(client, setup):
    school, _other, theirs = setup
    SuggestionFactory(org=school)
    response = client.post(
        f"/o/{school.code}/voice/grouping/",
        {
            "theme_count": 1,
            "theme-0-name": "偷来的",
            "theme-0-keywords": "",
            f"assign-{theirs.pk}": 0,
        },
    )
    assert response.status_code in {200, 302}
    theirs.refresh_from_db()
    assert theirs.theme is None and not Theme.objects.filter(name="偷来的").exists()


def test_the_list_and_search_hold_only_our_suggestions(client, setup):
    school, _other, _theirs = setup
    page = client.get(f"/o/{school.code}/voice/all/", {"q": "外校"}).content.decode()
    assert "外校建议" not in page
    assert "外校建议" not in client.get(f"/o/{school.code}/voice/inbox/").content.decode()
