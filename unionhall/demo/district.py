"""Demo data for the district (申江区教育工会): a few more schools beside the demo one, the
annual returns for last year (most submitted on time, one late), a data call for the hardship
files, an assessment round with the shipped rubric, and the congress reports. Everything goes
through the district's services; called once by `seed_demo`."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from unionhall.core import idcard
from unionhall.core.excel import workbook_bytes
from unionhall.demo.logins import demo_login
from unionhall.district import assessment, services
from unionhall.district.models import ItemScore
from unionhall.members.models import Gender
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
    due_on = today - dt.timedelta(days=10)
    round = services.return_round_open(district=district, actor=admin, year=year, due_on=due_on)
    for n, school in enumerate(schools):
        draft = services.return_prepare(school=school, year=year)
        if n == len(schools) - 1:
            continue  # a draft, not submitted: late
        chair = _chair(school, admin=admin)
        if n == 0:
            services.return_update(
                annual_return=draft, actor=chair, staff=draft.staff + 4, has_open_affairs=True
            )
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
    chair = _chair(first, admin=admin)
    for score in ItemScore.objects.filter(
        assessment__round=assessed, assessment__org=first, item__automatic=""
    ).select_related("item", "assessment"):
        value = score.item.points - (Decimal("1") if score.item.points >= 6 else Decimal("0"))
        assessment.score_self(score=score, actor=chair, value=value, note=HAND_NOTES)
    own = ItemScore.objects.filter(assessment__round=assessed, assessment__org=first).first()
    assessment.self_submit(assessment=own.assessment, actor=chair)
    bonus = rubric.bonuses.order_by("points").first()
    assessment.bonus_add(assessment=own.assessment, actor=admin, bonus=bonus, note="区级表彰")

    services.congress_reports_collect(district=district, today=today)
