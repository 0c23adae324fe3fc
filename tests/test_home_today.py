"""The home page says what waits on each person today, the nearest deadline first, each line
leading to the page where it is done; a fixed number of queries per role whatever the data."""

import datetime as dt
import html
import re

import pytest

from tests.clock import morning_of
from tests.factories_congress import accept, answer, make_congress, submit
from tests.factories_polls import election, open_poll
from tests.personas import chair_of, district_admin_of, member_of

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
    found = [m.groupdict() for m in ITEM.finditer(response.content.decode())]
    return [{key: html.unescape(value or "") for key, value in i.items()} for i in found]


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
    page = client.get(f"/o/{school.code}/").content.decode()
    assert "Nothing waits on you today." in page


@pytest.mark.parametrize(
    ("role", "queries"),
    [("member", 11), ("leader", 13), ("chair", 23), ("representative", 15)],
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


@pytest.mark.time_machine(morning_of(dt.date(2025, 11, 10)), tick=False)
def test_the_chair_sees_suggestions_to_route_the_districts_call_and_this_months_plan_tasks(
    client, school
):
    from tests.factories import UserFactory, grant
    from unionhall.district import services as district
    from unionhall.plans import services as plans
    from unionhall.voice import services as voice
    from unionhall.voice.models import Category

    chair = chair_of(school)
    voice.categories_ensure(org=school)
    voice.suggestion_submit(
        org=school,
        user=grant(UserFactory(), school, "member"),
        token="t1",
        category=Category.objects.filter(org=school).first(),
        title="增加停车位",
        body="八点以后来的老师找不到车位。",
        anonymous=False,
    )
    call = district.call_create(
        district=school.parent,
        actor=district_admin_of(school.parent),
        title="2025年工会统计年报",
        due_on=dt.date(2025, 11, 14),
    )
    plan = plans.plan_create_from_template(org=school, actor=chair, start_year=2025)
    task = plans.task_create(
        org=school,
        actor=chair,
        plan=plan,
        title="教职工趣味运动会",
        starts_on=dt.date(2025, 11, 1),
        due_on=dt.date(2025, 11, 28),
        owner=chair,
        area=plan.areas.first(),
        record_kind="",
    )
    client.force_login(chair)
    items = {i["text"]: i for i in _waiting(client, school)}
    route = items["1 new suggestion to classify and route"]
    assert route["href"].startswith(f"/o/{school.code}/voice/all/")
    reply = items["Reply to the district's call: 2025年工会统计年报"]
    assert reply["href"] == f"/o/{school.code}/to-district/calls/{call.pk}/reply/"
    assert items[f"Plan task: {task.title}"]["href"] == f"/o/{school.code}/plans/2025/"
    texts = list(items)
    # The call (due on the 14th) comes before the task (due on the 28th).
    assert texts.index(f"Reply to the district's call: {call.title}") < texts.index(
        f"Plan task: {task.title}"
    )


@pytest.mark.time_machine(morning_of(dt.date(2025, 10, 20)), tick=False)
def test_todays_activity_offers_its_organiser_the_check_in_code(client, school):
    from tests.factories_activities import activity, culture_of

    organiser = culture_of(school)
    trip = activity(school, organiser=organiser, title="秋季登山", starts_on=dt.date(2025, 10, 20))
    client.force_login(organiser)
    page = client.get(f"/o/{school.code}/").content.decode()
    (today,) = [i for i in _waiting(client, school) if i["name"] == "activities.today"]
    assert today["text"] == "Today: 秋季登山"
    assert f'href="/o/{school.code}/activities/{trip.pk}/qr/">Check-in code</a>' in page


@pytest.mark.time_machine(morning_of(dt.date(2025, 10, 1)), tick=False)
def test_a_member_sees_the_activities_to_sign_up_for_until_they_have(client, school):
    from tests.factories_activities import activity, member_with_login
    from unionhall.activities import services as activities

    trip = activity(
        school, code="outing", title="春游", signup_required=True, starts_on=dt.date(2025, 10, 20)
    )
    member = member_with_login(school)
    client.force_login(member.user)
    (signup,) = [i for i in _waiting(client, school) if i["name"] == "activities.signup"]
    assert signup["text"] == "Sign up for “春游”"
    assert signup["href"] == f"/o/{school.code}/activities/{trip.pk}/"
    activities.signup_create(activity=trip, member=member, actor=member.user)
    assert not [i for i in _waiting(client, school) if i["name"] == "activities.signup"]


def test_the_chair_is_reminded_of_the_codes_of_a_survey_open_with_one_time_codes(client, school):
    from tests.factories_polls import survey

    poll, _codes, chair = survey(school)
    client.force_login(chair)
    (codes,) = [i for i in _waiting(client, school) if i["name"] == "polls.codes"]
    assert codes["text"] == "Open with one-time codes: 学生评教 (print and hand out the slips)"
    assert codes["href"] == f"/o/{school.code}/polls/{poll.pk}/codes/"
