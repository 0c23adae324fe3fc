"""Naming a scrutineer by login finds only the school's own logins, and says the same of a login
of another school as of one that does not exist: the form tells no officer which logins exist
elsewhere."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories_polls import election, open_poll, voters
from tests.personas import member_of, user_with_role
from unionhall.orgs.roles import Role
from unionhall.polls import services
from unionhall.polls.models import Mode, Scrutineer
from unionhall.polls.workflow import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_poll(school):
    poll, _committee, _audit_body, chair, _people = election(school, voters_n=3, mode=Mode.PAPER)
    poll = open_poll(school, chair, poll)
    return services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED), chair


def _name(client, school, poll, username: str) -> list[str]:
    url = reverse("polls:paper", kwargs={"org": school.code, "pk": poll.pk})
    response = client.post(url, {"username": username}, follow=True)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def test_a_login_of_another_school_is_answered_as_one_that_does_not_exist(
    client, school, other_school, paper_poll
):
    member_of(other_school, username="B-teacher-01")
    client.force_login(user_with_role(school, Role.COMMITTEE_ORGANISATION))
    poll, _chair = paper_poll
    elsewhere = _name(client, school, poll, "B-teacher-01")
    nowhere = _name(client, school, poll, "B-teacher-02")
    assert [m.replace("B-teacher-01", "•") for m in elsewhere] == [
        m.replace("B-teacher-02", "•") for m in nowhere
    ]
    assert elsewhere == ["本工会没有账号为“B-teacher-01”的人员。"]
    assert not Scrutineer.objects.exists()


def test_a_login_of_this_school_is_named(client, school, paper_poll):
    poll, chair = paper_poll
    (person,) = voters(school, 1)
    client.force_login(chair)
    assert _name(client, school, poll, f" {person.user.username} ") == ["已确定监票人。"]
    scrutineer = Scrutineer.objects.get()
    assert (scrutineer.user, scrutineer.member, scrutineer.name) == (
        person.user,
        person,
        person.name,
    )
    # Named twice: a clear refusal, not an error page.
    assert _name(client, school, poll, person.user.username) == [
        f"{person.name}已是本次投票的监票人。"
    ]


def test_the_service_refuses_a_login_of_another_school_given_directly(
    school, other_school, paper_poll
):
    poll, chair = paper_poll
    outsider = member_of(other_school)
    with pytest.raises(ValidationError, match="本工会没有账号"):
        services.scrutineer_add(org=school, actor=chair, poll=poll, user=outsider, name="外校教师")
    assert not Scrutineer.objects.exists()
