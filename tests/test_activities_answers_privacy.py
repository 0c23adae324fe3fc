"""Sign-up answers (a phone number, a shirt size) are read by the organisers and by the member
who gave them, never by the other members who open the activity's page."""

import datetime as dt

import pytest

from tests.clock import morning_of
from tests.factories_activities import activity, culture_of, member_with_login
from unionhall.activities import services

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(dt.date(2025, 10, 1)), tick=False),
]


@pytest.fixture
def trip(school):
    organiser = culture_of(school)
    trip = activity(
        school,
        organiser=organiser,
        code="outing",
        title="春游",
        starts_on=dt.date(2025, 10, 20),
        signup_required=True,
        signup_fields=[{"name": "phone", "label": "Mobile phone", "required": True}],
    )
    wang = member_with_login(school, name="王芳")
    li = member_with_login(school, name="李强")
    services.signup_create(
        activity=trip, member=wang, actor=wang.user, answers={"phone": "13911112222"}
    )
    services.signup_create(
        activity=trip, member=li, actor=li.user, answers={"phone": "13833334444"}
    )
    trip.people = {"organiser": organiser, "wang": wang.user, "li": li.user}
    return trip


def _page(client, school, trip, who):
    client.force_login(trip.people[who])
    return client.get(f"/o/{school.code}/activities/{trip.pk}/").content.decode()


def test_a_member_reads_their_own_answers_but_not_another_members(client, school, trip):
    page = _page(client, school, trip, "wang")
    assert "王芳" in page and "李强" in page  # who signed up stays public
    assert "13911112222" in page
    assert "13833334444" not in page


def test_the_organiser_reads_every_answer(client, school, trip):
    page = _page(client, school, trip, "organiser")
    assert "13911112222" in page
    assert "13833334444" in page
