"""The answers board: published answers only; anonymous authors never named, others only if
they agreed."""

import pytest

from tests.factories_voice import SuggestionFactory
from tests.personas import member_of

ANSWERED = {
    "state": "answered",
    "answer": "学校已采纳。",
    "answered_at": "2026-03-05T09:00:00+08:00",
}


@pytest.fixture
def reader(client, school):
    user = member_of(school)
    client.force_login(user)
    return user


def test_it_names_an_author_only_if_they_agreed(client, school, reader):
    agreed = member_of(school, display_name="赵同意")
    declined = member_of(school, display_name="钱不愿")
    SuggestionFactory(org=school, author=agreed, show_name=True, board="members", **ANSWERED)
    SuggestionFactory(org=school, author=declined, show_name=False, board="members", **ANSWERED)
    page = client.get(f"/o/{school.code}/voice/board/").content.decode()
    assert "赵同意" in page and "钱不愿" not in page


def test_it_never_names_an_anonymous_author(client, school, reader):
    s = SuggestionFactory(org=school, author=None, show_name=True, board="members", **ANSWERED)
    page = client.get(f"/o/{school.code}/voice/board/").content.decode()
    assert s.title in page
    assert str(s.author_on_board()) in page  # "a staff member", not a name


def test_it_shows_only_published_answers(client, school, reader):
    SuggestionFactory(org=school, title="已公开", board="members", **ANSWERED)
    SuggestionFactory(org=school, title="未公开", **ANSWERED)
    SuggestionFactory(org=school, title="未答复")
    page = client.get(f"/o/{school.code}/voice/board/").content.decode()
    assert "已公开" in page and "未公开" not in page and "未答复" not in page


def test_it_shows_only_our_schools_answers(client, school, other_school, reader):
    SuggestionFactory(org=other_school, title="外校答复", board="members", **ANSWERED)
    assert "外校答复" not in client.get(f"/o/{school.code}/voice/board/").content.decode()


def test_the_board_query_count_does_not_grow_with_rows(
    client, school, reader, django_assert_num_queries
):
    author = member_of(school)
    for n in range(25):
        SuggestionFactory(
            org=school,
            author=author if n % 2 else None,
            show_name=True,
            board="members",
            **ANSWERED,
        )
    with django_assert_num_queries(6):
        client.get(f"/o/{school.code}/voice/board/")


def test_the_public_board_query_count_is_constant(client, school, django_assert_num_queries):
    from tests.factories_voice import enable_public

    enable_public(school)
    for _ in range(25):
        SuggestionFactory(org=school, board="public", **ANSWERED)
    with django_assert_num_queries(3):
        client.get(f"/p/{school.code}/answers/")
