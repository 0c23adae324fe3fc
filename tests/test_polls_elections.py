"""Elections: online ballots, the rules at the count, the runoff, the paper count."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories_polls import count_box, election, open_poll, voters
from unionhall.polls import selectors, services
from unionhall.polls.models import Ballot, Mode, Voted
from unionhall.polls.workflow import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _cast(school, poll, person, committee, marks, audit_body=None):
    options = {o.label: o.pk for o in committee.options.all()}
    choices = {committee.pk: {options[name]: value for name, value in marks.items()}}
    if audit_body is not None:
        choices[audit_body.pk] = {audit_body.options.get().pk: "approve"}
    services.ballot_cast(org=school, poll=poll, user=person.user, choices=choices)


def test_candidates_listed_by_surname_strokes(school):
    _poll, committee, *_rest = election(school, names=["张伟", "王芳", "李明"])
    assert [o.label for o in committee.options.all()] == ["王芳", "李明", "张伟"]


def test_too_few_candidates_for_a_contested_body_are_refused_when_entered(school):
    with pytest.raises(ValidationError, match="at least 3"):
        election(school, names=["王芳", "李明"])


def test_too_few_candidates_for_a_contested_body_cannot_open(school):
    poll, _committee, _audit_body, chair, _people = election(school)
    # the rules changed after the candidates were entered (a 100% surplus: 3 for 2 seats fall short)
    poll.rules["surplus_percent"] = 100
    poll.save(update_fields=["rules"])
    with pytest.raises(ValidationError, match="at least 4"):
        open_poll(school, chair, poll)


def test_one_ballot_each_and_an_over_vote_is_refused_before_it_is_cast(school):
    poll, committee, audit_body, chair, people = election(school, voters_n=3)
    open_poll(school, chair, poll)
    _cast(school, poll, people[0], committee, {"王芳": "approve"}, audit_body)
    with pytest.raises(ValidationError, match="already voted"):
        _cast(school, poll, people[0], committee, {"李明": "approve"})
    # three approvals for two seats: refused, naming the body and its seats, and not cast
    with pytest.raises(
        ValidationError, match=r"工会委员会委员: approve at most 2\. You approved 3"
    ):
        _cast(
            school,
            poll,
            people[1],
            committee,
            {"王芳": "approve", "李明": "approve", "张伟": "approve"},
        )
    assert Voted.objects.filter(poll=poll).count() == 1
    # the voter corrects the ballot and casts it
    _cast(school, poll, people[1], committee, {"王芳": "approve", "李明": "approve"})
    poll = count_box(school, chair, poll)
    assert not Ballot.objects.filter(poll=poll, valid=False).exists()
    counts = selectors.counts(poll)
    assert (counts.cast, counts.valid, counts.invalid) == (2, 2, 0)
    assert poll.voted_count == 2


def test_someone_not_on_the_roll_cannot_vote(school):
    poll, committee, _audit_body, chair, _people = election(school)
    open_poll(school, chair, poll)
    (late,) = voters(school, 1)
    with pytest.raises(ValidationError, match="not on the roll"):
        _cast(school, poll, late, committee, {"王芳": "approve"})


def test_without_two_thirds_the_poll_is_void(school):
    poll, committee, _audit_body, chair, people = election(school, voters_n=9)
    open_poll(school, chair, poll)
    for person in people[:5]:
        _cast(school, poll, person, committee, {"王芳": "approve"})
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    assert "Only 5 of the 9" in poll.void_reason


def test_more_than_half_of_those_entitled_and_the_most_votes_win(school):
    poll, committee, audit_body, chair, people = election(school, voters_n=9)
    open_poll(school, chair, poll)
    for i, person in enumerate(people):
        second = "李明" if i < 3 else "张伟"
        _cast(school, poll, person, committee, {"王芳": "approve", second: "approve"}, audit_body)
    poll = count_box(school, chair, poll)
    body = selectors.election_result(poll)[0]
    votes = {line.option.label: line.marks[0] for line in body.lines}
    assert votes == {"王芳": 9, "李明": 3, "张伟": 6}
    assert [o.label for o in body.outcome.elected] == ["王芳", "张伟"]
    assert body.least == 5  # more than half of the 9 entitled


def test_a_tie_at_the_last_seat_goes_to_a_runoff_among_the_tied(school):
    names = ["王芳", "李明", "张伟", "刘洋"]
    poll, committee, audit_body, chair, people = election(school, voters_n=10, seats=3, names=names)
    open_poll(school, chair, poll)
    for i, person in enumerate(people):
        if i < 8:
            marks = {"王芳": "approve", "李明": "approve", ("张伟" if i < 4 else "刘洋"): "approve"}
        else:
            marks = {"王芳": "approve", "张伟": "approve", "刘洋": "approve"}
        _cast(school, poll, person, committee, marks, audit_body)
    poll = count_box(school, chair, poll)
    body = selectors.election_result(poll)[0]
    assert [o.label for o in body.outcome.elected] == ["王芳", "李明"]
    assert sorted(o.label for o in body.outcome.tied) == ["刘洋", "张伟"]
    runoff = services.runoff_create(org=school, actor=chair, poll=poll)
    (question,) = runoff.questions.all()
    assert question.seats == 1
    assert sorted(o.label for o in question.options.all()) == ["刘洋", "张伟"]


def test_a_shortfall_goes_to_a_runoff_that_completes_the_election(school):
    poll, committee, audit_body, chair, people = election(school, voters_n=8)
    open_poll(school, chair, poll)
    for i, person in enumerate(people):
        _cast(
            school,
            poll,
            person,
            committee,
            {"王芳": "approve", ("李明" if i % 2 else "张伟"): "approve"},
            audit_body,
        )
    # 李明 4 of 8 is not more than half: a shortfall of one seat, runoff among the others
    poll = count_box(school, chair, poll)
    body = selectors.election_result(poll)[0]
    assert [o.label for o in body.outcome.elected] == ["王芳"]
    assert body.outcome.shortfall == 1
    runoff = services.runoff_create(org=school, actor=chair, poll=poll)
    assert runoff.runoff_of == poll
    (question,) = runoff.questions.all()
    assert question.seats == 1
    assert sorted(o.label for o in question.options.all()) == ["张伟", "李明"]
    runoff = open_poll(school, chair, runoff)
    assert runoff.voters.count() == 8
    li = question.options.get(label="李明")
    for person in people[:6]:
        services.ballot_cast(
            org=school, poll=runoff, user=person.user, choices={question.pk: {li.pk: "approve"}}
        )
    runoff = count_box(school, chair, runoff)
    runoff = services.poll_move(org=school, actor=chair, poll=runoff, target=State.PUBLISHED)
    (result,) = selectors.election_result(runoff)
    assert [o.label for o in result.outcome.elected] == ["李明"]
    assert runoff.state == State.PUBLISHED


def test_paper_count_reconciled_and_entered_twice(school):
    poll, committee, _audit_body, chair, _people = election(school, voters_n=9, mode=Mode.PAPER)
    poll = open_poll(school, chair, poll)
    services.presence_record(org=school, actor=chair, poll=poll, present=poll.voters.all())
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    with pytest.raises(ValidationError, match="Reconcile"):
        services.paper_tally_enter(org=school, actor=chair, poll=poll, counts={})
    one, two = voters(school, 2)
    wang = committee.options.get(label="王芳")
    with pytest.raises(ValidationError, match="cannot be a scrutineer"):
        services.scrutineer_add(org=school, actor=chair, poll=poll, user=one.user, name="王芳")
    s1 = services.scrutineer_add(org=school, actor=chair, poll=poll, user=one.user, name=one.name)
    services.scrutineer_add(org=school, actor=chair, poll=poll, user=two.user, name=two.name)
    services.paper_count_enter(
        org=school, actor=chair, poll=poll, issued=9, returned=9, valid=8, invalid=1
    )
    counts = {f"o:{wang.pk}": {"approve": 8}}
    services.paper_tally_enter(org=school, actor=one.user, poll=poll, counts=counts)
    services.paper_tally_enter(
        org=school, actor=two.user, poll=poll, counts={f"o:{wang.pk}": {"approve": 7}}
    )
    with pytest.raises(ValidationError, match=r"Two matching counts.*王芳"):
        services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    # the second scrutineer counts again and enters the count again
    services.paper_tally_enter(org=school, actor=two.user, poll=poll, counts=counts)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    body = selectors.election_result(poll)[0]
    assert [o.label for o in body.outcome.elected] == ["王芳"]
    assert s1.name == one.name


def test_more_ballots_returned_than_issued_voids_the_poll(school):
    poll, _committee, _audit_body, chair, _people = election(school, voters_n=9, mode=Mode.PAPER)
    poll = open_poll(school, chair, poll)
    services.presence_record(org=school, actor=chair, poll=poll, present=poll.voters.all())
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    services.paper_count_enter(
        org=school, actor=chair, poll=poll, issued=9, returned=10, valid=10, invalid=0
    )
    poll.refresh_from_db()
    assert "must be held again" in poll.void_reason


def test_the_lifecycle_is_guarded(school):
    poll, _committee, _audit_body, chair, people = election(school)
    with pytest.raises(ValidationError, match="cannot move"):
        services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)
    with pytest.raises(ValidationError, match="not allowed"):
        services.poll_move(org=school, actor=people[0].user, poll=poll, target=State.OPEN)
