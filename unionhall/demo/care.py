"""One believable year of care visits and dues for a demo school.

The lead calls `seed_care_demo(school, year)` from `seed_demo`. It uses the school's members and
officers when they exist and creates what is missing; it does nothing if the school already has
care visits in that year. Visits after today are not made up: the year stops at today.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from faker import Faker

from unionhall.care import calendar
from unionhall.care.batch import Group, group_members
from unionhall.care.models import CareVisit, Festival, Kind
from unionhall.care.services import care_rules_load_example, care_visit_discharge, care_visit_record
from unionhall.core import idcard, workdays
from unionhall.core.money import CENT
from unionhall.demo.logins import demo_login
from unionhall.dues.models import DuesAccount
from unionhall.dues.services import dues_account_set, dues_collect
from unionhall.members.models import Member, Status
from unionhall.members.selectors import status_on
from unionhall.members.services import member_create
from unionhall.orgs.models import Department, RoleAssignment, User
from unionhall.orgs.roles import Role

MIN_MEMBERS = 40
VISITORS = "工会主席、生活福利委员"

# (festival, what is given, value per member)
FESTIVAL_GIFTS = (
    (Festival.SPRING, "年货礼包（大米、食用油、干货）", "300.00"),
    (Festival.WOMEN, "鲜花和护手霜礼盒", "100.00"),
    (Festival.DRAGON_BOAT, "粽子和咸鸭蛋礼盒", "100.00"),
    (Festival.TEACHERS, "教师节纪念品（保温杯）", "120.00"),
    (Festival.MID_AUTUMN, "月饼礼盒", "150.00"),
    (Festival.DOUBLE_NINTH, "重阳糕和保健礼品", "200.00"),
)
# Who each festival's gifts are for, as of the day they are given.
FESTIVAL_GROUPS = {
    Festival.SPRING: Group.EVERYONE,
    Festival.WOMEN: Group.WOMEN,
    Festival.DRAGON_BOAT: Group.STAFF,
    Festival.TEACHERS: Group.STAFF,
    Festival.MID_AUTUMN: Group.STAFF,
    Festival.DOUBLE_NINTH: Group.RETIREES,
}
ILLNESSES = (
    "腰椎间盘突出手术",
    "急性阑尾炎手术",
    "肺炎住院",
    "骨折住院",
    "甲状腺手术",
    "心脏支架手术",
)
BEREAVED = ("父亲", "母亲", "岳父", "婆婆")


def _officer(school, role: str, username: str, display_name: str) -> User:
    assignment = RoleAssignment.objects.filter(org=school, role=role).select_related("user").first()
    if assignment:
        return assignment.user
    return demo_login(
        org=school, actor=None, username=username, display_name=display_name, roles=[role]
    )


def _ensure_members(school, actor, fake: Faker, rng: random.Random, year: int, wanted: int) -> None:
    have = Member.objects.filter(org=school, status__in=[Status.ACTIVE, Status.RETIRED]).count()
    if have >= wanted:
        return
    departments = [
        Department.objects.get_or_create(org=school, name=name, defaults={"sort_order": i})[0]
        for i, name in enumerate(["语文组", "数学组", "英语组", "综合组", "行政后勤"])
    ]
    for n in range(wanted - have):
        retired = n % 8 == 7
        age = rng.randint(62, 75) if retired else rng.randint(24, 58)
        born = dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))
        gender = "F" if rng.random() < 0.68 else "M"
        name = fake.name_female() if gender == "F" else fake.name_male()
        sequence = rng.randrange(0, 500) * 2 + (0 if gender == "F" else 1)
        member_create(
            org=school,
            actor=actor,
            data={
                "name": name,
                "gender": gender,
                "birth_date": born,
                "lunar_birthday": rng.random() < 0.25,
                "id_number": idcard.make("340104", born, sequence),
                "mobile": f"139{rng.randrange(10**7, 10**8)}",
                "department": departments[n % len(departments)],
                "post": "退休教师" if retired else rng.choice(["一级教师", "高级教师", "二级教师"]),
                "status": Status.RETIRED if retired else Status.ACTIVE,
                "joined_on": dt.date(max(born.year + 23, 1990), 9, 1),
                "retired_on": dt.date(born.year + 60, born.month, 1) if retired else None,
                "hardship": "ordinary" if n in (3, 17) else "",
                "hardship_note": "家人重病，长期医疗支出大" if n in (3, 17) else "",
            },
        )


def _seed_dues(school, treasurer, rng: random.Random, year: int, last_day: dt.date) -> None:
    active = list(Member.objects.filter(org=school, status=Status.ACTIVE).order_by("pk"))
    has_account = set(DuesAccount.objects.filter(org=school).values_list("member_id", flat=True))
    for member in active:
        if member.pk not in has_account:
            base = Decimal(rng.randrange(4200, 9800, 10)).quantize(CENT)
            dues_account_set(org=school, actor=treasurer, member=member, base_pay=base)
    # A few members fall behind in the last months: the arrears list has something to show.
    behind = set(m.pk for m in rng.sample(active, k=min(3, len(active))))
    for month in range(1, 13):
        period = dt.date(year, month, 1)
        received = dt.date(year, month, rng.randint(8, 15))
        if received > last_day:
            break
        payers = [
            m
            for m in active
            if (m.joined_on is None or m.joined_on <= period.replace(day=28))
            and not (m.pk in behind and month >= 9)
        ]
        if payers:
            dues_collect(
                org=school,
                actor=treasurer,
                period=period,
                date=received,
                members=payers,
                memo=f"{month}月会费，财务代扣",
            )


def _visit(school, actor, members, last_day, *, date, **kwargs):
    # Only members on the register on the day: the demo never asks for a refused visit.
    gone = (Status.TRANSFERRED, Status.DECEASED)
    members = [m for m in members if status_on(m, date) not in (None, *gone)]
    if date > last_day or not members:
        return None
    visit, _warnings = care_visit_record(
        org=school,
        actor=actor,
        members=members,
        date=date,
        visitors_text=VISITORS,
        signed_for=True,
        **kwargs,
    )
    return visit


@transaction.atomic
def seed_care_demo(
    school, year: int, *, today: dt.date | None = None, min_members: int = MIN_MEMBERS
) -> int:
    """Seed care rules, dues and a year of care visits; return the number of visits made.

    Members are created only when the school has fewer than `min_members` current ones.
    """
    today = today or timezone.localdate()
    last_day = min(dt.date(year, 12, 31), today)
    if CareVisit.objects.filter(org=school, date__year=year).exists():
        return 0
    rng = random.Random(f"{school.code}-{year}")
    fake = Faker("zh_CN")
    fake.seed_instance(f"{school.code}-{year}")
    chair = _officer(school, Role.CHAIR, f"{school.code}-chair", "工会主席")
    welfare = _officer(school, Role.COMMITTEE_WELFARE, f"{school.code}-welfare", "生活福利委员")
    treasurer = _officer(school, Role.TREASURER, f"{school.code}-treasurer", "工会会计")
    _ensure_members(school, chair, fake, rng, year, min_members)
    care_rules_load_example(org=school, actor=chair)
    _seed_dues(school, treasurer, rng, year, last_day)

    current = list(
        Member.objects.filter(org=school, status__in=[Status.ACTIVE, Status.RETIRED]).order_by("pk")
    )
    active = [m for m in current if m.status == Status.ACTIVE]
    count = 0
    for festival, goods, value in FESTIVAL_GIFTS:
        day = calendar.festival_date(festival, year)
        date = workdays.last_workday_before(day) if festival == Festival.SPRING else day
        visit = _visit(
            school,
            welfare,
            group_members(org=school, group=FESTIVAL_GROUPS[festival], date=date),
            last_day,
            kind=Kind.FESTIVAL,
            festival=festival,
            date=date,
            amount=Decimal(value),
            goods=goods,
            note=f"{year}年{Festival(festival).label}慰问，按名单发放",
        )
        count += visit is not None

    # Each member in service receives a birthday gift on the day (a lunar birthday is turned
    # into its solar date).
    for member in active:
        if member.birth_date is None:
            continue
        day = calendar.next_birthday(
            member.birth_date, lunar=member.lunar_birthday, today=dt.date(year, 1, 1)
        )
        if day.year == year and status_on(member, day) == Status.ACTIVE:
            count += (
                _visit(
                    school,
                    welfare,
                    [member],
                    last_day,
                    kind=Kind.BIRTHDAY,
                    date=day,
                    amount=Decimal("200.00"),
                    goods="生日蛋糕券",
                )
                is not None
            )

    patients = rng.sample(active, k=min(5, len(active)))
    for i, member in enumerate(patients):
        date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(20, 330))
        if i == 0:
            date = last_day - dt.timedelta(days=3)  # still in hospital
        visit = _visit(
            school,
            welfare,
            [member],
            last_day,
            kind=Kind.ILLNESS,
            date=date,
            amount=Decimal(rng.choice(["500.00", "800.00", "1000.00"])),
            is_cash=True,
            illness=ILLNESSES[i % len(ILLNESSES)],
            note="到医院探望，转达工会的关心",
        )
        if visit:
            count += 1
            if i > 0 and date + dt.timedelta(days=10) <= last_day:
                care_visit_discharge(
                    visit=visit, actor=welfare, discharged_on=date + dt.timedelta(days=10)
                )

    young = [m for m in active if m.birth_date and year - m.birth_date.year < 35]
    others = [m for m in active if m not in patients]
    for kind, pool, amount, note in (
        (Kind.WEDDING, young, "600.00", "新婚祝福"),
        (Kind.BIRTH, young, "600.00", "喜得贵子，送上祝福"),
        (Kind.BEREAVEMENT, others, "1000.00", "家属去世，工会上门吊唁慰问"),
    ):
        for member in rng.sample(pool, k=min(2, len(pool))):
            count += (
                _visit(
                    school,
                    welfare,
                    [member],
                    last_day,
                    kind=kind,
                    date=dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(10, 350)),
                    amount=Decimal(amount),
                    is_cash=True,
                    relation=rng.choice(BEREAVED) if kind == Kind.BEREAVEMENT else "",
                    note=note,
                )
                is not None
            )

    retirees_this_year = [
        m for m in current if m.retired_on and m.retired_on.year == year
    ] or active[-1:]
    for member in retirees_this_year[:2]:
        count += (
            _visit(
                school,
                chair,
                [member],
                last_day,
                kind=Kind.RETIREMENT,
                date=member.retired_on
                if member.retired_on and member.retired_on.year == year
                else dt.date(year, 7, 1),
                amount=Decimal("1000.00"),
                goods="退休纪念品和荣誉证书",
                note="光荣退休座谈会",
            )
            is not None
        )

    hardship = [m for m in current if m.hardship]
    for i, member in enumerate(hardship):
        override = i == 0
        count += (
            _visit(
                school,
                chair,
                [member],
                last_day,
                kind=Kind.HARDSHIP,
                date=workdays.last_workday_before(calendar.festival_date(Festival.SPRING, year))
                - dt.timedelta(days=3),
                amount=Decimal("2500.00" if override else "1500.00"),
                is_cash=True,
                note="春节前送温暖，困难职工帮扶",
                override_reason="家属重大疾病，经工会委员会集体研究同意超标准帮扶"
                if override
                else "",
            )
            is not None
        )
    return count
