"""The activity and club pages: what organisers and members see and do, with query counts pinned
on the lists."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity, culture_of, kind, member_with_login
from tests.factories_funds import budget, refuse_outside_budget
from tests.personas import member_of, treasurer_of
from unionhall.activities import services
from unionhall.activities.models import Activity, Attendance, SignUp
from unionhall.funds.models import Category, LedgerEntry

DAY = dt.date(2025, 10, 15)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(DAY), tick=False),
]


def _base(school):
    return f"/o/{school.code}"


def test_the_list_pins_its_queries_and_filters_by_kind_and_term(
    client, school, django_assert_num_queries
):
    organiser = culture_of(school)
    for n in range(12):
        act = activity(school, organiser=organiser, title=f"活动{n}", starts_on=DAY)
        services.checkin(
            session=act.sessions.get(), member=MemberFactory(org=school), actor=organiser
        )
    activity(
        school, organiser=organiser, code="outing", title="春游", starts_on=dt.date(2025, 4, 10)
    )
    client.force_login(member_of(school))
    with django_assert_num_queries(7):
        page = client.get(f"{_base(school)}/activities/?term=2025")
    text = page.content.decode()
    assert "活动11" in text and "春游" not in text
    outing = kind(school, "outing")
    page = client.get(f"{_base(school)}/activities/?term=all&kind={outing.pk}")
    assert "春游" in page.content.decode() and "活动11" not in page.content.decode()


def test_the_club_list_pins_its_queries(client, school, django_assert_num_queries):
    actor = culture_of(school)
    for name in ("羽毛球协会", "书画社", "合唱团"):
        club = services.club_create(org=school, actor=actor, name=name)
        for _ in range(3):
            services.club_member_add(club=club, member=MemberFactory(org=school), actor=actor)
    client.force_login(member_of(school))
    with django_assert_num_queries(6):
        page = client.get(f"{_base(school)}/clubs/")
    assert "书画社" in page.content.decode()


def test_the_detail_page_shows_the_participation_and_waiting_list(
    client, school, django_assert_num_queries
):
    act = activity(school, signup_required=True, capacity=1, starts_on=dt.date(2025, 10, 20))
    first, second = (
        MemberFactory(org=school, name="甲老师"),
        MemberFactory(org=school, name="乙老师"),
    )
    services.signup_create(activity=act, member=first, actor=act.organiser)
    services.signup_create(activity=act, member=second, actor=act.organiser)
    client.force_login(act.organiser)
    with django_assert_num_queries(12):
        page = client.get(f"{_base(school)}/activities/{act.pk}/")
    text = page.content.decode()
    assert "Waiting list (1)" in text
    assert "0 of all members in service, 2 people (0.0%)" in text


def test_an_organiser_creates_an_activity_through_the_page(client, school):
    organiser = culture_of(school)
    client.force_login(organiser)
    page = client.get(f"{_base(school)}/activities/new/")
    assert page.status_code == 200
    sports = kind(school, "sports")
    page = client.post(
        f"{_base(school)}/activities/new/",
        {
            "kind": sports.pk,
            "title": "教工篮球赛",
            "starts_on": "2025-10-20",
            "ends_on": "2025-10-21",
            "organiser": organiser.pk,
            "target": "all",
            "budget_category": Category.ACTIVITIES,
            "signup_required": "on",
            "capacity": "20",
            "questions": "Event: 3v3 / 5v5\nShirt number",
        },
    )
    created = Activity.objects.get(title="教工篮球赛")
    assert page.status_code == 302
    assert created.sessions.count() == 2
    assert created.signup_fields[0]["choices"] == ["3v3", "5v5"]
    assert created.signup_fields[1] == {
        "name": "q2",
        "label": "Shirt number",
        "choices": [],
        "required": True,
    }


def test_a_member_may_not_create_or_tick(client, school):
    act = activity(school)
    client.force_login(member_of(school))
    assert client.get(f"{_base(school)}/activities/new/").status_code == 403
    session = act.sessions.get()
    assert (
        client.get(f"{_base(school)}/activities/{act.pk}/sessions/{session.pk}/").status_code == 403
    )


def test_another_schools_activity_is_not_found(client, school, other_school):
    act = activity(other_school)
    client.force_login(culture_of(school))
    assert client.get(f"{_base(school)}/activities/{act.pk}/").status_code == 404


def test_a_member_signs_up_and_withdraws_on_the_pages(client, school):
    act = activity(
        school,
        signup_required=True,
        capacity=1,
        starts_on=dt.date(2025, 10, 20),
        signup_fields=[{"name": "size", "label": "Shirt size", "choices": ["S", "M"]}],
    )
    waiting = MemberFactory(org=school)
    me = member_with_login(school)
    client.force_login(me.user)
    page = client.post(f"{_base(school)}/activities/{act.pk}/signup/", {"size": "M"}, follow=True)
    assert "You are signed up." in page.content.decode()
    services.signup_create(activity=act, member=waiting, actor=act.organiser, answers={"size": "S"})
    page = client.post(f"{_base(school)}/activities/{act.pk}/withdraw/", follow=True)
    assert "You have withdrawn." in page.content.decode()
    assert SignUp.objects.get(member=waiting).status == SignUp.Status.SIGNED_UP
    mine = client.get(f"{_base(school)}/activities/mine/")
    assert act.title in mine.content.decode()


def test_the_organiser_ticks_names_without_javascript(client, school):
    act = activity(school, starts_on=DAY)
    members = [MemberFactory(org=school) for _ in range(3)]
    session = act.sessions.get()
    client.force_login(act.organiser)
    url = f"{_base(school)}/activities/{act.pk}/sessions/{session.pk}/"
    assert members[0].name in client.get(url).content.decode()
    shown = [m.pk for m in members]
    client.post(url, {"shown": shown, "present": [members[0].pk, members[1].pk]})
    assert Attendance.objects.filter(session=session).count() == 2
    client.post(url, {"shown": shown, "present": [members[0].pk]})
    assert list(Attendance.objects.filter(session=session).values_list("member", flat=True)) == [
        members[0].pk
    ]


def test_a_paper_list_is_typed_in_with_its_date(client, school):
    act = activity(
        school,
        title="课间操",
        recurring=True,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 1, 20),
    )
    members = [MemberFactory(org=school) for _ in range(2)]
    client.force_login(act.organiser)
    page = client.post(
        f"{_base(school)}/activities/{act.pk}/paper/",
        {"date": "2025-10-09", "members": [m.pk for m in members]},
        follow=True,
    )
    assert "2 attendances typed in from the paper list." in page.content.decode()
    assert set(Attendance.objects.values_list("session__date", flat=True)) == {dt.date(2025, 10, 9)}


def test_a_cost_refused_by_the_budget_is_shown_on_the_form(client, school):
    budget(school, 2025, Category.ACTIVITIES, 100)
    refuse_outside_budget(school)
    act = activity(school)
    client.force_login(act.organiser)
    page = client.post(
        f"{_base(school)}/activities/{act.pk}/cost/",
        {"kind": "prize", "amount": "500.00", "date": "2025-10-15"},
    )
    assert page.status_code == 200
    assert "over its 2025 budget" in page.content.decode()
    assert not LedgerEntry.objects.exists()


def test_the_costs_show_to_the_treasurer_not_to_members(client, school):
    act = activity(school)
    services.activity_cost_post(
        activity=act, actor=act.organiser, kind="hire", amount=Decimal("300"), date=DAY
    )
    client.force_login(treasurer_of(school))
    assert (
        "Hire of venue or equipment"
        in client.get(f"{_base(school)}/activities/{act.pk}/").content.decode()
    )
    client.force_login(member_of(school))
    assert (
        "Hire of venue" not in client.get(f"{_base(school)}/activities/{act.pk}/").content.decode()
    )


def test_a_club_is_made_and_given_members_and_its_subsidy(client, school):
    organiser = culture_of(school)
    client.force_login(organiser)
    page = client.post(
        f"{_base(school)}/clubs/new/",
        {"name": "书画社", "annual_subsidy": "1500.00", "statute": "每周三活动"},
        follow=True,
    )
    assert "The club is saved." in page.content.decode()
    club_url = page.redirect_chain[-1][0]
    member = MemberFactory(org=school, name="张书法")
    client.post(
        f"{club_url}members/", {"member": member.pk, "role": "leader", "joined_on": "2025-09-10"}
    )
    page = client.get(club_url)
    assert "张书法" in page.content.decode()
    client.post(f"{club_url}subsidy/", {"amount": "1500.00", "date": "2025-10-01"})
    entry = LedgerEntry.objects.get()
    assert entry.amount == Decimal("-1500.00")
    assert "Club subsidy: 书画社" in client.get(club_url).content.decode()


def test_an_edit_moves_the_sessions_with_the_dates(client, school):
    act = activity(school, starts_on=dt.date(2025, 10, 20))
    client.force_login(act.organiser)
    url = f"{_base(school)}/activities/{act.pk}/edit/"
    assert client.get(url).status_code == 200
    page = client.post(
        url,
        {
            "kind": act.kind_id,
            "title": "秋季教职工运动会（改期）",
            "starts_on": "2025-10-27",
            "ends_on": "2025-10-28",
            "organiser": act.organiser_id,
            "target": "all",
            "budget_category": Category.ACTIVITIES,
        },
    )
    assert page.status_code == 302
    act.refresh_from_db()
    assert act.title == "秋季教职工运动会（改期）"
    assert [s.date for s in act.sessions.all()] == [dt.date(2025, 10, 27), dt.date(2025, 10, 28)]
