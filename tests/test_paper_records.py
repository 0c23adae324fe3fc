"""Records that happened on paper are typed in later by an officer, on behalf of the person who
wrote, signed, answered or rated them, with the day they happened. That person is the submitter
(signer, author, rater); the officer is in the audit trail; dates are never in the future nor
before what they follow; nobody without the paper capability types for someone else."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from tests.factories import MemberFactory
from tests.factories_congress import TODAY, accept, make_congress, submit
from tests.personas import chair_of, leader_of, member_of, welfare_of
from unionhall.congress import services as congress
from unionhall.congress.models import (
    Attendance,
    ImplementationUpdate,
    Proposal,
    ProposalTransition,
    Signer,
)
from unionhall.congress.workflow import State
from unionhall.core.audit import history
from unionhall.demo.congress import seed_congress_demo
from unionhall.demo.voice import seed_voice_demo
from unionhall.voice import services as voice
from unionhall.voice.models import Category, Suggestion

pytestmark = pytest.mark.usefixtures("english")


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _tomorrow() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=1)


def _typed_line(subject) -> str:
    entry = history(subject).get(summary_msgid__startswith="Typed by")
    return entry.actor, entry.summary_shown


@pytest.fixture
def c(school):
    return make_congress(school)


def _paper_proposal(c, *, days_ago=30, by=0, cosigners=(1, 2)):
    return submit(
        c,
        actor=c.chair,
        on_behalf_of=c.reps[by],
        submitted_at=_at(days_ago),
        cosigners=cosigners,
    )


# Proposals ----------------------------------------------------------------------------------


def test_a_paper_proposal_is_the_representatives_and_the_audit_names_the_clerk(c):
    p = _paper_proposal(c)
    p.refresh_from_db()
    assert p.submitted_by == c.reps[0]
    assert p.submitted_at == _at(30)
    assert p.state == State.SUBMITTED
    submitted = ProposalTransition.objects.get(proposal=p, to_state=State.SUBMITTED)
    assert submitted.actor == c.chair and submitted.on_behalf_of == c.reps[0].user
    actor, line = _typed_line(p)
    assert actor == c.chair
    assert line == (
        f"Typed by {c.chair} on behalf of {c.reps[0].name}; it happened on {_at(30).date()}"
    )
    with override("zh-hans"):
        assert "代" in history(p).get(summary_msgid__startswith="Typed by").summary_shown


def test_the_representative_finds_the_paper_proposal_as_their_own(client, c):
    p = _paper_proposal(c)
    client.force_login(c.reps[0].user)
    page = client.get(f"/o/{c.school.code}/congress/proposals/{p.pk}/").content.decode()
    assert c.reps[0].name in page
    assert f"typed by {c.chair} on behalf of {c.reps[0].name}" in page


def test_a_member_without_the_paper_capability_cannot_submit_on_behalf(c):
    with pytest.raises(ValidationError, match="You may not enter paper records on behalf"):
        submit(c, by=1, actor=c.reps[1].user, on_behalf_of=c.reps[0])
    with pytest.raises(ValidationError, match="You may not enter paper records on behalf"):
        submit(c, actor=welfare_of(c.school), on_behalf_of=c.reps[0])
    assert not c.session.proposals.exists()


def test_a_paper_proposal_cannot_be_dated_in_the_future(c):
    with pytest.raises(ValidationError, match="is in the future"):
        submit(c, actor=c.chair, on_behalf_of=c.reps[0], submitted_at=_tomorrow())
    assert not c.session.proposals.exists()


# Co-signatures ------------------------------------------------------------------------------


def test_a_paper_co_signature_keeps_its_day_and_its_signer(c):
    p = _paper_proposal(c, cosigners=(1,))
    assert p.state == State.COLLECTING
    congress.proposal_cosign(
        org=c.school, actor=c.chair, proposal=p, on_behalf_of=c.reps[2], signed_at=_at(28)
    )
    signer = Signer.objects.get(proposal=p, representative=c.reps[2])
    assert signer.signed_at == _at(28)
    p.refresh_from_db()
    assert p.state == State.SUBMITTED
    assert ProposalTransition.objects.get(proposal=p, to_state=State.SUBMITTED).at == _at(28)
    assert history(p).filter(actor=c.chair, summary_params__person=c.reps[2].name).exists()


def test_a_co_signature_before_the_submission_names_both_dates(c):
    p = _paper_proposal(c, cosigners=(1,))
    with pytest.raises(ValidationError) as refused:
        congress.proposal_cosign(
            org=c.school, actor=c.chair, proposal=p, on_behalf_of=c.reps[2], signed_at=_at(31)
        )
    text = str(refused.value)
    assert "is before the proposal was submitted" in text
    assert str(_at(31).date()) in text and str(_at(30).date()) in text
    with pytest.raises(ValidationError, match="is in the future"):
        congress.proposal_cosign(
            org=c.school, actor=c.chair, proposal=p, on_behalf_of=c.reps[2], signed_at=_tomorrow()
        )
    assert not Signer.objects.filter(proposal=p, representative=c.reps[2]).exists()


def test_a_representative_cannot_co_sign_for_another(c):
    p = _paper_proposal(c, cosigners=(1,))
    with pytest.raises(ValidationError, match="You may not enter paper records"):
        congress.proposal_cosign(
            org=c.school, actor=c.reps[3].user, proposal=p, on_behalf_of=c.reps[2]
        )


# Answers and ratings ------------------------------------------------------------------------


def _answered_on_paper(c, days_ago=20):
    p = _paper_proposal(c, days_ago=40)
    congress.proposal_accept(
        org=c.school,
        actor=c.chair,
        proposal=p,
        lead_department=c.dept,
        responsible=c.leader,
        answer_due=TODAY,
        reviewed_at=_at(35),
    )
    answer = congress.proposal_answer(
        org=c.school,
        actor=c.chair,
        proposal=p,
        text="同意。",
        answered_at=_at(days_ago),
        on_behalf_of=c.leader,
    )
    return p, answer


def test_a_paper_answer_is_the_leaders_and_the_audit_names_the_clerk(c):
    p, answer = _answered_on_paper(c)
    assert answer.author == c.leader and answer.at == _at(20)
    actor, line = _typed_line_of(p, str(c.leader))
    assert actor == c.chair and str(c.leader) in line


def _typed_line_of(p, person: str):
    entry = (
        history(p)
        .filter(summary_msgid__startswith="Typed by", summary_params__person=person)
        .first()
    )  # the latest
    return entry.actor, entry.summary_shown


def test_a_paper_answer_cannot_be_for_another_leader(c):
    p = accept(c, submit(c, submitted_at=_at(10)))
    with pytest.raises(ValidationError, match="Only the responsible leader"):
        congress.proposal_answer(
            org=c.school, actor=c.chair, proposal=p, text="x", on_behalf_of=c.other_leader
        )


def test_a_paper_rating_keeps_its_day_and_its_rater(c):
    p, _answer = _answered_on_paper(c)
    congress.proposal_rate(
        org=c.school,
        actor=c.chair,
        proposal=p,
        rating="satisfied",
        rated_at=_at(15),
        on_behalf_of=c.reps[0],
    )
    p.refresh_from_db()
    assert p.rating == "satisfied" and p.rated_at == _at(15)
    rated = ProposalTransition.objects.get(proposal=p, to_state=State.RATED)
    assert rated.at == _at(15) and rated.on_behalf_of == c.reps[0].user
    assert _typed_line_of(p, c.reps[0].name)[0] == c.chair


def test_a_rating_before_its_answer_or_by_someone_else_is_refused(c):
    p, _answer = _answered_on_paper(c)
    with pytest.raises(ValidationError) as refused:
        congress.proposal_rate(
            org=c.school,
            actor=c.chair,
            proposal=p,
            rating="satisfied",
            rated_at=_at(25),
            on_behalf_of=c.reps[0],
        )
    assert "is before the answer it rates" in str(refused.value)
    assert str(_at(20).date()) in str(refused.value)
    with pytest.raises(ValidationError, match="Only the submitters"):
        congress.proposal_rate(
            org=c.school, actor=c.chair, proposal=p, rating="satisfied", on_behalf_of=c.reps[3]
        )
    p.refresh_from_db()
    assert p.rating == "" and p.state == State.ANSWERED


def test_progress_and_done_keep_their_days_and_follow_the_rating(c):
    p, _answer = _answered_on_paper(c)
    congress.proposal_rate(
        org=c.school,
        actor=c.chair,
        proposal=p,
        rating="fairly",
        rated_at=_at(15),
        on_behalf_of=c.reps[0],
    )
    with pytest.raises(ValidationError, match="is before the answer was rated"):
        congress.proposal_progress(
            org=c.school, actor=c.leader, proposal=p, text="推进中", reported_at=_at(16)
        )
    update = congress.proposal_progress(
        org=c.school, actor=c.leader, proposal=p, text="推进中", reported_at=_at(10)
    )
    assert update.at == _at(10)
    with pytest.raises(ValidationError, match="is before the implementation it closes"):
        congress.proposal_done(org=c.school, actor=c.leader, proposal=p, done_at=_at(12))
    congress.proposal_done(org=c.school, actor=c.leader, proposal=p, done_at=_at(5))
    p.refresh_from_db()
    assert p.done_at == _at(5) and p.state == State.DONE


def test_opinion_and_merge_decisions_keep_their_days(c):
    target = accept(c, submit(c, submitted_at=_at(20)))
    opinion = submit(c, submitted_at=_at(20), title="意见")
    merged = submit(c, submitted_at=_at(20), title="并案")
    congress.proposal_reject(
        org=c.school,
        actor=c.chair,
        proposal=opinion,
        reason="区里统一部署。",
        responsible=c.leader,
        answer_due=TODAY,
        reviewed_at=_at(18),
    )
    congress.proposal_merge(
        org=c.school, actor=c.chair, proposal=merged, into=target, reviewed_at=_at(17)
    )
    opinion.refresh_from_db()
    merged.refresh_from_db()
    assert opinion.reviewed_at == _at(18) and merged.reviewed_at == _at(17)
    assert ProposalTransition.objects.get(proposal=merged, to_state=State.MERGED).at == _at(17)
    with pytest.raises(ValidationError, match="is before the proposal was submitted"):
        congress.proposal_merge(
            org=c.school,
            actor=c.chair,
            proposal=submit(c, submitted_at=_at(20), title="再并案"),
            into=target,
            reviewed_at=_at(21),
        )


# Resolutions and attendance -----------------------------------------------------------------


def test_a_tally_keeps_the_day_of_the_vote_never_before_the_session(c):
    item = congress.resolution_create(
        org=c.school, actor=c.chair, session=c.session, title="年度工作报告"
    )
    votes = {"votes_for": 4, "votes_against": 0, "votes_abstain": 1}
    with pytest.raises(ValidationError) as refused:
        congress.resolution_tally(
            org=c.school, actor=c.chair, resolution=item, tallied_at=_at(11), **votes
        )
    assert "is before the session was held" in str(refused.value)
    assert str(c.session.held_on) in str(refused.value)
    with pytest.raises(ValidationError, match="is in the future"):
        congress.resolution_tally(
            org=c.school, actor=c.chair, resolution=item, tallied_at=_tomorrow(), **votes
        )
    congress.resolution_tally(
        org=c.school, actor=c.chair, resolution=item, tallied_at=_at(10, 16), **votes
    )
    item.refresh_from_db()
    assert item.passed and item.tallied_at == _at(10, 16)


def test_attendance_keeps_its_day_never_before_the_session(c):
    present = [r.pk for r in c.reps[1:]]
    with pytest.raises(ValidationError, match="is before the session was held"):
        congress.attendance_record(
            org=c.school,
            actor=c.chair,
            session=c.session,
            present=present,
            taken_on=c.session.held_on - dt.timedelta(days=1),
        )
    congress.attendance_record(
        org=c.school, actor=c.chair, session=c.session, present=present, taken_on=c.session.held_on
    )
    assert set(Attendance.objects.filter(session=c.session).values_list("taken_on", flat=True)) == {
        c.session.held_on
    }
    assert history(c.session).filter(summary_params__date=str(c.session.held_on)).exists()


# Suggestions --------------------------------------------------------------------------------


@pytest.fixture
def category(school):
    voice.categories_ensure(org=school)
    return Category.objects.filter(org=school).first()


@pytest.fixture
def writer(school):
    return MemberFactory(org=school, name="王丽娟", user=member_of(school, display_name="王丽娟"))


def _paper_suggestion(school, clerk, category, **kw):
    return voice.suggestion_submit(
        org=school,
        user=clerk,
        token=kw.pop("token", "p1"),
        category=category,
        title="增加停车位",
        body="八点以后来的老师找不到车位。",
        **kw,
    ).suggestion


def test_a_paper_suggestion_is_the_writers_and_the_audit_names_the_clerk(school, category, writer):
    clerk = welfare_of(school, display_name="录入员")
    day = timezone.localdate() - dt.timedelta(days=40)
    s = _paper_suggestion(
        school, clerk, category, anonymous=False, on_behalf_of=writer, submitted_on=day
    )
    assert s.author == writer.user and s.submitted_on == day
    actor, line = _typed_line(s)
    assert actor == clerk
    assert line == f"Typed by 录入员 on behalf of 王丽娟; it happened on {day}"


def test_an_anonymous_paper_suggestion_has_no_author(school, category):
    clerk = welfare_of(school, display_name="录入员")
    s = _paper_suggestion(school, clerk, category, anonymous=True, from_paper=True)
    assert s.author is None and s.is_anonymous
    assert "an anonymous writer" in _typed_line(s)[1]


def test_a_member_cannot_enter_a_suggestion_on_behalf_of_another(school, category, writer):
    with pytest.raises(ValidationError, match="You may not enter suggestions from the paper box"):
        _paper_suggestion(school, member_of(school), category, anonymous=False, on_behalf_of=writer)
    assert not Suggestion.objects.filter(org=school).exists()


def test_a_writer_without_a_login_is_refused_with_their_name(school, category):
    clerk = welfare_of(school)
    no_login = MemberFactory(org=school, name="李春梅")
    with pytest.raises(ValidationError, match="李春梅 has no login yet"):
        _paper_suggestion(school, clerk, category, anonymous=False, on_behalf_of=no_login)


# The paper batch ----------------------------------------------------------------------------


def _rows(category, writer, *, bad_day=None):
    today = timezone.localdate()
    return [
        voice.PaperSuggestion("食堂菜品偏咸", category, writer, today - dt.timedelta(days=9)),
        voice.PaperSuggestion("图书馆延长开放", category, None, today - dt.timedelta(days=8)),
        voice.PaperSuggestion("精简会议", category, writer, bad_day or today),
    ]


def test_a_batch_stores_every_row(school, category, writer):
    clerk = welfare_of(school)
    stored = voice.suggestion_batch_submit(
        org=school, actor=clerk, token="b1", rows=_rows(category, writer)
    )
    assert [s.title for s in stored] == ["食堂菜品偏咸", "图书馆延长开放", "精简会议"]
    assert [s.author for s in stored] == [writer.user, None, writer.user]
    assert all(history(s).filter(actor=clerk).exists() for s in stored)
    # The same batch posted again stores nothing new.
    voice.suggestion_batch_submit(org=school, actor=clerk, token="b1", rows=_rows(category, writer))
    assert Suggestion.objects.filter(org=school).count() == 3


def test_a_batch_with_a_wrong_row_stores_nothing_and_names_the_row_and_field(
    school, category, writer
):
    other = Category.objects.create(org=MemberFactory().org, name="别校")
    rows = _rows(category, writer, bad_day=timezone.localdate() + dt.timedelta(days=1))
    rows[0] = voice.PaperSuggestion("食堂", other, writer, timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        voice.suggestion_batch_submit(org=school, actor=welfare_of(school), token="b2", rows=rows)
    errors = refused.value.messages
    assert errors[0].startswith("Row 1, Category:")
    assert errors[1].startswith("Row 3, Date:") and "is in the future" in errors[1]
    assert len(errors) == 2
    assert not Suggestion.objects.filter(org=school).exists()


def test_a_batch_preview_stores_nothing(school, category, writer):
    checked = voice.suggestion_batch_submit(
        org=school, actor=welfare_of(school), token="b3", rows=_rows(category, writer), dry_run=True
    )
    assert len(checked) == 3
    assert not Suggestion.objects.filter(org=school).exists()


# The demo -----------------------------------------------------------------------------------


def test_the_demo_congress_dates_every_step_and_types_paper_proposals_for_their_writers(school):
    seed_congress_demo(school)
    today = timezone.localdate()
    proposals = Proposal.objects.filter(org=school).exclude(state=State.COLLECTING)
    stamps = [
        stamp
        for p in proposals
        for stamp in (p.reviewed_at, p.rated_at, p.done_at, p.first_answered_at)
        if stamp is not None
    ]
    stamps += list(ImplementationUpdate.objects.filter(org=school).values_list("at", flat=True))
    assert stamps and all(timezone.localdate(stamp) < today for stamp in stamps)
    on_paper = ProposalTransition.objects.filter(org=school, on_behalf_of__isnull=False)
    assert on_paper.filter(to_state=State.SUBMITTED).exists()
    assert on_paper.filter(to_state=State.RATED).exists()
    assert all(t.actor != t.on_behalf_of for t in on_paper)


def test_the_demo_suggestion_box_has_paper_entries_and_dated_answers(school):
    for _ in range(8):
        MemberFactory(org=school, user=member_of(school))
    chair_of(school)
    leader_of(school)
    seed_voice_demo(school)
    typed = [
        s
        for s in Suggestion.objects.filter(org=school)
        if history(s).filter(summary_msgid__startswith="Typed by").exists()
    ]
    assert typed
    answered = Suggestion.objects.filter(org=school, state=Suggestion.State.ANSWERED)
    assert answered and all(
        timezone.localdate(s.answered_at) < timezone.localdate() for s in answered[:20]
    )
