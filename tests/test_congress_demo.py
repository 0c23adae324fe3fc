from unionhall.congress.demo import seed_congress_demo
from unionhall.congress.models import Proposal, Session
from unionhall.congress.workflow import State


def test_it_seeds_one_term_two_sessions_and_proposals_in_every_state(school):
    term = seed_congress_demo(school)
    assert Session.objects.filter(org=school, term=term).count() == 2
    states = set(Proposal.objects.filter(org=school).values_list("state", flat=True))
    assert states == set(State.values)
    assert Proposal.objects.filter(org=school).count() == 15
    # A second call changes nothing.
    assert seed_congress_demo(school) == term
    assert Proposal.objects.filter(org=school).count() == 15
