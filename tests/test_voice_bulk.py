"""A pile of suggestions handled at once: routed to a school leader or a committee member,
classified, answered with one text; a leader answers what was passed to them from their own
list. Every suggestion keeps its own history; one that cannot change refuses the whole pile."""

import pytest
from django.utils import timezone

from tests.factories_voice import CategoryFactory, SuggestionFactory
from tests.personas import chair_of, leader_of, member_of, welfare_of
from unionhall.core import audit, indicators
from unionhall.core.indicators import Period
from unionhall.notices.models import Notice
from unionhall.voice.models import Suggestion

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def people(school):
    return {
        "chair": chair_of(school, display_name="周主席"),
        "leader": leader_of(school, display_name="钱校长"),
        "other_leader": leader_of(school, display_name="孙副校长"),
        "welfare": welfare_of(school, display_name="李委员"),
        "member": member_of(school),
    }


def _url(school, path=""):
    return f"/o/{school.code}/voice/{path}"


def _changes(s):
    return [(e.actor_id, sorted(e.changes)) for e in audit.history(s)]


def test_96_suggestions_go_to_a_school_leader_in_one_request(
    client, school, people, django_capture_on_commit_callbacks
):
    box = SuggestionFactory.create_batch(96, org=school)
    SuggestionFactory(org=school, state="answered", answer="已办。", answered_at=timezone.now())
    client.force_login(people["chair"])
    assert client.get(_url(school, "all/?state=new")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(school, "all/bulk/"),
            {
                "search": "state=new",
                "scope": "matching",
                "action": "route",
                "assignee": people["leader"].pk,
            },
        )
    assert response.status_code == 302 and response.url.endswith("/voice/all/?state=new")
    routed = Suggestion.objects.filter(org=school, state="routed", assignee=people["leader"])
    assert routed.count() == 96
    # Each suggestion's own history says who passed it to whom.
    assert all(
        (people["chair"].pk, ["assignee", "state"]) in _changes(s) for s in box[:3] + box[-3:]
    )
    # The leader is told once, with the number, not 96 times.
    (notice,) = Notice.objects.filter(user=people["leader"])
    assert "96" in notice.title
    # The summary's "routed to the school's leaders" counts them.
    period = Period(start=box[0].submitted_on, end=timezone.localdate())
    assert indicators.get("voice.routed")(school, period).value == 96


def test_the_route_list_names_leaders_and_committee_members_apart(client, school, people):
    SuggestionFactory(org=school)
    client.force_login(people["chair"])
    page = client.get(_url(school, "all/")).content.decode()
    assert "钱校长（school leader）" in page
    assert "李委员（union committee）" in page
    # Leaders come first in the list.
    assert page.index("钱校长（school leader）") < page.index("李委员（union committee）")


def test_suggestions_a_committee_member_handles_are_not_counted_as_passed_to_leaders(
    client, school, people
):
    rows = SuggestionFactory.create_batch(3, org=school)
    client.force_login(people["chair"])
    client.post(
        _url(school, "all/bulk/"),
        {
            "scope": "ticked",
            "ids": [s.pk for s in rows],
            "action": "route",
            "assignee": people["welfare"].pk,
        },
    )
    assert Suggestion.objects.filter(assignee=people["welfare"], state="routed").count() == 3
    period = Period(start=rows[0].submitted_on, end=timezone.localdate())
    assert not indicators.get("voice.routed")(school, period).value


def test_ticked_suggestions_change_category_and_the_others_do_not(client, school, people):
    canteen = CategoryFactory(org=school, name="后勤保障")
    teaching = CategoryFactory(org=school, name="教育教学")
    rows = SuggestionFactory.create_batch(5, org=school, category=canteen)
    client.force_login(people["chair"])
    response = client.post(
        _url(school, "all/bulk/"),
        {
            "scope": "ticked",
            "ids": [rows[0].pk, rows[2].pk, rows[4].pk],
            "action": "categorise",
            "category": teaching.pk,
        },
        follow=True,
    )
    assert "Suggestions changed: 3." in response.content.decode()
    after = {s.pk: s.category_id for s in Suggestion.objects.filter(org=school)}
    assert [after[s.pk] for s in rows] == [
        teaching.pk,
        canteen.pk,
        teaching.pk,
        canteen.pk,
        teaching.pk,
    ]
    assert (people["chair"].pk, ["category"]) in _changes(rows[2])
    assert not [c for c in _changes(rows[1]) if c[1] == ["category"]]


def test_one_text_answers_many_and_tells_each_named_author(
    client, school, people, django_capture_on_commit_callbacks
):
    author = people["member"]
    rows = [
        SuggestionFactory(org=school, author=author),
        *SuggestionFactory.create_batch(3, org=school),
    ]
    client.force_login(people["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(school, "all/bulk/"),
            {
                "scope": "ticked",
                "ids": [s.pk for s in rows],
                "action": "answer",
                "answer": "学校已安排后勤处统一整改。",
                "adopted": "on",
            },
        )
    answered = Suggestion.objects.filter(org=school, state="answered", adopted=True)
    assert sorted(answered.values_list("pk", flat=True)) == sorted(s.pk for s in rows)
    assert set(answered.values_list("answer", flat=True)) == {"学校已安排后勤处统一整改。"}
    assert Notice.objects.filter(user=author, kind=Notice.Kind.ANSWERED).count() == 1


def test_one_suggestion_that_cannot_move_refuses_the_whole_pile_and_is_named(
    client, school, people
):
    rows = SuggestionFactory.create_batch(3, org=school)
    merged = SuggestionFactory(org=school, state="merged", duplicate_of=rows[0])
    client.force_login(people["chair"])
    response = client.post(
        _url(school, "all/bulk/"),
        {
            "scope": "ticked",
            "ids": [*(s.pk for s in rows), merged.pk],
            "action": "route",
            "assignee": people["leader"].pk,
        },
        follow=True,
    )
    page = response.content.decode()
    assert f"Suggestion #{merged.pk}:" in page
    assert not Suggestion.objects.filter(org=school, state="routed").exists()
    assert not Notice.objects.filter(user=people["leader"]).exists()


def test_a_choice_the_action_needs_is_asked_for(client, school, people):
    row = SuggestionFactory(org=school)
    client.force_login(people["chair"])
    response = client.post(
        _url(school, "all/bulk/"),
        {"scope": "ticked", "ids": [row.pk], "action": "route"},
        follow=True,
    )
    assert "Responsible person: Fill this in for the action chosen." in response.content.decode()
    row.refresh_from_db()
    assert row.state == "new"


def test_a_leader_sees_what_is_passed_to_them_and_answers_many_at_once(client, school, people):
    mine = SuggestionFactory.create_batch(3, org=school, state="routed", assignee=people["leader"])
    theirs = SuggestionFactory(
        org=school, title="别人的建议", state="routed", assignee=people["other_leader"]
    )
    client.force_login(people["leader"])
    page = client.get(_url(school, "inbox/")).content.decode()
    assert all(s.title in page for s in mine) and "别人的建议" not in page
    response = client.post(
        _url(school, "inbox/"),
        {"ids": [mine[0].pk, mine[1].pk], "answer": "下学期起食堂增加素菜窗口。"},
    )
    assert response.status_code == 302
    states = {s.pk: (s.state, s.answered_by_id) for s in Suggestion.objects.filter(org=school)}
    assert states[mine[0].pk] == states[mine[1].pk] == ("answered", people["leader"].pk)
    assert states[mine[2].pk][0] == "routed"
    assert (people["leader"].pk, ["answer", "state"]) in _changes(mine[0])
    # What was passed to another leader is not theirs to answer: nothing changes.
    refused = client.post(
        _url(school, "inbox/"), {"ids": [mine[2].pk, theirs.pk], "answer": "不是我的。"}
    )
    assert refused.status_code == 400
    assert f"Suggestion #{theirs.pk}:" in refused.content.decode()
    assert Suggestion.objects.get(pk=mine[2].pk).state == "routed"
    assert Suggestion.objects.get(pk=theirs.pk).state == "routed"


def test_a_member_cannot_handle_suggestions_in_bulk(client, school, people):
    row = SuggestionFactory(org=school)
    client.force_login(people["member"])
    response = client.post(
        _url(school, "all/bulk/"),
        {"scope": "ticked", "ids": [row.pk], "action": "answer", "answer": "x"},
    )
    assert response.status_code == 403
    assert client.get(_url(school, "inbox/")).status_code == 403


def test_the_list_and_the_inbox_read_in_a_fixed_number_of_queries(
    client, school, people, django_assert_num_queries
):
    SuggestionFactory.create_batch(60, org=school, state="routed", assignee=people["leader"])
    client.force_login(people["chair"])
    client.get(_url(school, "all/"))
    with django_assert_num_queries(11):
        assert client.get(_url(school, "all/")).status_code == 200
    client.force_login(people["leader"])
    with django_assert_num_queries(5):
        assert client.get(_url(school, "inbox/")).status_code == 200
