"""The committee merges, routes, answers and publishes suggestions; every step is guarded."""

import pytest

from tests.factories_voice import CategoryFactory, SuggestionFactory
from tests.personas import chair_of, leader_of, member_of
from unionhall.core import audit
from unionhall.voice.models import Suggestion


@pytest.fixture
def people(school):
    return {
        "chair": chair_of(school, display_name="周主席"),
        "leader": leader_of(school, display_name="钱校长"),
        "other_leader": leader_of(school, display_name="孙副校长"),
        "member": member_of(school),
    }


def _url(school, s, action=""):
    return f"/o/{school.code}/voice/{s.pk}/{action}"


def test_it_routes_a_suggestion_to_a_leader_who_answers_it(client, school, people):
    s = SuggestionFactory(org=school)
    client.force_login(people["chair"])
    response = client.post(_url(school, s, "route/"), {"assignee": people["leader"].pk})
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.state, s.assignee) == ("routed", people["leader"])

    client.force_login(people["leader"])
    inbox = client.get(f"/o/{school.code}/voice/inbox/").content.decode()
    assert s.title in inbox
    response = client.post(
        _url(school, s, "answer/"), {"answer": "下学期起增加车位。", "adopted": "on"}
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.state, s.adopted, s.answered_by) == ("answered", True, people["leader"])
    assert s.answer == "下学期起增加车位。" and s.answered_at is not None
    # Each step is in the history: who, and the old and new state.
    steps = [(e.actor, sorted(e.changes)) for e in audit.history(s)]
    assert (people["leader"], ["adopted", "answer", "state"]) in steps
    assert (people["chair"], ["assignee", "state"]) in steps


def test_only_the_responsible_person_answers(client, school, people):
    s = SuggestionFactory(org=school, state="routed", assignee=people["leader"])
    client.force_login(people["other_leader"])
    assert client.get(_url(school, s, "answer/")).status_code == 404
    assert client.post(_url(school, s, "answer/"), {"answer": "不是我的"}).status_code == 404
    s.refresh_from_db()
    assert s.state == "routed" and s.answer == ""


def test_a_member_cannot_answer_or_route(client, school, people):
    s = SuggestionFactory(org=school, state="routed", assignee=people["leader"])
    client.force_login(people["member"])
    assert client.post(_url(school, s, "answer/"), {"answer": "x"}).status_code == 403
    assert (
        client.post(_url(school, s, "route/"), {"assignee": people["member"].pk}).status_code == 403
    )
    s.refresh_from_db()
    assert s.state == "routed"


def test_it_refuses_to_route_to_someone_without_a_leading_role(client, school, people):
    s = SuggestionFactory(org=school)
    client.force_login(people["chair"])
    response = client.post(_url(school, s, "route/"), {"assignee": people["member"].pk})
    assert response.status_code == 400
    s.refresh_from_db()
    assert s.state == "new" and s.assignee is None


def test_an_empty_answer_is_refused(client, school, people):
    s = SuggestionFactory(org=school)
    client.force_login(people["chair"])
    response = client.post(_url(school, s, "answer/"), {"answer": "  "})
    assert response.status_code == 200 and response.context["form"].errors
    s.refresh_from_db()
    assert s.state == "new"


def test_it_merges_a_duplicate_and_shows_the_link(client, school, people):
    original = SuggestionFactory(org=school, title="食堂太咸")
    duplicate = SuggestionFactory(org=school, title="饭菜口味重")
    client.force_login(people["chair"])
    response = client.post(_url(school, duplicate, "merge/"), {"original": original.pk})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.duplicate_of) == ("merged", original)
    page = client.get(_url(school, original)).content.decode()
    assert "饭菜口味重" in page
    # A merged suggestion is closed: it cannot be routed or answered any more.
    response = client.post(_url(school, duplicate, "route/"), {"assignee": people["leader"].pk})
    assert response.status_code == 400
    duplicate.refresh_from_db()
    assert duplicate.state == "merged"


def test_a_suggestion_is_not_a_duplicate_of_itself_or_of_another_schools(
    client, school, other_school, people
):
    s = SuggestionFactory(org=school)
    theirs = SuggestionFactory(org=other_school)
    client.force_login(people["chair"])
    for target in (s.pk, theirs.pk):
        assert client.post(_url(school, s, "merge/"), {"original": target}).status_code == 400
    s.refresh_from_db()
    assert s.state == "new"


def test_only_an_answered_suggestion_is_published(client, school, people):
    s = SuggestionFactory(org=school)
    client.force_login(people["chair"])
    assert client.post(_url(school, s, "publish/"), {"board": "members"}).status_code == 400
    s.refresh_from_db()
    assert s.board == ""
    client.post(_url(school, s, "answer/"), {"answer": "已安排。"})
    assert client.post(_url(school, s, "publish/"), {"board": "members"}).status_code == 302
    s.refresh_from_db()
    assert s.board == "members" and s.published_at is not None


def test_the_category_can_be_changed(client, school, people):
    s = SuggestionFactory(org=school)
    safety = CategoryFactory(org=school, name="安全管理")
    client.force_login(people["chair"])
    client.post(_url(school, s, "category/"), {"category": safety.pk})
    s.refresh_from_db()
    assert s.category == safety


def test_the_list_filters_by_state(client, school, people):
    SuggestionFactory(org=school, title="新的建议")
    SuggestionFactory(org=school, title="在办的建议", state="routed", assignee=people["leader"])
    client.force_login(people["chair"])
    page = client.get(f"/o/{school.code}/voice/all/", {"state": "routed"}).content.decode()
    assert "在办的建议" in page and "新的建议" not in page


def test_the_list_never_names_an_anonymous_author(client, school, people):
    SuggestionFactory(org=school, title="匿名的建议", author=None)
    client.force_login(people["chair"])
    page = client.get(f"/o/{school.code}/voice/all/").content.decode()
    assert "匿名的建议" in page and ("匿名" in page or "anonymous" in page)


def test_the_list_query_count_does_not_grow_with_rows(
    client, school, people, django_assert_num_queries
):
    for n in range(30):
        SuggestionFactory(
            org=school, author=people["member"] if n % 2 else None, assignee=people["leader"]
        )
    client.force_login(people["chair"])
    client.get(f"/o/{school.code}/voice/all/")
    # 9, and the bulk form's handlers and categories.
    with django_assert_num_queries(11):
        client.get(f"/o/{school.code}/voice/all/")


def test_settings_turn_the_public_link_on_and_add_a_category(client, school, people):
    client.force_login(people["chair"])
    url = f"/o/{school.code}/voice/settings/"
    client.post(
        url,
        {
            "settings-public_enabled": "on",
            "settings-public_per_hour": 3,
            "settings-public_intro": "",
        },
    )
    assert client.get(f"/p/{school.code}/suggest/").status_code == 200
    client.post(url, {"category-name": "信息化", "category-sort_order": 9, "category-active": "on"})
    assert school.voice_categories.filter(name="信息化", active=True).exists()
    # Giving an existing name edits that category (here: retires it).
    client.post(url, {"category-name": "信息化", "category-sort_order": 9})
    assert school.voice_categories.get(name="信息化").active is False
    assert Suggestion.objects.count() == 0


def test_merging_back_into_its_own_duplicate_is_refused(client, school, people):
    a = SuggestionFactory(org=school)
    b = SuggestionFactory(org=school)
    client.force_login(people["chair"])
    client.post(_url(school, b, "merge/"), {"original": a.pk})
    assert client.post(_url(school, a, "merge/"), {"original": b.pk}).status_code == 400
    a.refresh_from_db()
    assert a.state == "new"


def test_the_author_of_a_merged_duplicate_sees_the_answer_it_shares(client, school, people):
    original = SuggestionFactory(
        org=school,
        title="原建议",
        **{"state": "answered"},
        answer="已增加清淡菜。",
        answered_at="2026-03-05T09:00:00+08:00",
    )
    mine = SuggestionFactory(
        org=school, author=people["member"], title="我的建议", state="merged", duplicate_of=original
    )
    client.force_login(people["member"])
    page = client.get(f"/o/{school.code}/voice/mine/").content.decode()
    assert mine.title in page and "已增加清淡菜。" in page


def test_my_suggestions_and_the_inbox_have_constant_query_counts(
    client, school, people, django_assert_num_queries
):
    original = SuggestionFactory(org=school)
    for n in range(20):
        SuggestionFactory(
            org=school,
            author=people["member"],
            state="merged" if n % 3 == 0 else "new",
            duplicate_of=original if n % 3 == 0 else None,
        )
        SuggestionFactory(org=school, state="routed", assignee=people["leader"])
    client.force_login(people["member"])
    with django_assert_num_queries(5):
        client.get(f"/o/{school.code}/voice/mine/")
    client.force_login(people["leader"])
    with django_assert_num_queries(5):
        client.get(f"/o/{school.code}/voice/inbox/")
