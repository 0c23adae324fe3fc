"""A proposal's life after submission: review, answer, rating, implementation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories_congress import TODAY, accept, answer, make_congress, rate, submit
from unionhall.congress import services
from unionhall.congress.models import Answer, Proposal, ProposalTransition, Review
from unionhall.congress.workflow import TRANSITIONS, State
from unionhall.core.audit import history
from unionhall.notices.models import Notice

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def c(school):
    return make_congress(school)


def _state(p):
    return Proposal.objects.get(pk=p.pk).state


def test_every_state_is_in_the_table_and_closed_states_lead_nowhere():
    assert set(TRANSITIONS) == set(State.values)
    assert all(not TRANSITIONS[s] for s in State.closed())
    assert all(set(targets) <= set(State.values) for targets in TRANSITIONS.values())


def test_accepting_assigns_departments_and_tells_the_leader(c, django_capture_on_commit_callbacks):
    p = submit(c)
    with django_capture_on_commit_callbacks(execute=True):
        accept(c, p)
    p.refresh_from_db()
    assert p.state == State.ACCEPTED and p.review == Review.ACCEPTED
    assert p.lead_department == c.dept
    assert list(p.supporting_departments.all()) == [c.support]
    notice = Notice.objects.get(user=c.leader)
    assert notice.kind == "assigned" and p.title in notice.title


def test_a_rejected_proposal_is_still_answered_as_an_opinion(c):
    p = submit(c)
    with pytest.raises(ValidationError):
        services.proposal_reject(
            org=c.school,
            actor=c.chair,
            proposal=p,
            reason=" ",
            responsible=c.leader,
            answer_due=TODAY,
        )
    assert _state(p) == State.SUBMITTED
    services.proposal_reject(
        org=c.school,
        actor=c.chair,
        proposal=p,
        reason="属于区统一部署事项。",
        responsible=c.leader,
        answer_due=TODAY + dt.timedelta(days=5),
    )
    assert _state(p) == State.OPINION
    answer(c, p)
    assert _state(p) == State.ANSWERED


def test_merging_closes_the_proposal_into_another(c):
    target = submit(c, title="主提案")
    p = submit(c, title="同类提案")
    accept(c, target)
    services.proposal_merge(org=c.school, actor=c.chair, proposal=p, into=target)
    p.refresh_from_db()
    assert p.state == State.MERGED and p.merged_into == target
    with pytest.raises(ValidationError, match="closed"):
        answer(c, p)


def test_a_proposal_cannot_be_merged_into_itself(c):
    p = submit(c)
    with pytest.raises(ValidationError, match="itself"):
        services.proposal_merge(org=c.school, actor=c.chair, proposal=p, into=p)
    assert _state(p) == State.SUBMITTED


def test_review_needs_the_review_capability(c):
    p = submit(c)
    with pytest.raises(ValidationError, match="not allowed"):
        services.proposal_accept(
            org=c.school,
            actor=c.reps[0].user,
            proposal=p,
            lead_department=c.dept,
            responsible=c.leader,
            answer_due=TODAY,
        )
    assert _state(p) == State.SUBMITTED


def test_the_wrong_state_is_refused_clearly(c):
    p = submit(c)
    with pytest.raises(ValidationError, match="cannot move to"):
        answer(c, p)
    assert not Answer.objects.exists()


def test_the_answer_needs_the_capability_and_the_responsible_leader(c):
    p = accept(c, submit(c))
    with pytest.raises(ValidationError, match="not allowed"):
        services.proposal_answer(org=c.school, actor=c.chair, proposal=p, text="答复")
    with pytest.raises(ValidationError, match="Only the responsible leader"):
        services.proposal_answer(org=c.school, actor=c.other_leader, proposal=p, text="答复")
    assert _state(p) == State.ACCEPTED and not Answer.objects.exists()


def test_answering_tells_the_submitter(c, django_capture_on_commit_callbacks):
    p = accept(c, submit(c))
    with django_capture_on_commit_callbacks(execute=True):
        answer(c, p)
    p.refresh_from_db()
    assert p.first_answered_at is not None and p.answered_on_time is True
    assert Notice.objects.get(user=c.reps[0].user, kind="answered")


def test_a_closed_proposal_cannot_be_answered(c):
    p = accept(c, submit(c))
    answer(c, p)
    rate(c, p)
    services.proposal_done(org=c.school, actor=c.leader, proposal=p)
    with pytest.raises(ValidationError, match="closed"):
        answer(c, p)
    assert Answer.objects.filter(proposal=p).count() == 1


def test_a_second_answer_can_be_asked_for_once(c):
    p = accept(c, submit(c))
    answer(c, p)
    services.proposal_request_second_answer(
        org=c.school, actor=c.reps[0].user, proposal=p, reason="没有时间表。"
    )
    assert _state(p) == State.REANSWER
    answer(c, p, text="补充答复：九月底前完成。")
    assert [a.round for a in Answer.objects.filter(proposal=p)] == [1, 2]
    with pytest.raises(ValidationError, match="only once"):
        services.proposal_request_second_answer(
            org=c.school, actor=c.reps[0].user, proposal=p, reason="还是不清楚。"
        )
    assert _state(p) == State.ANSWERED


def test_only_a_submitter_rates_and_only_once(c):
    p = accept(c, submit(c))
    answer(c, p)
    with pytest.raises(ValidationError, match="Only the submitters"):
        rate(c, p, by=1)
    rate(c, p, "fairly")
    with pytest.raises(ValidationError, match="already been rated"):
        rate(c, p, "unsatisfied")
    p.refresh_from_db()
    assert p.rating == "fairly" and p.state == State.RATED


def test_implementation_is_tracked_until_done(c):
    p = accept(c, submit(c))
    with pytest.raises(ValidationError, match="Progress is recorded"):
        services.proposal_progress(org=c.school, actor=c.leader, proposal=p, text="进行中")
    answer(c, p)
    rate(c, p)
    services.proposal_progress(org=c.school, actor=c.leader, proposal=p, text="已完成改造设计")
    services.proposal_done(org=c.school, actor=c.leader, proposal=p, note="已投入使用")
    p.refresh_from_db()
    assert p.state == State.DONE and p.done_at
    assert [u.text for u in p.updates.all()] == ["已完成改造设计", "已投入使用"]


def test_every_transition_is_logged_with_who_and_old_and_new_state(c):
    p = accept(c, submit(c))
    answer(c, p)
    rate(c, p)
    rows = list(ProposalTransition.objects.filter(proposal=p).select_related("actor"))
    assert [(t.from_state, t.to_state) for t in rows] == [
        ("", "collecting"),
        ("collecting", "submitted"),
        ("submitted", "accepted"),
        ("accepted", "answered"),
        ("answered", "rated"),
    ]
    assert [t.actor for t in rows[2:]] == [c.chair, c.leader, c.reps[0].user]
    assert all(t.at for t in rows)
    assert history(p).count() >= 5
