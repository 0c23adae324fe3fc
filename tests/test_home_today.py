"""The home page says what waits on each person today, the nearest deadline first, each line
leading to the page where it is done; a fixed number of queries per role whatever the data."""

import datetime as dt
import re

import pytest

from tests.factories_congress import accept, answer, make_congress, submit
from tests.factories_polls import election, open_poll
from tests.personas import member_of

pytestmark = pytest.mark.usefixtures("english")

TODAY = dt.date.today()
ITEM = re.compile(
    r'<div class="list-group-item[^"]*?(?P<overdue> list-group-item-danger)?" '
    r'data-waiting="(?P<name>[^"]+)">\s*'
    r'<a class="me-auto" href="(?P<href>[^"]+)">(?P<text>[^<]+)</a>'
)


def _waiting(client, school) -> list[dict]:
    response = client.get(f"/o/{school.code}/")
    assert response.status_code == 200
    return [m.groupdict() for m in ITEM.finditer(response.content.decode())]


def test_a_leader_sees_the_proposals_to_answer_the_overdue_one_first(client, school):
    c = make_congress(school)
    later = accept(c, submit(c, title="关于食堂延时供餐的建议"), due=TODAY + dt.timedelta(days=9))
    late = accept(c, submit(c, title="关于增设休息室的建议"), due=TODAY - dt.timedelta(days=2))
    client.force_login(c.leader)
    items = _waiting(client, school)
    assert [i["text"] for i in items] == [
        "Answer the proposal “关于增设休息室的建议”",
        "Answer the proposal “关于食堂延时供餐的建议”",
    ]
    assert items[0]["overdue"] and not items[1]["overdue"]
    assert items[0]["href"] == f"/o/{school.code}/congress/proposals/{late.pk}/"
    assert items[1]["href"] == f"/o/{school.code}/congress/proposals/{later.pk}/"
    # The other leader has nothing to answer.
    client.force_login(c.other_leader)
    assert _waiting(client, school) == []


def test_a_representative_is_told_their_proposal_was_answered(client, school):
    c = make_congress(school)
    proposal = accept(c, submit(c, by=0, title="关于增设休息室的建议"))
    client.force_login(c.reps[0].user)
    assert not [i for i in _waiting(client, school) if i["name"] == "congress.rate"]
    answer(c, proposal)
    (told,) = [i for i in _waiting(client, school) if i["name"] == "congress.rate"]
    assert "关于增设休息室的建议" in told["text"]
    assert told["href"] == f"/o/{school.code}/congress/proposals/{proposal.pk}/"


def test_the_proposal_committee_sees_proposals_to_review_and_overdue_answers(client, school):
    c = make_congress(school)
    submit(c, title="关于增设休息室的建议")
    accept(c, submit(c, title="关于食堂的建议"), due=TODAY - dt.timedelta(days=1))
    client.force_login(c.chair)
    texts = [i["text"] for i in _waiting(client, school)]
    assert texts[0] == "1 proposal answer is overdue"
    assert "Review the proposal “关于增设休息室的建议”" in texts


def test_a_member_sees_the_vote_open_to_them_until_they_have_voted(client, school):
    poll, *_rest, chair, people = election(school, voters_n=3)
    client.force_login(people[0].user)
    assert not [i for i in _waiting(client, school) if i["name"] == "polls.vote"]
    open_poll(school, chair, poll)
    (vote,) = [i for i in _waiting(client, school) if i["name"] == "polls.vote"]
    assert vote["text"] == "Vote: 第五届工会委员会选举"
    assert vote["href"] == f"/o/{school.code}/polls/{poll.pk}/vote/"


def test_nothing_waiting_says_so(client, school):
    client.force_login(member_of(school))
    html = client.get(f"/o/{school.code}/").content.decode()
    assert "Nothing waits on you today." in html


@pytest.mark.parametrize(
    ("role", "queries"),
    [("member", 11), ("leader", 13), ("chair", 22), ("representative", 15)],
)
def test_the_home_page_reads_a_fixed_number_of_queries_per_role(
    client, school, django_assert_num_queries, role, queries
):
    c = make_congress(school)
    people = {"member": member_of(school), "leader": c.leader, "chair": c.chair}
    people["representative"] = c.reps[0].user
    client.force_login(people[role])

    def more():
        accept(c, submit(c, title="关于食堂的建议"), due=TODAY - dt.timedelta(days=1))
        submit(c, title="关于增设休息室的建议")

    more()
    with django_assert_num_queries(queries):
        client.get(f"/o/{school.code}/")
    more()
    more()
    with django_assert_num_queries(queries):
        client.get(f"/o/{school.code}/")
