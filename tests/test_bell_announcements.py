"""The bell announces what a person must now act on, once the change has committed: a vote opened
to them, a place freed for them from the waiting list, being named scrutineer or judge, and a
selection's public notice (公示) starting."""

import datetime as dt

import pytest

from tests.clock import morning_of
from tests.factories_activities import activity, culture_of, member_with_login
from tests.factories_polls import election, open_poll, voters
from tests.personas import chair_of
from tests.test_polls_selections import _selection, _vote_online
from unionhall.activities import services as activity_services
from unionhall.notices.models import Notice
from unionhall.polls import selections, services
from unionhall.polls.models import Mode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _bell(client, school, user) -> str:
    client.force_login(user)
    return client.get(f"/o/{school.code}/notices/").content.decode()


def test_a_vote_opened_reaches_everyone_on_the_roll_once(
    client, school, django_capture_on_commit_callbacks
):
    poll, *_rest, chair, people = election(school, voters_n=4)
    assert not Notice.objects.filter(user=people[0].user).exists()
    with django_capture_on_commit_callbacks(execute=True):
        open_poll(school, chair, poll)
    for person in people:
        (notice,) = Notice.objects.filter(user=person.user)
        assert notice.url == f"/o/{school.code}/polls/{poll.pk}/vote/"
    assert "The vote “第五届工会委员会选举” is open to you." in _bell(
        client, school, people[0].user
    )
    # Not before the commit: nothing is announced of a change that may yet roll back.
    assert not Notice.objects.filter(user=chair).exists()


@pytest.mark.time_machine(morning_of(dt.date(2025, 10, 1)), tick=False)
def test_a_place_freed_from_the_waiting_list_is_announced_to_the_one_who_gets_it(
    client, school, django_capture_on_commit_callbacks
):
    trip = activity(
        school,
        code="outing",
        title="春游",
        signup_required=True,
        capacity=1,
        starts_on=dt.date(2025, 10, 20),
    )
    first, second = member_with_login(school), member_with_login(school)
    signup = activity_services.signup_create(activity=trip, member=first, actor=first.user)
    activity_services.signup_create(activity=trip, member=second, actor=second.user)
    with django_capture_on_commit_callbacks(execute=True):
        activity_services.signup_withdraw(signup=signup, actor=first.user)
    assert "A place in “春游” freed up: you are signed up now." in _bell(
        client, school, second.user
    )
    assert not Notice.objects.filter(user=first.user).exists()
    assert not Notice.objects.filter(user=culture_of(school)).exists()


def test_a_scrutineer_is_told_they_were_named(client, school, django_capture_on_commit_callbacks):
    poll, *_rest, chair, people = election(school, voters_n=3, mode=Mode.PAPER)
    with django_capture_on_commit_callbacks(execute=True):
        services.scrutineer_add(
            org=school, actor=chair, poll=poll, user=people[0].user, name=people[0].name
        )
    assert "You were named scrutineer of “第五届工会委员会选举”." in _bell(
        client, school, people[0].user
    )
    (notice,) = Notice.objects.filter(user=people[0].user)
    assert notice.url == f"/o/{school.code}/polls/{poll.pk}/"


def test_a_judge_is_told_they_were_named(client, school, django_capture_on_commit_callbacks):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    with django_capture_on_commit_callbacks(execute=True):
        selections.judge_add(org=school, actor=chair, selection=selection, member=people[9])
    assert "You were named judge of the selection “2026年度师德楷模评选”." in _bell(
        client, school, people[9].user
    )
    (notice,) = Notice.objects.filter(user=people[9].user)
    assert notice.url == f"/o/{school.code}/selections/{selection.pk}/scores/"


def test_everyone_in_the_school_hears_a_selections_public_notice_start(
    client, school, django_capture_on_commit_callbacks
):
    chair = chair_of(school)
    people = voters(school, 10)
    selection = _selection(school, chair, people)
    _vote_online(school, chair, selection, 9)
    with django_capture_on_commit_callbacks(execute=True):
        selection = selections.selection_notice_start(
            org=school, actor=chair, selection=selection, starts_on=dt.date(2025, 6, 9)
        )
    for user in (chair, people[5].user):
        page = _bell(client, school, user)
        assert "The selection “2026年度师德楷模评选” is on public notice until 2025-06-13" in page
    notice = Notice.objects.get(user=people[5].user, key=f"selection-notice-{selection.pk}")
    assert notice.url == f"/o/{school.code}/polls/{selection.poll_id}/results/"
