"""Any member on the register can be a congress representative, a proposer on paper, a nominee
or a voter whether or not they have logged in; what they do online waits for their login, which
takes up their representation when it is given."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_congress import make_congress
from unionhall.congress.models import Proposal, Representative
from unionhall.congress.workflow import State
from unionhall.orgs.models import RoleAssignment
from unionhall.orgs.roles import Role

pytestmark = pytest.mark.usefixtures("english")


def _ok(response):
    if response.status_code != 302:
        form = response.context and response.context.get("form")
        raise AssertionError(f"{response.status_code}: {getattr(form, 'errors', '')}")
    return response


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def test_members_without_a_login_serve_as_representatives_and_propose_on_paper(client, school):
    c = make_congress(school, reps=0)
    dept = DepartmentFactory(org=school, name="英语组", is_frontline=True)
    people = [MemberFactory(org=school, department=dept, name=f"代表{n}") for n in range(3)]
    base = f"/o/{school.code}/congress/"
    client.force_login(c.chair)
    form = client.get(base + f"terms/{c.term.pk}/representatives/new/").content.decode()
    assert all(p.name in form for p in people)  # offered though none has a login
    for person in people:
        _ok(
            client.post(
                base + f"terms/{c.term.pk}/representatives/new/",
                {"member": person.pk, "electoral_group": "英语组", "frontline": ""},
            )
        )
    reps = list(Representative.objects.filter(term=c.term).order_by("name"))
    assert [r.user for r in reps] == [None, None, None]
    # Added once only.
    again = client.post(
        base + f"terms/{c.term.pk}/representatives/new/",
        {"member": people[0].pk, "electoral_group": "英语组", "frontline": ""},
    )
    assert again.status_code == 200 and Representative.objects.filter(term=c.term).count() == 3

    # Their proposal, co-signatures and rating are typed in from paper.
    _ok(
        client.post(
            base + "proposals/paper/",
            {
                "token": "paper-no-login",
                "on_behalf_of": reps[0].pk,
                "happened_on": _day(5),
                "title": "关于增加英语角活动经费的建议",
                "category": "welfare",
                "reasons": "活动经费不足。",
                "measures": "每学期增加预算。",
                "cosigners": [reps[1].pk, reps[2].pk],
            },
        )
    )
    proposal = Proposal.objects.get(org=school)
    assert proposal.submitted_by == reps[0] and proposal.state == State.SUBMITTED
    _ok(
        client.post(
            base + f"proposals/{proposal.pk}/accept/",
            {
                "accept-lead_department": c.dept.pk,
                "accept-responsible": c.leader.pk,
                "accept-answer_due": _day(-20),
            },
        )
    )
    client.force_login(c.leader)
    _ok(client.post(base + f"proposals/{proposal.pk}/answer/", {"answer-text": "同意。"}))
    client.force_login(c.chair)
    _ok(
        client.post(
            base + f"proposals/{proposal.pk}/paper/rate/",
            {
                "paper_rate-on_behalf_of": reps[0].pk,
                "paper_rate-happened_on": _day(0),
                "paper_rate-rating": "satisfied",
            },
        )
    )
    proposal.refresh_from_db()
    assert proposal.state == State.RATED and proposal.rating == "satisfied"

    # Their logins, given later on slips, take up their representations.
    response = client.post(f"/o/{school.code}/members/logins/", {"members": [people[0].pk]})
    assert response.status_code == 200
    reps[0].refresh_from_db()
    people[0].refresh_from_db()
    assert reps[0].user == people[0].user is not None
    assert RoleAssignment.objects.filter(
        org=school, user=people[0].user, role=Role.REPRESENTATIVE
    ).exists()
    user = people[0].user
    user.must_change_password = False  # as after their first login
    user.save(update_fields=["must_change_password"])
    client.force_login(user)
    page = client.get(base + f"proposals/{proposal.pk}/").content.decode()
    assert "关于增加英语角活动经费的建议" in page
    reps[1].refresh_from_db()
    assert reps[1].user is None  # the others still wait for theirs
