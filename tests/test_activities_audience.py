"""Participation that means what a union means: per session (member-days present ÷ member-days
expected) beside "took part at least once", each named as such; and an activity's audience
(all members, teachers, women staff, retirees, a department, a club, a list), the rates
computed on the audience as it was on each date."""

import datetime as dt
import re

import pytest

from tests.clock import morning_of
from tests.factories import DepartmentFactory, MemberFactory
from tests.factories_activities import activity, culture_of
from tests.personas import chair_of
from unionhall.activities import services
from unionhall.activities.models import Activity, Target
from unionhall.activities.selectors import participation, participations, target_members
from unionhall.core.models import AuditEntry
from unionhall.funds.models import Category

TODAY = dt.date(2026, 1, 20)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(TODAY), tick=False),
]
TERM_START = dt.date(2025, 11, 3)


def _weekdays(start: dt.date, count: int) -> list[dt.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _exercise(school, days, **fields):
    return activity(
        school,
        title="教职工工间操",
        code="exercise",
        recurring=True,
        starts_on=days[0],
        ends_on=days[-1],
        session_dates=days,
        **fields,
    )


def _tick(act, day, members):
    services.attendance_tick(
        session=act.sessions.get(date=day), actor=act.organiser, present=members
    )


def test_daily_exercise_attended_on_96_percent_of_member_days_reads_96_not_100(client, school):
    staff = [MemberFactory(org=school) for _ in range(5)]
    days = _weekdays(TERM_START, 20)
    exercise = _exercise(school, days)
    for n, day in enumerate(days):
        # Everyone comes now and then; four of the hundred places stay empty.
        away = {staff[n % 5].pk} if n in (1, 6, 12, 18) else set()
        _tick(exercise, day, [m for m in staff if m.pk not in away])
    shown = participation(exercise)
    assert (shown.participants, shown.denominator, shown.rate) == (5, 5, 100.0)
    assert (shown.member_days_present, shown.member_days_expected) == (96, 100)
    assert shown.session_rate == 96.0
    assert shown.text == (
        "took part at least once: 5 of all members in service, 5 people (100.0%); per session: "
        "96.0% of member-days (96 present of 100 expected over 20 sessions)"
    )
    # The summary names both, as such.
    client.force_login(chair_of(school))
    html = client.get(f"/o/{school.code}/reports/summary/", {"period": "2025-2026"})
    text = re.sub(r"<[^>]+>", "", html.content.decode())
    assert "took part at least once: 5 of all members in service, 5 people (100.0%)" in text
    assert "per session: 96.0% of member-days (96 present of 100 expected" in text


def test_an_activity_for_teachers_only_reads_80_percent_of_teachers(school):
    chinese = DepartmentFactory(org=school, name="语文组")
    office = DepartmentFactory(org=school, name="行政后勤", kind="administration")
    office.is_frontline = False
    office.save()
    teachers = [MemberFactory(org=school, department=chinese) for _ in range(10)]
    clerks = [MemberFactory(org=school, department=office) for _ in range(3)]
    MemberFactory(org=school, department=chinese, status="retired", retired_on=dt.date(2020, 7, 1))
    lecture = activity(
        school, title="教师心理健康讲座", starts_on=dt.date(2025, 12, 5), target=Target.TEACHERS
    )
    _tick(lecture, lecture.starts_on, [*teachers[:8], clerks[0]])
    shown = participation(lecture)
    # 8 of the 10 teachers; not 9 of the 13 staff (69.2%) nor 8 of 13.
    assert shown.text == "8 of the teachers, 10 people (80.0%)"
    assert shown.denominator == target_members(lecture).count() == 10


def test_the_audience_is_counted_as_it_was_on_each_session_date(school):
    days = _weekdays(TERM_START, 4)
    early = [MemberFactory(org=school) for _ in range(2)]
    leaving = MemberFactory(org=school, status="retired", retired_on=days[2])
    newcomer = MemberFactory(org=school, joined_on=days[2])
    exercise = _exercise(school, days)
    _tick(exercise, days[0], [*early, leaving])
    _tick(exercise, days[1], early)
    _tick(exercise, days[2], [early[0], newcomer])
    _tick(exercise, days[3], [*early, newcomer])
    shown = participation(exercise)
    # Expected: 3, 3 (before the retirement), then 3, 3 (the newcomer, not the retiree);
    # present: 3, 2, 2, 3.
    assert (shown.member_days_present, shown.member_days_expected) == (10, 12)
    assert shown.session_rate == pytest.approx(83.3, abs=0.05)
    # At least once is judged on the first day's audience: the three in service then.
    assert (shown.participants, shown.denominator) == (3, 3)


def test_an_activity_for_a_list_of_members_is_made_on_the_page(client, school):
    listed = [MemberFactory(org=school) for _ in range(3)]
    others = [MemberFactory(org=school) for _ in range(4)]
    organiser = culture_of(school)
    client.force_login(organiser)
    services.activity_kinds_seed(org=school)
    form = {
        "kind": school_kind(school),
        "title": "青年教师拓展训练",
        "starts_on": "2025-12-12",
        "organiser": organiser.pk,
        "target": "list",
        "budget_category": Category.ACTIVITIES,
    }
    refused = client.post(f"/o/{school.code}/activities/new/", form)
    assert "Choose the members the activity is for." in refused.content.decode()
    assert not Activity.objects.exists()
    page = client.post(
        f"/o/{school.code}/activities/new/",
        {**form, "audience_members": [m.pk for m in listed]},
        follow=True,
    )
    assert "The activity is saved." in page.content.decode()
    outing = Activity.objects.get()
    assert outing.audience_members == sorted(m.pk for m in listed)
    assert {m.pk for m in target_members(outing)} == {m.pk for m in listed}
    _tick(outing, outing.starts_on, [*listed[:2], others[0]])
    assert participation(outing).text == "2 of the members listed, 3 people (66.7%)"
    assert AuditEntry.objects.filter(object_id=str(outing.pk)).exists()


def school_kind(school) -> int:
    from unionhall.activities.models import ActivityKind

    return ActivityKind.objects.get(org=school, code="outing").pk


def test_a_list_names_only_members_of_the_school(school, other_school):
    stranger = MemberFactory(org=other_school)
    with pytest.raises(Exception, match="not on this organisation's register"):
        activity(school, target=Target.LIST, audience_members=[stranger.pk])


def test_teachers_and_lists_are_read_for_many_activities_in_three_queries(
    school, django_assert_num_queries
):
    chinese = DepartmentFactory(org=school, name="语文组")
    people = [MemberFactory(org=school, department=chinese) for _ in range(4)]
    made = [
        activity(school, target=Target.TEACHERS, starts_on=dt.date(2025, 12, 5)),
        activity(
            school,
            target=Target.LIST,
            starts_on=dt.date(2025, 12, 6),
            audience_members=[p.pk for p in people[:2]],
        ),
        _exercise(school, _weekdays(TERM_START, 3)),
    ]
    for act in made:
        for session in act.sessions.all():
            _tick(act, session.date, people[:3])
    alone = {act.pk: participation(act) for act in made}
    # The members, who came, the front-line departments (no club is targeted).
    with django_assert_num_queries(3):
        together = participations(made)
    for act in made:
        assert together[act.pk].text == alone[act.pk].text
