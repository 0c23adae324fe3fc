"""One believable school year of union activities for the demo school: the autumn sports day,
the Double Ninth tea for retirees, daily exercise (工间操) with its sessions, the 三八 activity
for women staff, the spring trip with its waiting list, and three clubs (羽毛球协会, 书画社,
合唱团) with members and weekly practice; the trip's transport and tickets and the clubs'
subsidies posted to the ledger.

`seed_activities_demo(school, today=)` seeds the last whole school year before `today` (so
nothing is dated in the future) through the services only. The sports day and the 三八 salon
have their costs in the funds demo already (posted there without a source), so they post none
here.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from unionhall.activities import services
from unionhall.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Club,
    ClubMembership,
    Target,
)
from unionhall.activities.selectors import in_service_on, retired_on_day
from unionhall.demo.logins import demo_login
from unionhall.members.models import Gender, Member
from unionhall.orgs.models import RoleAssignment, User
from unionhall.orgs.roles import Role

SEED = 20250901
EVENTS = ["拔河", "跳绳", "托球跑", "定点投篮", "夹球接力"]
SIZES = ["S", "M", "L", "XL", "XXL"]

CLUBS = (
    (
        "羽毛球协会",
        1,  # practice on Tuesdays
        Decimal("2000.00"),
        "一、本会由热爱羽毛球运动的在职和退休教职工自愿组成，在校工会领导下开展活动。\n"
        "二、每周二下午课后在学校体育馆活动一次，会员自愿参加，注意运动安全。\n"
        "三、每学期组织一次会员内部交流赛，并选派队员参加区教职工比赛。\n"
        "四、工会每年给予活动经费补贴，用于场地、用球和比赛，账目向会员公开。",
    ),
    (
        "书画社",
        2,  # Wednesdays
        Decimal("1500.00"),
        "一、书画社以“修身养性、以文会友”为宗旨，欢迎爱好书法、绘画的教职工加入。\n"
        "二、每周三下午在美术教室活动，由美术组教师轮流指导。\n"
        "三、每年举办一次教职工书画作品展，优秀作品推荐参加区级展览。\n"
        "四、活动经费由校工会补贴，主要用于笔墨纸砚和装裱。",
    ),
    (
        "合唱团",
        3,  # Thursdays
        Decimal("1500.00"),
        "一、合唱团由教职工自愿报名组成，设团长一名、声部长若干。\n"
        "二、每周四下午在音乐教室排练，演出前适当加练。\n"
        "三、参加学校艺术节、教师节庆祝活动和区教职工合唱比赛。\n"
        "四、工会补贴服装、乐谱和外出演出交通费用。",
    ),
)


def _school_year_start(today: dt.date) -> int:
    """The start year of the last school year that is wholly past."""
    return today.year - 1 if today.month >= 9 else today.year - 2


def _officer(school, role: str, username: str, person: Member | None) -> User:
    held = RoleAssignment.objects.filter(org=school, role=role).select_related("user").first()
    if held:
        return held.user
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        RoleAssignment.objects.get_or_create(user=existing, org=school, role=role)
        return existing
    name = person.name if person else username
    return demo_login(org=school, actor=None, username=username, display_name=name, roles=[role])


def _moment(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _weekdays(start: dt.date, end: dt.date, weekday: int, every: int = 1) -> list[dt.date]:
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    days = []
    while day <= end:
        days.append(day)
        day += dt.timedelta(days=7 * every)
    return days


def _not_holiday(day: dt.date) -> bool:
    """School days only: no winter or summer holiday, no National Day week."""
    if day.month in (2, 7, 8):
        return False
    if day.month == 1 and day.day > 20:
        return False
    return not (day.month == 10 and day.day <= 7)


def _attend(session, members, actor, how=Attendance.How.TICKED) -> None:
    for member in members:
        services.checkin(session=session, member=member, actor=actor, how=how)


def seed_activities_demo(school, *, today: dt.date | None = None) -> int:
    """Seed the school year; returns the number of activities made (0 if it has some)."""
    today = today or timezone.localdate()
    year = _school_year_start(today)
    start, end = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
    if Activity.objects.filter(org=school, starts_on__range=(start, end)).exists():
        return 0
    rng = random.Random(SEED)
    services.activity_kinds_seed(org=school)
    kinds = {k.code: k for k in ActivityKind.objects.filter(org=school)}
    everyone = Member.objects.filter(org=school).select_related("department")
    staff_in_autumn = list(in_service_on(everyone, dt.date(year, 10, 1)))
    women_in_spring = [
        m for m in in_service_on(everyone, dt.date(year + 1, 3, 6)) if m.gender == Gender.FEMALE
    ]
    culture = _officer(
        school,
        Role.COMMITTEE_CULTURE,
        "culture",
        next((m for m in staff_in_autumn if m.department.name == "体育组"), None)
        or (staff_in_autumn[0] if staff_in_autumn else None),
    )
    women_officer = _officer(
        school,
        Role.COMMITTEE_WOMEN,
        "women",
        women_in_spring[1] if len(women_in_spring) > 1 else None,
    )
    made = 0

    # The autumn sports day: sign-up with the event and shirt size; most who signed up came.
    sports_day = dt.date(year, 10, 24)
    sports = services.activity_create(
        org=school,
        actor=culture,
        kind=kinds["sports"],
        title="秋季教职工趣味运动会",
        description="以年级组为单位组队，设拔河、跳绳、托球跑、定点投篮、夹球接力五个项目，"
        "每人限报两项。",
        starts_on=sports_day,
        place="学校田径场",
        organiser=culture,
        signup_required=True,
        signup_opens_at=_moment(dt.date(year, 10, 8), 8),
        signup_closes_at=_moment(dt.date(year, 10, 20), 17),
        capacity=90,
        signup_fields=[
            {"name": "event", "label": "报名项目", "choices": EVENTS, "required": True},
            {"name": "size", "label": "文化衫尺码", "choices": SIZES, "required": True},
        ],
    )
    made += 1
    entrants = rng.sample(staff_in_autumn, k=min(len(staff_in_autumn), 72))
    for n, member in enumerate(entrants):
        services.signup_create(
            activity=sports,
            member=member,
            actor=culture,
            answers={"event": rng.choice(EVENTS), "size": rng.choice(SIZES)},
            signed_up_at=_moment(dt.date(year, 10, 9 + n % 10), 9 + n % 8),
        )
    _attend(
        sports.sessions.get(),
        [m for m in entrants if rng.random() < 0.93],
        culture,
        Attendance.How.QR,
    )

    # The Double Ninth tea for retired teachers.
    double_ninth = dt.date(year, 10, 29)
    retirees = list(retired_on_day(everyone, double_ninth))
    if retirees:
        tea = services.activity_create(
            org=school,
            actor=culture,
            kind=kinds["culture"],
            title="重阳节退休教师茶话会",
            description="通报学校发展情况，退休教师代表发言，观看学生文艺节目。",
            starts_on=double_ninth,
            place="学校会议室",
            organiser=culture,
            target=Target.RETIREES,
        )
        made += 1
        _attend(
            tea.sessions.get(),
            [m for m in retirees if rng.random() < 0.7],
            culture,
            Attendance.How.PAPER,
        )

    # Daily exercise (工间操): one paper list a week typed in, over both semesters.
    exercise = services.activity_create(
        org=school,
        actor=culture,
        kind=kinds["exercise"],
        title="教职工工间操",
        description="每天上午大课间，教职工与学生一起做广播操或八段锦，各组签到表每周汇总。",
        starts_on=dt.date(year, 9, 8),
        ends_on=dt.date(year + 1, 6, 30),
        place="学校操场",
        organiser=culture,
        recurring=True,
    )
    made += 1
    regulars = rng.sample(staff_in_autumn, k=min(len(staff_in_autumn), 45))
    for day in _weekdays(dt.date(year, 9, 8), dt.date(year + 1, 6, 30), 4, every=2):
        if not _not_holiday(day):
            continue
        came = [m for m in regulars if rng.random() < 0.6]
        if came:
            services.attendance_from_paper(activity=exercise, actor=culture, date=day, members=came)

    # The 三八 salon for women staff.
    salon_day = dt.date(year + 1, 3, 6)
    salon = services.activity_create(
        org=school,
        actor=women_officer,
        kind=kinds["womens_day"],
        title="“三八”妇女节女教职工插花沙龙",
        description="邀请花艺老师讲解插花基础，每人完成一件作品带回家。",
        starts_on=salon_day,
        place="图书馆阅览室",
        organiser=women_officer,
        target=Target.WOMEN,
    )
    made += 1
    _attend(
        salon.sessions.get(),
        [m for m in women_in_spring if rng.random() < 0.8],
        women_officer,
        Attendance.How.QR,
    )

    # The spring trip: more sign-ups than seats on two coaches; two withdraw, the first on the
    # waiting list moves up each time.
    trip_day = dt.date(year + 1, 4, 17)
    staff_in_spring = list(in_service_on(everyone, trip_day))
    travellers = rng.sample(staff_in_spring, k=min(len(staff_in_spring), 96))
    trip = services.activity_create(
        org=school,
        actor=culture,
        kind=kinds["outing"],
        title="春季教职工踏青活动（湿地公园）",
        description="乘大巴前往城郊湿地公园，上午徒步，中午自备午餐，下午返校。",
        starts_on=trip_day,
        place="城郊湿地公园",
        organiser=culture,
        signup_required=True,
        signup_opens_at=_moment(dt.date(year + 1, 4, 1), 8),
        signup_closes_at=_moment(dt.date(year + 1, 4, 10), 17),
        capacity=max(1, len(travellers) - 6),  # two coaches' seats
    )
    made += 1
    signups = [
        services.signup_create(
            activity=trip,
            member=member,
            actor=culture,
            signed_up_at=_moment(dt.date(year + 1, 4, 1 + n % 9), 8 + n % 9),
        )
        for n, member in enumerate(travellers)
    ]
    for signup in signups[3:5]:
        services.signup_withdraw(signup=signup, actor=culture)
    going = [s.member for s in trip.signups.filter(status="signed_up").select_related("member")]
    _attend(
        trip.sessions.get(), [m for m in going if rng.random() < 0.95], culture, Attendance.How.QR
    )
    services.activity_cost_post(
        activity=trip,
        actor=culture,
        kind="transport",
        amount=Decimal("3200.00"),
        date=trip_day,
        memo="两辆大巴往返",
    )
    services.activity_cost_post(
        activity=trip,
        actor=culture,
        kind="other",
        amount=Decimal("1780.00"),
        date=trip_day,
        memo="公园门票（团体票）",
    )

    # Three clubs, each with members, practice every other week and its yearly subsidy.
    for name, weekday, subsidy, statute in CLUBS:
        club = Club.objects.filter(org=school, name=name).first() or services.club_create(
            org=school,
            actor=culture,
            name=name,
            statute=statute,
            founded_on=dt.date(year - 3, 9, 15),
            annual_subsidy=subsidy,
        )
        joined = rng.sample(staff_in_autumn, k=min(len(staff_in_autumn), rng.randint(12, 18)))
        for n, member in enumerate(joined):
            role = (
                ClubMembership.Role.LEADER
                if n == 0
                else (ClubMembership.Role.OFFICER if n == 1 else ClubMembership.Role.MEMBER)
            )
            services.club_member_add(
                club=club, member=member, actor=culture, joined_on=dt.date(year, 9, 10), role=role
            )
        practice = services.activity_create(
            org=school,
            actor=culture,
            kind=kinds["sports"] if name == "羽毛球协会" else kinds["culture"],
            title=f"{name}每周活动",
            starts_on=dt.date(year, 9, 15),
            ends_on=dt.date(year + 1, 6, 30),
            place={"羽毛球协会": "学校体育馆", "书画社": "美术教室", "合唱团": "音乐教室"}[name],
            organiser=culture,
            target=Target.CLUB,
            target_club=club,
            recurring=True,
        )
        made += 1
        for day in _weekdays(dt.date(year, 9, 15), dt.date(year + 1, 6, 30), weekday, every=2):
            if not _not_holiday(day):
                continue
            came = [m for m in joined if rng.random() < 0.7]
            if came:
                services.attendance_from_paper(
                    activity=practice, actor=culture, date=day, members=came
                )
        services.club_subsidy_pay(
            club=club,
            actor=culture,
            amount=subsidy,
            date=dt.date(year, 9, 20),
            memo=f"{year}-{year + 1}学年",
        )
    made += _this_year_so_far(school, today, culture, kinds, everyone)
    return made


def _this_year_so_far(school, today: dt.date, culture, kinds, everyone) -> int:
    """The school year under way, up to today: daily exercise and the clubs' practice go on
    from September, and this autumn's sports day if it is past. Only what has happened: no
    session after today."""
    year = _school_year_start(today) + 1
    first = dt.date(year, 9, 8)
    if first > today:
        return 0
    rng = random.Random(SEED + 1)
    staff = list(in_service_on(everyone, first))
    made = 0
    exercise = services.activity_create(
        org=school,
        actor=culture,
        kind=kinds["exercise"],
        title="教职工工间操",
        description="每天上午大课间，教职工与学生一起做广播操或八段锦，各组签到表每周汇总。",
        starts_on=first,
        ends_on=dt.date(year + 1, 6, 30),
        place="学校操场",
        organiser=culture,
        recurring=True,
    )
    made += 1
    regulars = rng.sample(staff, k=min(len(staff), 55))
    for day in _weekdays(first, today, 4, every=2):
        came = [m for m in regulars if rng.random() < 0.65]
        if _not_holiday(day) and came:
            services.attendance_from_paper(activity=exercise, actor=culture, date=day, members=came)
    sports_day = dt.date(year, 10, 23)
    if sports_day <= today:
        sports = services.activity_create(
            org=school,
            actor=culture,
            kind=kinds["sports"],
            title="秋季教职工趣味运动会",
            description="以年级组为单位组队，设拔河、跳绳、托球跑、定点投篮四个项目。",
            starts_on=sports_day,
            place="学校田径场",
            organiser=culture,
        )
        made += 1
        _attend(
            sports.sessions.get(),
            [m for m in staff if rng.random() < 0.7],
            culture,
            Attendance.How.PAPER,
        )
    for club in Club.objects.filter(org=school).order_by("name"):
        members = [m.member for m in ClubMembership.objects.filter(club=club, left_on=None)]
        practice = services.activity_create(
            org=school,
            actor=culture,
            kind=kinds["sports"] if club.name == "羽毛球协会" else kinds["culture"],
            title=f"{club.name}每周活动",
            starts_on=dt.date(year, 9, 14),
            ends_on=dt.date(year + 1, 6, 30),
            place={"羽毛球协会": "学校体育馆", "书画社": "美术教室"}.get(club.name, "音乐教室"),
            organiser=culture,
            target=Target.CLUB,
            target_club=club,
            recurring=True,
        )
        made += 1
        for day in _weekdays(dt.date(year, 9, 14), today, 2, every=2):
            came = [m for m in members if rng.random() < 0.7]
            if _not_holiday(day) and came:
                services.attendance_from_paper(
                    activity=practice, actor=culture, date=day, members=came
                )
    return made
