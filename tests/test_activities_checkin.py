"""Check-in by QR code: the code is good for its activity, its organisation and its day only;
a member is checked in once; ticking and paper lists record attendance too."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity, culture_of, member_with_login
from unionhall.activities import services
from unionhall.activities.models import Attendance

DAY = dt.date(2025, 10, 15)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(DAY), tick=False),
]


def _url(act, token):
    return reverse("activities:checkin", kwargs={"org": act.org.code, "pk": act.pk, "token": token})


def test_a_member_checks_in_once(client, school):
    act = activity(school, starts_on=DAY)
    member = member_with_login(school)
    client.force_login(member.user)
    url = _url(act, services.checkin_token(act.sessions.get()))
    first = client.get(url)
    assert "You are checked in" in first.content.decode()
    again = client.get(url)
    assert "already checked in" in again.content.decode()
    assert Attendance.objects.filter(member=member).count() == 1
    assert Attendance.objects.get().how == Attendance.How.QR


def test_a_stale_code_is_refused(client, school, time_machine):
    act = activity(school, starts_on=DAY, ends_on=DAY + dt.timedelta(days=1))
    token = services.checkin_token(act.sessions.get(date=DAY))
    time_machine.move_to(morning_of(DAY + dt.timedelta(days=1)), tick=False)
    member = member_with_login(school)
    client.force_login(member.user)
    page = client.get(_url(act, token))
    assert page.status_code == 400
    assert "This check-in code was for 2025-10-15; it is not valid today" in page.content.decode()
    assert not Attendance.objects.exists()


def test_a_code_of_another_activity_is_refused(client, school):
    act = activity(school, starts_on=DAY)
    other = activity(school, starts_on=DAY, title="教工篮球赛")
    member = member_with_login(school)
    client.force_login(member.user)
    page = client.get(_url(act, services.checkin_token(other.sessions.get())))
    assert page.status_code == 400
    assert "for another activity, not “秋季教职工运动会”" in page.content.decode()
    assert not Attendance.objects.exists()


def test_a_code_of_another_school_is_refused(client, school, other_school):
    act = activity(school, starts_on=DAY)
    foreign = activity(other_school, starts_on=DAY)
    member = member_with_login(school)
    client.force_login(member.user)
    # The other school's code, brought to this school's page for an activity with its number.
    url = reverse(
        "activities:checkin",
        kwargs={
            "org": school.code,
            "pk": act.pk,
            "token": services.checkin_token(foreign.sessions.get()),
        },
    )
    page = client.get(url)
    assert page.status_code == 400
    assert "belongs to another organisation" in page.content.decode()


def test_a_forged_code_is_refused(client, school):
    act = activity(school, starts_on=DAY)
    member = member_with_login(school)
    client.force_login(member.user)
    token = services.checkin_token(act.sessions.get())
    page = client.get(_url(act, token[:-2] + "xx"))
    assert page.status_code == 400
    assert "not a check-in code of this union" in page.content.decode()


def test_ticking_and_paper_lists(school):
    act = activity(
        school,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 1, 20),
        recurring=True,
        title="课间操",
        session_dates=[DAY],
    )
    actor = culture_of(school)
    members = [MemberFactory(org=school) for _ in range(3)]
    session = act.sessions.get()
    assert services.attendance_tick(session=session, actor=actor, present=members[:2]) == 2
    assert services.attendance_tick(session=session, actor=actor, present=members[:2]) == 0
    # A paper list from an earlier day makes that day's session.
    added = services.attendance_from_paper(
        activity=act, actor=actor, date=dt.date(2025, 10, 10), members=members
    )
    assert added == 3
    assert act.sessions.count() == 2
    assert set(
        Attendance.objects.filter(session__date=dt.date(2025, 10, 10)).values_list("how", flat=True)
    ) == {Attendance.How.PAPER}
    with pytest.raises(ValidationError, match="in the future"):
        services.attendance_from_paper(
            activity=act, actor=actor, date=dt.date(2025, 10, 16), members=members
        )
