from unionhall.congress.models import Proposal, Session
from unionhall.congress.workflow import State
from unionhall.demo.congress import seed_congress_demo


def test_it_seeds_one_term_two_sessions_and_proposals_in_every_state(school):
    term = seed_congress_demo(school)
    assert Session.objects.filter(org=school, term=term).count() == 2
    states = set(Proposal.objects.filter(org=school).values_list("state", flat=True))
    assert states == set(State.values)
    assert Proposal.objects.filter(org=school).count() == 15
    # A second call changes nothing.
    assert seed_congress_demo(school) == term
    assert Proposal.objects.filter(org=school).count() == 15


def test_the_schools_representative_login_is_a_representative_of_the_demo_term(school):
    from tests.factories import MemberFactory, UserFactory, grant
    from unionhall.congress.models import Representative

    for _ in range(20):
        MemberFactory(org=school)
    rep_user = grant(UserFactory(), school, "representative")
    MemberFactory(org=school, user=rep_user, name="庄代表", name_pinyin="zzzz")
    term = seed_congress_demo(school)
    assert Representative.objects.filter(term=term, user=rep_user).exists()
    assert Representative.objects.filter(term=term).count() == 12
