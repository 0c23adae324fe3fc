"""Demo data for the district (申江区教育工会): a few more schools beside the demo one, the
annual returns for last year (most submitted on time, one late), a data call for the hardship
files, an assessment round with the shipped rubric, and the congress reports. Everything goes
through the district's services; called once by `seed_demo`."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from unionhall.care.models import Festival
from unionhall.care.models import Kind as CareKind
from unionhall.care.services import care_visit_record
from unionhall.congress import services as congress_services
from unionhall.congress.models import Session
from unionhall.core import idcard
from unionhall.core.excel import workbook_bytes
from unionhall.demo.congress import recorded_on_the_day
from unionhall.demo.logins import demo_login
from unionhall.district import assessment, services
from unionhall.district.models import ItemScore
from unionhall.members.models import Gender, Member, Status
from unionhall.members.services import member_create
from unionhall.orgs.models import Department, Organisation, RoleAssignment, User
from unionhall.orgs.roles import Role

# Small schools beside the demo one when the district has only it: (code, name, chair, members).
EXTRA_SCHOOLS = (
    ("sj-yanan-zhongxue", "申江区延安路中学工会", "林美华", 9),
    ("sj-quyang-xiaoxue", "申江区曹杨小学工会", "许建国", 7),
    ("sj-meiyuan-youeryuan", "申江区梅园幼儿园工会", "沈佳怡", 6),
)
SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭何高罗郑"
GIVEN = ("丽华", "建平", "秀英", "志刚", "海燕", "晓东", "慧敏", "国强", "雅琴", "文斌")
HAND_NOTES = "见台帐"


def _extra_school(district, admin, code, name, chair_name, size, index) -> Organisation:
    school = Organisation.objects.create(
        code=code, name=name, kind=Organisation.Kind.SCHOOL, parent=district
    )
    chair = demo_login(
        org=school, actor=admin, username=f"{code}-chair", display_name=chair_name,
        roles=[Role.CHAIR],
    )  # fmt: skip
    department = Department.objects.create(org=school, name="教师")
    for n in range(size):
        gender = Gender.FEMALE if n % 3 else Gender.MALE
        born = dt.date(1975 + n, 1 + n % 12, 3 + index)
        member_create(
            org=school,
            actor=chair,
            data={
                "name": SURNAMES[(n + index * 7) % len(SURNAMES)] + GIVEN[n % len(GIVEN)],
                "gender": gender,
                "birth_date": born,
                "id_number": _id_number(born, n, index, gender),
                "department": department,
                "joined_on": dt.date(2010 + n % 10, 9, 1),
            },
        )
    return school


def _id_number(born: dt.date, n: int, index: int, gender: str) -> str:
    # The sequence's last digit is odd for men, even for women.
    return idcard.make("310107", born, index * 100 + n * 2 + (0 if gender == Gender.FEMALE else 1))


def _school_year(school, chair: User, year: int, n: int) -> None:
    """A small school's year in its ledgers: its staff assembly in the spring,
    recorded on the day, and Teachers' Day care for every member."""
    if Session.objects.filter(org=school, held_on__year=year).exists():
        return
    held_on = dt.date(year, 3, 20 + n)
    term = congress_services.term_create(
        org=school,
        actor=chair,
        number=1,
        starts_on=dt.date(year, 3, 1),
        ends_on=dt.date(year + 3, 2, 28),
    )
    session = congress_services.session_create(
        org=school, actor=chair, term=term, number=1, held_on=held_on
    )
    recorded_on_the_day(school, [session])
    # A school this small holds a staff assembly (教职工大会): every member comes, no
    # representatives are elected.
    members = list(Member.objects.filter(org=school, status=Status.ACTIVE))
    care_visit_record(
        org=school,
        actor=chair,
        kind=CareKind.FESTIVAL,
        festival=Festival.TEACHERS,
        members=members,
        date=dt.date(year, 9, 10),
        amount=Decimal("100.00"),
        goods="慰问品",
        visitors_text="工会委员",
        note=f"{year}年教师节慰问",
        signed_for=True,
    )


def _chair(school, *, admin: User) -> User:
    """The school's chair. The schools `seed_demo --schools N` adds beside the demo one have
    members but no logins: their chair is made here, to submit their returns."""
    held = RoleAssignment.objects.filter(org=school, role=Role.CHAIR).select_related("user")
    if assignment := held.first():
        return assignment.user
    return demo_login(
        org=school, actor=admin, username=f"{school.code}-chair",
        display_name=SURNAMES[school.pk % len(SURNAMES)] + GIVEN[school.pk % len(GIVEN)],
        roles=[Role.CHAIR],
    )  # fmt: skip


def seed_district_demo(district: Organisation, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    admin = RoleAssignment.objects.filter(org=district, role=Role.DISTRICT_ADMIN).first().user
    schools = list(Organisation.objects.filter(parent=district).order_by("pk"))
    for index, (code, name, chair, size) in enumerate(EXTRA_SCHOOLS, start=1):
        if len(schools) > len(EXTRA_SCHOOLS):
            break
        schools.append(_extra_school(district, admin, code, name, chair, size, index))
    schools = schools[: 1 + len(EXTRA_SCHOOLS)]

    # Last year's annual returns: due ten days ago; all but the last submitted on time.
    year = today.year - 1
    # Each school but the last ran its year as a well-run school does: its congress met in the
    # spring and it cared for its staff at Teachers' Day. The last one (late with its return)
    # held no congress: the district's assessment fails it for that, and says so.
    for n, school in enumerate(schools[1:-1], start=1):
        _school_year(school, _chair(school, admin=admin), year, n)
    due_on = today - dt.timedelta(days=10)
    round = services.return_round_open(district=district, actor=admin, year=year, due_on=due_on)
    for n, school in enumerate(schools):
        draft = services.return_prepare(school=school, year=year)
        if n == len(schools) - 1:
            continue  # a draft, not submitted: late
        chair = _chair(school, admin=admin)
        # As prepared from the ledgers: the return says what the registers hold.
        submitted_on = due_on - dt.timedelta(days=3 + n)
        services.return_submit(
            annual_return=draft,
            actor=chair,
            at=timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(15, 30))),
        )
    del round

    # The hardship files, due 20 December (or in a fortnight, later in the year).
    deadline = dt.date(today.year, 12, 20)
    if deadline <= today:
        deadline = today + dt.timedelta(days=14)
    template = workbook_bytes(
        [("困难职工", ["姓名", "身份证号", "困难类别", "家庭人口", "月人均收入", "建档日期"], [])]
    )
    call = services.call_create(
        district=district,
        actor=admin,
        title="困难职工建档统计表",
        instructions="请各校工会摸清困难教职工底数，按模板填报最新建档情况。",
        due_on=deadline,
        template=SimpleUploadedFile("困难职工建档统计表.xlsx", template),
    )
    first = schools[0]
    reply = workbook_bytes(
        [("困难职工", ["姓名", "困难类别", "家庭人口"], [["（见附件名单）", "一般困难", 3]])]
    )
    services.call_reply(
        call=call,
        school=first,
        actor=_chair(first, admin=admin),
        file=SimpleUploadedFile(f"{first.name}困难职工建档统计表.xlsx", reply),
    )

    # Last year's assessment with the shipped rubric: the demo school assessed itself.
    rubric = assessment.rubric_default_create(district=district, actor=admin)
    assessed = assessment.assessment_round_open(
        district=district,
        actor=admin,
        rubric=rubric,
        year=year,
        self_due_on=today + dt.timedelta(days=20),
    )
    # Every school but the last assessed itself; the late one has not yet.
    for n, school in enumerate(schools[:-1]):
        chair = _chair(school, admin=admin)
        for score in ItemScore.objects.filter(
            assessment__round=assessed, assessment__org=school, item__automatic=""
        ).select_related("item", "assessment"):
            # The demo school scores best; the others lose a point or two more here and there.
            less = Decimal("1") if score.item.points >= 6 else Decimal("0")
            if n and score.item.points >= 8:
                less += Decimal("1")
            value = score.item.points - less
            assessment.score_self(score=score, actor=chair, value=value, note=HAND_NOTES)
        scored = ItemScore.objects.filter(assessment__round=assessed, assessment__org=school)
        assessment.self_submit(assessment=scored.first().assessment, actor=chair)
    own = ItemScore.objects.filter(assessment__round=assessed, assessment__org=first).first()
    bonus = rubric.bonuses.order_by("points").first()
    assessment.bonus_add(assessment=own.assessment, actor=admin, bonus=bonus, note="区级表彰")

    services.congress_reports_collect(district=district, today=today)
