"""Front-line share of representatives, attendance and quorum, configurable rules."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import DepartmentFactory, MemberFactory, UserFactory
from tests.factories_congress import make_congress, make_rep
from unionhall.congress import selectors, services
from unionhall.congress.models import CongressRules, Representative

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def c(school):
    return make_congress(school, reps=3)


def test_front_line_defaults_from_the_department(c):
    admin = make_rep(c.school, c.term, frontline=False)
    assert admin.is_frontline is False
    assert c.reps[0].is_frontline is True


def test_it_warns_when_front_line_teachers_are_below_sixty_percent(client, c):
    make_rep(c.school, c.term, frontline=False)
    client.force_login(c.chair)
    page = f"/o/{c.school.code}/congress/terms/{c.term.pk}/"
    assert 'data-warning="frontline"' not in client.get(page).content.decode()  # 3 of 4: 75%
    make_rep(c.school, c.term, frontline=False)
    html = client.get(page).content.decode()  # 3 of 5 = 60%: not below
    assert 'data-warning="frontline"' not in html
    make_rep(c.school, c.term, frontline=False)
    html = client.get(page).content.decode()  # 3 of 6 = 50%
    assert 'data-warning="frontline"' in html


def test_a_member_without_a_login_is_a_representative_and_the_login_takes_it_up(c):
    """Issue 21 §3: any member on the register can be a representative; what they do online
    waits for their login (it used to be refused: "no login")."""
    from unionhall.members.services import member_logins_issue

    dept = DepartmentFactory(org=c.school)
    member = MemberFactory(org=c.school, department=dept)
    rep = services.representative_add(
        org=c.school, actor=c.chair, term=c.term, member=member, electoral_group="一组"
    )
    assert rep.user is None and rep.member == member
    with pytest.raises(ValidationError, match="already a representative"):
        services.representative_add(
            org=c.school, actor=c.chair, term=c.term, member=member, electoral_group="一组"
        )
    ((_member, user, _password),) = member_logins_issue(
        org=c.school, actor=c.chair, members=[member]
    )
    rep.refresh_from_db()
    assert rep.user == user
    assert user.role_assignments.filter(org=c.school, role="representative").exists()
    assert Representative.objects.filter(member=member).count() == 1


def test_a_member_with_a_login_is_made_a_representative_with_the_role(c):
    member = MemberFactory(org=c.school, department=DepartmentFactory(org=c.school))
    user = UserFactory()
    member.user = user
    member.save()
    rep = services.representative_add(
        org=c.school, actor=c.chair, term=c.term, member=member, electoral_group="一组"
    )
    assert user.role_assignments.filter(org=c.school, role="representative").exists()
    with pytest.raises(ValidationError, match="already a representative"):
        services.representative_add(
            org=c.school, actor=c.chair, term=c.term, member=member, electoral_group="一组"
        )
    assert Representative.objects.filter(user=user).count() == 1 and rep.pk


def test_quorum_is_two_thirds_by_default_and_configurable(client, c):
    rules = services.rules_for(c.school)
    services.attendance_record(
        org=c.school, actor=c.chair, session=c.session, present=[c.reps[0].pk, c.reps[1].pk]
    )
    q = selectors.quorum(org=c.school, session=c.session, rules=rules)
    assert (q.present, q.total, q.needed, q.met) == (2, 3, 2, True)
    services.attendance_record(
        org=c.school, actor=c.chair, session=c.session, present=[c.reps[0].pk]
    )
    client.force_login(c.chair)
    html = client.get(f"/o/{c.school.code}/congress/sessions/{c.session.pk}/").content.decode()
    assert 'data-warning="quorum"' in html
    CongressRules.objects.create(org=c.school, quorum_numerator=1, quorum_denominator=3)
    html = client.get(f"/o/{c.school.code}/congress/sessions/{c.session.pk}/").content.decode()
    assert 'data-warning="quorum"' not in html


def test_attendance_through_the_page(client, c):
    client.force_login(c.chair)
    url = f"/o/{c.school.code}/congress/sessions/{c.session.pk}/attendance/"
    assert client.get(url).status_code == 200
    client.post(url, {"present": [c.reps[0].pk, c.reps[2].pk]})
    present = selectors.attendance_present_ids(org=c.school, session=c.session)
    assert present == {c.reps[0].pk, c.reps[2].pk}


def test_the_rules_page_saves_the_minimum_cosigners(client, c):
    client.force_login(c.chair)
    url = f"/o/{c.school.code}/congress/rules/"
    assert client.get(url).status_code == 200
    data = {
        "min_cosigners": 3,
        "quorum_numerator": 2,
        "quorum_denominator": 3,
        "pass_numerator": 1,
        "pass_denominator": 2,
        "frontline_min_percent": 60,
        "due_soon_days": 3,
    }
    assert client.post(url, data).status_code == 302
    assert services.rules_for(c.school).min_cosigners == 3


def test_it_warns_about_a_past_semester_without_a_session(c):
    import datetime as dt

    from unionhall.congress.models import Term

    term = Term.objects.create(
        org=c.school, number=9, starts_on=dt.date(2024, 9, 1), ends_on=dt.date(2027, 8, 31)
    )
    sessions = [
        services.session_create(
            org=c.school, actor=c.chair, term=term, number=1, held_on=dt.date(2024, 10, 10)
        ),
        services.session_create(
            org=c.school, actor=c.chair, term=term, number=2, held_on=dt.date(2025, 10, 9)
        ),
    ]
    missing = selectors.semesters_without_session(
        term=term, sessions=sessions, today=dt.date(2026, 3, 1)
    )
    assert missing == ["2024–2025 spring semester"]
