"""Participation is counted against the activity's target group as it stood on the activity's
day, and the denominator is said in words."""

import datetime as dt

import pytest

from tests.clock import morning_of
from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_activities import activity, culture_of, women_of
from unionhall.activities import services
from unionhall.activities.models import Target
from unionhall.activities.selectors import participation, participations

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(dt.date(2026, 3, 20)), tick=False),
]
WOMENS_DAY = dt.date(2026, 3, 8)


def _attend(act, members):
    session = act.sessions.first()
    for member in members:
        services.checkin(session=session, member=member, actor=act.organiser)


def test_women_staff_on_the_day(school):
    women = [MemberFactory(org=school, gender="F") for _ in range(4)]
    MemberFactory(org=school, gender="M")
    # Retired before the day: not women staff then. Joined after: not yet.
    MemberFactory(org=school, gender="F", status="retired", retired_on=dt.date(2026, 1, 31))
    MemberFactory(org=school, gender="F", joined_on=dt.date(2026, 3, 10))
    # Retired after the day: still in service on it.
    later = MemberFactory(org=school, gender="F", status="retired", retired_on=dt.date(2026, 3, 9))
    act = activity(
        school,
        organiser=women_of(school),
        code="womens_day",
        title="三八节插花",
        starts_on=WOMENS_DAY,
        target=Target.WOMEN,
    )
    _attend(act, [*women[:2], later])
    shown = participation(act)
    assert (shown.participants, shown.denominator) == (3, 5)
    assert shown.words == "the women staff, 5 people"
    assert shown.rate == 60.0
    assert shown.text == "3 of the women staff, 5 people (60.0%)"


def test_a_department(school):
    maths = DepartmentFactory(org=school, name="数学组")
    teachers = [MemberFactory(org=school, department=maths) for _ in range(3)]
    outsider = MemberFactory(org=school, department=DepartmentFactory(org=school, name="语文组"))
    act = activity(school, target=Target.DEPARTMENT, target_department=maths, starts_on=WOMENS_DAY)
    _attend(act, [teachers[0], outsider])
    shown = participation(act)
    assert (shown.participants, shown.denominator) == (1, 3)
    assert shown.words == "the staff of 数学组, 3 people"


def test_retirees_on_the_day(school):
    MemberFactory(org=school)
    retired = [
        MemberFactory(org=school, status="retired", retired_on=dt.date(2020, 7, 1))
        for _ in range(2)
    ]
    # Retired after the day: not a retiree on it.
    MemberFactory(org=school, status="retired", retired_on=dt.date(2026, 3, 15))
    act = activity(school, target=Target.RETIREES, starts_on=WOMENS_DAY, title="退休教师茶话会")
    _attend(act, retired[:1])
    shown = participation(act)
    assert (shown.participants, shown.denominator) == (1, 2)
    assert shown.words == "the retired members, 2 people"


def test_a_club_on_the_day(school):
    actor = culture_of(school)
    club = services.club_create(org=school, actor=actor, name="羽毛球协会")
    members = [MemberFactory(org=school) for _ in range(3)]
    for member in members:
        services.club_member_add(
            club=club, member=member, actor=actor, joined_on=dt.date(2025, 9, 1)
        )
    late = MemberFactory(org=school)
    services.club_member_add(club=club, member=late, actor=actor, joined_on=dt.date(2026, 3, 10))
    act = activity(
        school,
        target=Target.CLUB,
        target_club=club,
        starts_on=WOMENS_DAY,
        title="羽毛球协会活动",
        recurring=True,
        ends_on=dt.date(2026, 6, 30),
        session_dates=[WOMENS_DAY],
    )
    _attend(act, members[:2])
    shown = participation(act)
    assert (shown.participants, shown.denominator) == (2, 3)
    assert shown.words == "the members of 羽毛球协会, 3 people"


def test_all_members_and_nobody_in_the_group(school):
    act = activity(school, target=Target.WOMEN, starts_on=WOMENS_DAY)
    MemberFactory(org=school, gender="M")
    shown = participation(act)
    assert shown.rate is None
    assert shown.text == "nobody in the target group (the women staff, 0 people)"


def test_many_activities_are_counted_as_each_alone_in_three_queries(
    school, django_assert_num_queries
):
    """The summary lists every activity held with its participation: read for all of them at
    once (`participations`), each says what `participation` says of it alone."""
    maths = DepartmentFactory(org=school, name="数学组")
    day = WOMENS_DAY
    people = [
        MemberFactory(org=school, gender="F", department=maths),
        MemberFactory(org=school, gender="M", department=maths),
        MemberFactory(org=school, gender="F"),
        MemberFactory(org=school, gender="F", joined_on=day + dt.timedelta(days=2)),
        MemberFactory(org=school, status="retired", retired_on=dt.date(2020, 7, 1)),
        MemberFactory(org=school, status="retired", retired_on=day + dt.timedelta(days=5)),
        MemberFactory(org=school, status="retired", retired_on=None, gender="F"),
        MemberFactory(org=school, status="transferred", left_on=day - dt.timedelta(days=3)),
        MemberFactory(org=school, status="transferred", left_on=day + dt.timedelta(days=3)),
        MemberFactory(org=school, status="deceased", left_on=None),
    ]
    actor = culture_of(school)
    club = services.club_create(org=school, actor=actor, name="羽毛球协会")
    for member, joined in ((people[0], dt.date(2025, 9, 1)), (people[2], day), (people[4], day)):
        services.club_member_add(club=club, member=member, actor=actor, joined_on=joined)
    services.club_member_add(
        club=club, member=people[1], actor=actor, joined_on=day + dt.timedelta(days=1)
    )
    made = [
        activity(school, organiser=actor, starts_on=day, target=target, **fields)
        for target, fields in (
            (Target.ALL, {}),
            (Target.WOMEN, {}),
            (Target.DEPARTMENT, {"target_department": maths}),
            (Target.RETIREES, {}),
            (Target.CLUB, {"target_club": club}),
        )
    ]
    for act in made:
        _attend(act, [p for p in people if p.status == "active"][:2])
    alone = {act.pk: participation(act) for act in made}
    with django_assert_num_queries(3):
        together = participations(made)
    for act in made:
        one, many = alone[act.pk], together[act.pk]
        assert (many.participants, many.denominator, many.rate, many.words) == (
            one.participants,
            one.denominator,
            one.rate,
            one.words,
        ), act.target
        assert list(many.members) == list(one.members)
