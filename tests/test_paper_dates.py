"""The day a paper record happened, on the pages where it had none: the committee's decision on
a proposal, the leader's own answer, a selection's decision; and the rules of core/backdate.py
(never in the future, never before what it follows) with a message naming the field."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories_congress import make_congress, submit
from tests.factories_polls import election, open_poll
from unionhall.congress.models import Proposal
from unionhall.congress.workflow import State as ProposalState
from unionhall.polls import services
from unionhall.polls.models import Mode, Poll
from unionhall.polls.workflow import State

pytestmark = pytest.mark.usefixtures("english")


def _day(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _submitted(c, days_ago: int) -> Proposal:
    p = submit(c, submitted_at=timezone.make_aware(dt.datetime.combine(_day(days_ago), dt.time(9))))
    return Proposal.objects.get(pk=p.pk)


def test_the_committee_decision_and_the_leaders_answer_keep_their_days(client, school):
    c = make_congress(school)
    p = _submitted(c, 40)
    url = f"/o/{school.code}/congress/proposals/{p.pk}/"
    client.force_login(c.chair)
    page = client.get(url).content.decode()
    assert 'name="accept-happened_on"' in page
    accept = {
        "accept-lead_department": c.dept.pk,
        "accept-responsible": c.leader.pk,
        "accept-answer_due": _day(10).isoformat(),
    }
    # Not ahead of today, not before the proposal was handed in; nothing changes when refused.
    for day, words in ((_day(-1), "is in the future"), (_day(41), "before the proposal")):
        refused = client.post(url + "accept/", {**accept, "accept-happened_on": day.isoformat()})
        assert refused.status_code == 400 and words in refused.content.decode()
        p.refresh_from_db()
        assert p.state == ProposalState.SUBMITTED
    response = client.post(url + "accept/", {**accept, "accept-happened_on": _day(35).isoformat()})
    assert response.status_code == 302
    p.refresh_from_db()
    assert timezone.localdate(p.reviewed_at) == _day(35)

    client.force_login(c.leader)
    assert 'name="answer-happened_on"' in client.get(url).content.decode()
    response = client.post(
        url + "answer/", {"answer-text": "同意。", "answer-happened_on": _day(12).isoformat()}
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert timezone.localdate(p.first_answered_at) == _day(12)
    assert p.answered_on_time  # due 10 days ago, answered 12 days ago


def test_an_answer_without_a_day_is_given_today(client, school):
    c = make_congress(school)
    p = _submitted(c, 5)
    url = f"/o/{school.code}/congress/proposals/{p.pk}/"
    client.force_login(c.chair)
    client.post(
        url + "accept/",
        {
            "accept-lead_department": c.dept.pk,
            "accept-responsible": c.leader.pk,
            "accept-answer_due": _day(-10).isoformat(),
        },
    )
    client.force_login(c.leader)
    assert client.post(url + "answer/", {"answer-text": "同意。"}).status_code == 302
    p.refresh_from_db()
    assert timezone.localdate(p.first_answered_at) == timezone.localdate()
    assert timezone.localdate(p.reviewed_at) == timezone.localdate()


def test_a_paper_box_is_not_counted_before_the_day_of_its_vote(school):
    poll, _committee, _audit, chair, _people = election(school, voters_n=5, mode=Mode.PAPER)
    Poll.objects.filter(pk=poll.pk).update(held_on=_day(-3))
    poll = open_poll(school, chair, Poll.objects.get(pk=poll.pk))
    services.presence_record(org=school, actor=chair, poll=poll, present=poll.voters.all())
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    with pytest.raises(ValidationError, match=r"dated .*: its ballot box is counted on or after"):
        services.paper_count_enter(
            org=school, actor=chair, poll=poll, issued=5, returned=5, valid=5, invalid=0
        )
