import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory, grant
from tests.factories_congress import make_congress, make_rep, submit
from unionhall.congress import services
from unionhall.congress.models import CongressRules, Proposal, ProposalTransition, Term
from unionhall.congress.workflow import State

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def c(school):
    return make_congress(school)


def test_it_submits_with_enough_cosigners(c):
    p = submit(c, cosigners=(1, 2))
    assert p.state == State.SUBMITTED
    assert p.number == 1
    log = list(ProposalTransition.objects.filter(proposal=p).values_list("from_state", "to_state"))
    assert log == [("", "collecting"), ("collecting", "submitted")]


def test_it_collects_cosigners_until_the_minimum(c):
    p = submit(c, cosigners=(1,))
    assert p.state == State.COLLECTING
    services.proposal_cosign(org=c.school, actor=c.reps[2].user, proposal=p)
    p.refresh_from_db()
    assert p.state == State.SUBMITTED
    moved = ProposalTransition.objects.get(proposal=p, to_state="submitted")
    assert moved.actor == c.reps[2].user


def test_the_minimum_is_configurable(c):
    CongressRules.objects.create(org=c.school, min_cosigners=3)
    assert submit(c, cosigners=(1, 2)).state == State.COLLECTING


def test_it_refuses_a_non_representative_and_changes_nothing(c):
    outsider = grant(UserFactory(), c.school, "member", "representative")
    with pytest.raises(ValidationError, match="Only representatives of term 3"):
        services.proposal_submit(
            org=c.school,
            actor=outsider,
            session=c.session,
            title="x",
            category="other",
            reasons="r",
            measures="m",
            token="tok-outsider",
        )
    assert not Proposal.objects.exists()


def test_it_refuses_cosigning_your_own_proposal(c):
    p = submit(c, cosigners=())
    with pytest.raises(ValidationError, match="cannot co-sign your own proposal"):
        services.proposal_cosign(org=c.school, actor=c.reps[0].user, proposal=p)
    assert p.signers.count() == 0


def test_it_refuses_a_submitter_named_as_cosigner(c):
    with pytest.raises(ValidationError, match="cannot also co-sign"):
        submit(c, cosigners=(0, 1))
    assert not Proposal.objects.exists()


def test_it_refuses_cosigning_twice(c):
    p = submit(c, cosigners=(1,))
    with pytest.raises(ValidationError, match="already co-signed"):
        services.proposal_cosign(org=c.school, actor=c.reps[1].user, proposal=p)


def test_cosigners_must_be_representatives_of_the_same_term(c):
    other_term = Term.objects.create(
        org=c.school,
        number=2,
        starts_on=c.term.starts_on.replace(year=2015),
        ends_on=c.term.starts_on.replace(year=2018),
    )
    stranger = make_rep(c.school, other_term)
    with pytest.raises(ValidationError, match="same term"):
        services.proposal_submit(
            org=c.school,
            actor=c.reps[0].user,
            session=c.session,
            title="x",
            category="other",
            reasons="r",
            measures="m",
            token="tok-x",
            cosigners=[c.reps[1], stranger],
        )
    assert not Proposal.objects.exists()
    p = submit(c, cosigners=(1,))
    with pytest.raises(ValidationError, match="Only representatives of term 3 can co-sign"):
        services.proposal_cosign(org=c.school, actor=stranger.user, proposal=p)


def test_a_double_submission_gives_one_proposal(c):
    first = submit(c, token="same")
    again, created = services.proposal_submit(
        org=c.school,
        actor=c.reps[0].user,
        session=c.session,
        title="关于增设教师休息室的建议",
        category="welfare",
        reasons="r",
        measures="m",
        token="same",
    )
    assert not created
    assert again.pk == first.pk
    assert Proposal.objects.count() == 1


def test_joint_submitters_count_as_submitters(c):
    p = submit(c, cosigners=(2, 3), joint=[c.reps[1]])
    with pytest.raises(ValidationError, match="cannot co-sign your own"):
        # joint submitters are submitters: no co-signing, even while collecting
        services.proposal_cosign(org=c.school, actor=c.reps[1].user, proposal=p)
