from django.utils import timezone

from unionhall.congress.models import Proposal, Session
from unionhall.congress.workflow import State
from unionhall.core.audit import content_type_of
from unionhall.core.models import AuditEntry
from unionhall.demo.congress import seed_congress_demo


def test_it_seeds_one_term_three_sessions_and_proposals_in_every_state(school):
    term = seed_congress_demo(school)
    sessions = list(Session.objects.filter(org=school, term=term).order_by("number"))
    assert len(sessions) == 3
    # The first met last autumn (the school held its congress last year too), each recorded
    # on its day: its report reaches the district on time.
    today = timezone.localdate()
    assert sessions[0].held_on.year == today.year - 1
    for session in sessions:
        created = AuditEntry.objects.get(
            content_type=content_type_of(Session),
            object_id=session.pk,
            action=AuditEntry.Action.CREATE,
        )
        assert timezone.localdate(created.at) == session.held_on
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
