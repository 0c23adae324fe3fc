"""Records that happened on paper are entered later with their own date, through the services:
the date is stored, a date in the future is refused, and the audit says who typed it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory, grant
from tests.factories_congress import TODAY, accept, make_congress, submit
from unionhall.congress import services as congress
from unionhall.congress.models import Answer, ProposalTransition
from unionhall.congress.workflow import State
from unionhall.core.audit import history
from unionhall.voice import services as voice
from unionhall.voice.models import Category, Suggestion

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _tomorrow() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=1)


@pytest.fixture
def c(school):
    return make_congress(school)


def _transition_at(proposal, state):
    return ProposalTransition.objects.get(proposal=proposal, to_state=state).at


# Congress: submission -------------------------------------------------------------------------


def test_a_proposal_handed_in_on_paper_keeps_its_day(c):
    handed_in = _at(12, hour=15)
    p = submit(c, submitted_at=handed_in)
    p.refresh_from_db()
    assert p.submitted_at == handed_in
    assert _transition_at(p, State.COLLECTING) == handed_in
    assert _transition_at(p, State.SUBMITTED) == handed_in
    # The audit says who typed it, when they typed it.
    entry = history(p).filter(action="create").get()
    assert entry.actor == c.reps[0].user
    assert entry.at > handed_in


def test_a_proposal_cannot_be_submitted_in_the_future(c):
    with pytest.raises(ValidationError, match="is in the future: enter the date it happened"):
        submit(c, submitted_at=_tomorrow())
    assert not c.session.proposals.exists()


def test_without_a_date_a_proposal_is_submitted_now(c):
    before = timezone.now()
    p = submit(c)
    assert before <= p.submitted_at <= timezone.now()


# Congress: acceptance -------------------------------------------------------------------------


def _accept(c, p, **kw):
    return congress.proposal_accept(
        org=c.school,
        actor=c.chair,
        proposal=p,
        lead_department=c.dept,
        responsible=c.leader,
        answer_due=TODAY + dt.timedelta(days=20),
        **kw,
    )


def test_an_acceptance_decided_earlier_keeps_its_day(c):
    p = submit(c, submitted_at=_at(12))
    decided = _at(9)
    _accept(c, p, reviewed_at=decided)
    p.refresh_from_db()
    assert p.reviewed_at == decided
    assert _transition_at(p, State.ACCEPTED) == decided
    assert history(p).filter(actor=c.chair).exists()


def test_an_acceptance_cannot_be_dated_in_the_future_or_before_the_submission(c):
    p = submit(c, submitted_at=_at(12))
    with pytest.raises(ValidationError, match="is in the future"):
        _accept(c, p, reviewed_at=_tomorrow())
    with pytest.raises(ValidationError, match="is before the proposal was submitted"):
        _accept(c, p, reviewed_at=_at(13))
    p.refresh_from_db()
    assert p.state == State.SUBMITTED and p.reviewed_at is None


# Congress: answer -----------------------------------------------------------------------------


def _answer(c, p, **kw):
    return congress.proposal_answer(
        org=c.school, actor=c.leader, proposal=p, text="同意，本学期内完成。", **kw
    )


def test_an_answer_given_on_paper_keeps_its_day_and_is_judged_on_time_by_it(c):
    p = submit(c, submitted_at=_at(40))
    accept(c, p, due=TODAY - dt.timedelta(days=10))  # the deadline has passed by now
    answered = _at(20)
    answer = _answer(c, p, answered_at=answered)
    p.refresh_from_db()
    assert answer.at == answered
    assert p.first_answered_at == answered
    assert p.answered_on_time  # answered 20 days ago, before its deadline
    assert _transition_at(p, State.ANSWERED) == answered
    assert history(p).filter(actor=c.leader).exists()


def test_an_answer_dated_after_its_deadline_is_late(c):
    p = submit(c, submitted_at=_at(40))
    accept(c, p, due=TODAY - dt.timedelta(days=25))
    _answer(c, p, answered_at=_at(20))
    p.refresh_from_db()
    assert p.answered_on_time is False


def test_an_answer_cannot_be_dated_in_the_future_or_before_the_submission(c):
    p = submit(c, submitted_at=_at(12))
    accept(c, p)
    with pytest.raises(ValidationError, match="is in the future"):
        _answer(c, p, answered_at=_tomorrow())
    with pytest.raises(ValidationError, match="is before the proposal was submitted"):
        _answer(c, p, answered_at=_at(14))
    assert not Answer.objects.filter(proposal=p).exists()
    p.refresh_from_db()
    assert p.state == State.ACCEPTED and p.first_answered_at is None


# Suggestion box ---------------------------------------------------------------------------------


@pytest.fixture
def category(school):
    voice.categories_ensure(org=school)
    return Category.objects.filter(org=school).first()


def _suggest(school, category, token="t1", **kw):
    return voice.suggestion_submit(
        org=school,
        user=grant(UserFactory(), school, "member"),
        token=token,
        category=category,
        title="增加停车位",
        body="八点以后来的老师找不到车位。",
        anonymous=False,
        **kw,
    )


def test_a_paper_suggestion_keeps_the_day_it_was_put_in_the_box(school, category):
    day = timezone.localdate() - dt.timedelta(days=30)
    suggestion = _suggest(school, category, submitted_on=day).suggestion
    assert Suggestion.objects.get(pk=suggestion.pk).submitted_on == day
    assert history(suggestion).filter(action="create").exists()


def test_a_suggestion_cannot_be_dated_in_the_future(school, category):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="is in the future: enter the date it happened"):
        _suggest(school, category, submitted_on=tomorrow)
    with pytest.raises(ValidationError, match="is in the future"):
        voice.suggestion_submit_public(
            org=school,
            token="t2",
            channel=Suggestion.Channel.PARENT,
            category=category,
            title="校门口拥堵",
            body="放学时车太多。",
            submitted_on=tomorrow,
        )
    assert not Suggestion.objects.filter(org=school).exists()


def test_a_parents_paper_suggestion_keeps_its_day(school, category):
    day = timezone.localdate() - dt.timedelta(days=3)
    result = voice.suggestion_submit_public(
        org=school,
        token="t3",
        channel=Suggestion.Channel.PARENT,
        category=category,
        title="校门口拥堵",
        body="放学时车太多。",
        submitted_on=day,
    )
    assert Suggestion.objects.get(pk=result.suggestion.pk).submitted_on == day
