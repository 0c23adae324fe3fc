"""The demo district: schools that read like real ones, built from a fixed random seed.

The first school (申江区第一中心小学) is the one people click through: a login per role, a history
on every member. Further schools, for benchmarks, come from the same generator and are written in
bulk. The same seed always gives the same people, whatever the database.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from faker import Faker

from unionhall.core import audit, idcard
from unionhall.core.models import AuditEntry
from unionhall.members.models import Gender, Hardship, Member, MemberEvent, Status
from unionhall.members.names import pinyin_keys
from unionhall.orgs.models import Department, Organisation, RoleAssignment, User
from unionhall.orgs.roles import Role

DEMO_PASSWORD = "unionhall"
DEFAULT_SEED = 2024
DISTRICT_CODE = "shenjiang"
DISTRICT_NAME = "申江区教育工会"
SCHOOL_CODE = "sj-diyi-xiaoxue"
SCHOOL_NAME = "申江区第一中心小学工会"
BATCH_SIZE = 1000

# One login per role: (username, role). All but `district` are members of the demo school.
DEMO_LOGINS: tuple[tuple[str, str], ...] = (
    ("chair", Role.CHAIR),
    ("organiser", Role.COMMITTEE_ORGANISATION),
    ("welfare", Role.COMMITTEE_WELFARE),
    ("treasurer", Role.TREASURER),
    ("rep", Role.REPRESENTATIVE),
    ("leader", Role.LEADER),
    ("teacher", Role.MEMBER),
    ("district", Role.DISTRICT_ADMIN),
)


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    women: float  # share of women among its staff
    share: float = 0.0  # share of the teaching staff (teaching groups)
    posts: tuple[str, ...] = ()  # posts held one each (offices, admin and support)
    frontline: bool = True


PRIMARY = (
    DepartmentSpec("校长室", 0.5, posts=("校长", "党支部书记", "副校长"), frontline=False),
    DepartmentSpec("教导处", 0.7, posts=("教导主任", "副教导主任", "教务员"), frontline=False),
    DepartmentSpec(
        "德育室", 0.8, posts=("德育主任", "大队辅导员", "心理健康教师"), frontline=False
    ),
    DepartmentSpec("语文组", 0.88, share=0.32),
    DepartmentSpec("数学组", 0.74, share=0.25),
    DepartmentSpec("英语组", 0.9, share=0.13),
    DepartmentSpec("科学组", 0.5, share=0.1),
    DepartmentSpec("综合组（音体美）", 0.55, share=0.2),
    DepartmentSpec(
        "行政后勤",
        0.5,
        posts=(
            "总务主任",
            "会计",
            "出纳",
            "校医",
            "图书管理员",
            "实验员",
            "信息技术管理员",
            "食堂管理员",
            "保育员",
            "后勤职工",
        ),
        frontline=False,
    ),
)

SECONDARY = (
    DepartmentSpec("校长室", 0.4, posts=("校长", "党支部书记", "副校长"), frontline=False),
    DepartmentSpec("教导处", 0.6, posts=("教导主任", "副教导主任", "教务员"), frontline=False),
    DepartmentSpec("年级组（德育）", 0.7, posts=("德育主任", "预备年级组长", "团委书记")),
    DepartmentSpec("语文组", 0.85, share=0.18),
    DepartmentSpec("数学组", 0.6, share=0.18),
    DepartmentSpec("英语组", 0.88, share=0.16),
    DepartmentSpec("理化生组", 0.5, share=0.16),
    DepartmentSpec("政史地组", 0.7, share=0.14),
    DepartmentSpec("体艺组", 0.45, share=0.12),
    DepartmentSpec("信息技术组", 0.4, share=0.06),
    DepartmentSpec(
        "行政后勤",
        0.5,
        posts=("总务主任", "会计", "出纳", "校医", "图书管理员", "实验员", "后勤职工"),
        frontline=False,
    ),
)

# Where people's ID cards were issued: mostly Shanghai districts, some neighbouring provinces.
SHANGHAI_AREAS = ("310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112")
OTHER_AREAS = ("320102", "320503", "320682", "330106", "330282", "340104", "340822", "360102")

# Further schools of the district, for benchmarks: 申江区<place><kind>.
PLACES = (
    "延安路",
    "长寿路",
    "曹杨",
    "宜川",
    "梅园",
    "枫林",
    "桃浦",
    "真如",
    "万里",
    "晋元",
    "洛川",
    "芷江",
    "新会",
    "西康路",
    "武宁",
    "甘泉",
    "石泉",
    "华阴路",
    "兰溪路",
    "沪太",
    "志丹路",
    "古北",
    "凉城",
    "江湾",
    "彭浦",
)
KINDS = ("小学", "中学", "第二小学", "实验学校")
OTHER_SCHOOLS = ("申江区实验中学", "申江区第二中心小学", "申江区曹杨小学", "申江区梅园中学")

# Given names common among people born since the late 1980s, which Faker's list lacks.
YOUNGER_WOMEN = (
    "欣怡",
    "思雨",
    "佳琪",
    "雨婷",
    "梦瑶",
    "诗涵",
    "晓雯",
    "静怡",
    "子涵",
    "雅琴",
    "佳怡",
    "雪婷",
    "思佳",
    "晨曦",
    "文静",
    "玥",
    "璐瑶",
    "婉婷",
)
YOUNGER_MEN = (
    "浩然",
    "子轩",
    "俊杰",
    "宇航",
    "嘉伟",
    "晨阳",
    "一鸣",
    "思远",
    "天宇",
    "博文",
    "皓",
    "志远",
    "家豪",
    "逸飞",
)

HONOURS = ("区骨干教师", "区学科带头人", "市级骨干教师", "区教学能手", "区优秀班主任")

# (level, note, for a retiree?) Written for the demo; any likeness is chance.
HARDSHIP_CASES = (
    (
        Hardship.SEVERE,
        "本人去年确诊乳腺癌，术后仍在化疗，自付医疗费用较高；爱人在外地打工。",
        False,
    ),
    (Hardship.ORDINARY, "爱人患尿毒症，每周透析三次，孩子读高中，家庭开支大。", False),
    (Hardship.ORDINARY, "离异后独自抚养两个孩子，母亲中风卧床，需长期请护工。", False),
    (Hardship.SEVERE, "孩子患先天性心脏病，近两年手术两次，家中已负债。", False),
    (Hardship.ORDINARY, "爱人所在企业停产，暂无收入；房贷压力较大。", False),
    (Hardship.ORDINARY, "老伴瘫痪在床多年，本人患糖尿病，子女在外地，日常照护困难。", True),
)


@dataclass
class Person:
    """A member before saving, with the events of their union life."""

    member: Member
    spec: DepartmentSpec
    age: int
    events: list[tuple[str, dt.date, str]] = field(default_factory=list)


@dataclass
class SeedResult:
    district: Organisation
    schools: list[Organisation]
    members: int
    logins: list[tuple[str, str, Organisation]]


# Office posts whose holders are also teachers, so they carry a teaching title.
TEACHING_OFFICES = frozenset(
    {
        "校长",
        "党支部书记",
        "副校长",
        "教导主任",
        "副教导主任",
        "德育主任",
        "大队辅导员",
        "心理健康教师",
        "预备年级组长",
        "团委书记",
    }
)
SENIOR_OFFICES = frozenset({"校长", "党支部书记", "副校长", "教导主任", "德育主任", "总务主任"})


class _SchoolBuilder:
    """Makes the people of one school: staff in service, retirees, a few who left."""

    def __init__(self, *, seed: str, fake: Faker, today: dt.date, specs, size: int):
        self.rng = random.Random(seed)
        self.fake = fake
        self.today = today
        self.specs = specs
        self.teaching = [spec for spec in specs if spec.share]
        self.size = size
        self.names: set[str] = set()
        self.id_numbers: set[str] = set()

    # --- one person -------------------------------------------------------------------
    def _gender(self, spec: DepartmentSpec) -> str:
        return Gender.FEMALE if self.rng.random() < spec.women else Gender.MALE

    def _name(self, gender: str, born: dt.date) -> str:
        """Faker's given names are those of older generations; younger staff get newer ones."""
        female = gender == Gender.FEMALE
        while True:
            if born.year >= 1988 and self.rng.random() < 0.5:
                given = self.rng.choice(YOUNGER_WOMEN if female else YOUNGER_MEN)
            else:
                given = self.fake.first_name_female() if female else self.fake.first_name_male()
            name = self.fake.last_name() + given
            if name not in self.names:
                self.names.add(name)
                return name

    def _id_number(self, born: dt.date, gender: str) -> str:
        while True:
            areas = SHANGHAI_AREAS if self.rng.random() < 0.72 else OTHER_AREAS
            digit = self.rng.choice((1, 3, 5, 7, 9) if gender == Gender.MALE else (0, 2, 4, 6, 8))
            number = idcard.make(self.rng.choice(areas), born, self.rng.randrange(100) * 10 + digit)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def _september(self, year: int) -> dt.date:
        """1 September of that year, or the last one before today."""
        joined = dt.date(year, 9, 1)
        if joined > self.today:
            joined = dt.date(self.today.year - (1 if self.today.month < 9 else 0), 9, 1)
        return joined

    def _title(self, age: int) -> str:
        if age < 24:
            return "见习教师"
        if age < 28:
            return "二级教师"
        if age < 35:
            return self.rng.choices(("一级教师", "二级教师"), (7, 3))[0]
        if age < 45:
            return self.rng.choices(("一级教师", "高级教师", "二级教师"), (7, 2, 1))[0]
        return self.rng.choices(("高级教师", "一级教师", "正高级教师"), (45, 54, 1))[0]

    def _member(self, *, gender: str, born: dt.date, joined: dt.date, post: str, notes: str = ""):
        return Member(
            name=self._name(gender, born),
            gender=gender,
            birth_date=born,
            lunar_birthday=self.rng.random() < (0.35 if born.year < 1975 else 0.06),
            id_number=self._id_number(born, gender),
            mobile=self.fake.phone_number(),
            post=post[:50],
            joined_on=joined,
            notes=notes,
        )

    def _working(self, spec: DepartmentSpec, *, post: str = "", age: int | None = None) -> Person:
        """Someone working at the school now (or until they left)."""
        gender = self._gender(spec)
        if age is None:
            age = int(self.rng.triangular(23, 55 if gender == Gender.FEMALE else 59, 38))
            if post in SENIOR_OFFICES:
                age = max(age, 42)
        born = self.today - dt.timedelta(days=int(age * 365.25) + self.rng.randrange(365))
        notes = join_note = ""
        started = born.year + self.rng.choice((21, 22, 22, 23, 23, 24))
        if age > 32 and self.rng.random() < 0.22:
            moved_in = self.rng.randint(started + 3, max(started + 3, self.today.year - 1))
            joined = dt.date(moved_in, self.rng.randint(1, 12), self.rng.randint(1, 28))
            joined = min(joined, self.today - dt.timedelta(days=30))
            join_note = f"从{self.rng.choice(OTHER_SCHOOLS)}调入"
            notes = f"{joined.year}年{join_note}"
        else:
            joined = self._september(started)
        title = self._title(age)
        if not post:
            post = title
            if age < 50 and self.rng.random() < 0.4:
                post += "、班主任"
        elif post in TEACHING_OFFICES and age >= 30:
            post += "、" + ("高级教师" if age >= 45 else "一级教师")
        if "高级" in post and not notes and self.rng.random() < 0.3:
            notes = self.rng.choice(HONOURS)
        member = self._member(gender=gender, born=born, joined=joined, post=post, notes=notes)
        return Person(member, spec, age, [(MemberEvent.Kind.JOIN, joined, join_note)])

    def _retiree(self, spec: DepartmentSpec, years_ago: tuple[int, int] = (0, 14)) -> Person:
        gender = self._gender(spec)
        retire_age = 55 if gender == Gender.FEMALE else 60
        low, high = years_ago
        retired = self.today - dt.timedelta(days=self.rng.randint(low * 365 + 30, high * 365 + 300))
        retired = retired.replace(day=1)
        # Retirement starts the month after the birthday at retirement age.
        birth_year = retired.year - retire_age - (1 if retired.month == 1 else 0)
        born = dt.date(birth_year, retired.month - 1 or 12, self.rng.randint(1, 28))
        joined = self._september(born.year + self.rng.choice((19, 20, 21, 22)))
        post = self.rng.choices(("高级教师", "一级教师"), (4, 6))[0]
        member = self._member(gender=gender, born=born, joined=joined, post=post)
        member.lunar_birthday = self.rng.random() < 0.4
        member.status = Status.RETIRED
        member.retired_on = retired
        events = [
            (MemberEvent.Kind.JOIN, joined, ""),
            (MemberEvent.Kind.RETIRE, retired, "光荣退休"),
        ]
        return Person(member, spec, (self.today - born).days // 365, events)

    def _transferred(self, spec: DepartmentSpec) -> Person:
        person = self._working(spec, age=self.rng.randint(27, 45))
        member = person.member
        left = self.today - dt.timedelta(days=self.rng.randint(40, 3 * 365))
        if left <= member.joined_on:
            left = min(self.today, member.joined_on + dt.timedelta(days=400))
        member.status = Status.TRANSFERRED
        member.left_on = left
        note = f"调往{self.rng.choice(OTHER_SCHOOLS)}"
        person.events.append((MemberEvent.Kind.TRANSFER_OUT, left, note))
        return person

    def _deceased(self, spec: DepartmentSpec) -> Person:
        person = self._retiree(spec, years_ago=(6, 12))
        died = self.today - dt.timedelta(days=self.rng.randint(60, 700))
        person.member.status = Status.DECEASED
        person.member.left_on = died
        person.events.append((MemberEvent.Kind.DEATH, died, "因病去世"))
        return person

    # --- the school -------------------------------------------------------------------
    def _seats(self, working: int) -> list[tuple[DepartmentSpec, str]]:
        """Who works where: offices and support staff first, then the teaching groups."""
        offices = [(spec, post) for spec in self.specs for post in spec.posts]
        if working < 105:
            offices = offices[: round(len(offices) * working / 105)]
        remaining = working - len(offices)
        total = sum(spec.share for spec in self.teaching)
        exact = {spec.name: remaining * spec.share / total for spec in self.teaching}
        seats = {name: int(value) for name, value in exact.items()}
        by_remainder = sorted(exact, key=lambda name: exact[name] - seats[name], reverse=True)
        for name in by_remainder[: remaining - sum(seats.values())]:
            seats[name] += 1
        return offices + [(spec, "") for spec in self.teaching for _ in range(seats[spec.name])]

    def build(self) -> list[Person]:
        size = self.size
        retirees = round(size * 0.1)
        transferred = round(size * self.rng.choice((2, 3)) / 120) if size >= 30 else 0
        deceased = round(size / 120) if size >= 60 else 0
        working = max(0, size - retirees - transferred - deceased)
        people = [self._working(spec, post=post) for spec, post in self._seats(working)]
        for spec in self.teaching:
            group = [p for p in people if p.spec is spec and 32 <= p.age < 55]
            if group:
                head = max(group, key=lambda p: ("高级" in p.member.post, p.age))
                head.member.post = head.member.post.split("、")[0] + "、教研组长"
        people += [self._retiree(self.rng.choice(self.teaching)) for _ in range(retirees)]
        people += [self._transferred(self.rng.choice(self.teaching)) for _ in range(transferred)]
        people += [self._deceased(self.rng.choice(self.teaching)) for _ in range(deceased)]
        if size >= 10:
            self._hardship(people, max(1, round(size * self.rng.choice((4, 5, 6)) / 120)))
        return people

    def _hardship(self, people: list[Person], wanted: int) -> None:
        cases = self.rng.sample(HARDSHIP_CASES, min(wanted, len(HARDSHIP_CASES)))
        cases += [self.rng.choice(HARDSHIP_CASES) for _ in range(wanted - len(cases))]
        for level, note, for_retiree in cases:
            status = Status.RETIRED if for_retiree else Status.ACTIVE
            candidates = [
                p for p in people if p.member.status == status and not p.member.hardship
            ] or [p for p in people if p.member.is_current and not p.member.hardship]
            if candidates:
                chosen = self.rng.choice(candidates)
                chosen.member.hardship = level
                chosen.member.hardship_note = note


def _pick(people: list[Person], used: set[int], *tests) -> Person | None:
    """The first unused person in service without hardship passing the tests, or fewer tests."""
    pool = [
        p
        for p in people
        if id(p) not in used and p.member.status == Status.ACTIVE and not p.member.hardship
    ]
    for count in range(len(tests), -1, -1):
        for person in pool:
            if all(test(person) for test in tests[:count]):
                used.add(id(person))
                return person
    return None


def _login_people(people: list[Person]) -> dict[str, Person | None]:
    """The demo school's people behind each login (all but the district's)."""
    used: set[int] = set()

    def group(name):
        return lambda p: p.spec.name == name

    def post(text):
        return lambda p: p.member.post.startswith(text)

    def aged(low, high):
        return lambda p: low <= p.age < high

    def woman(p):
        return p.member.gender == Gender.FEMALE

    chosen = {
        "leader": _pick(people, used, post("校长")),
        "treasurer": _pick(people, used, post("会计")),
        "chair": _pick(
            people, used, group("语文组"), aged(42, 55), lambda p: "高级" in p.member.post
        ),
        "organiser": _pick(people, used, group("数学组"), aged(32, 46)),
        "welfare": _pick(people, used, group("英语组"), aged(35, 50), woman),
        "rep": _pick(people, used, group("科学组"), aged(30, 50)),
        "teacher": _pick(people, used, group("英语组"), aged(24, 32)),
    }
    union_posts = {
        "chair": "工会主席",
        "organiser": "工会组织委员",
        "welfare": "工会生活福利委员",
        "rep": "教代会代表",
    }
    for username, union_post in union_posts.items():
        if person := chosen[username]:
            person.member.post = f"{person.member.post.split('、')[0]}、{union_post}"
    return chosen


def _schools(district: Organisation, count: int) -> list[Organisation]:
    schools = [Organisation(code=SCHOOL_CODE, name=SCHOOL_NAME, kind="school", parent=district)]
    for n in range(1, count):
        place = PLACES[(n - 1) % len(PLACES)]
        kind = KINDS[(n - 1) // len(PLACES) % len(KINDS)]
        cycle = (n - 1) // (len(PLACES) * len(KINDS))
        name = f"申江区{place}{kind}" + (f"（{cycle + 1}）" if cycle else "") + "工会"
        schools.append(Organisation(code=f"sj-{n:03d}", name=name, kind="school", parent=district))
    return schools


def _specs_for(school: Organisation) -> tuple[DepartmentSpec, ...]:
    return SECONDARY if "中学" in school.name else PRIMARY


def _save(people: list[Person], recorded_by: User | None) -> None:
    Member.objects.bulk_create([p.member for p in people], batch_size=BATCH_SIZE)
    MemberEvent.objects.bulk_create(
        (
            MemberEvent(
                org=p.member.org,
                member=p.member,
                kind=kind,
                date=date,
                note=note,
                recorded_by=recorded_by,
            )
            for p in people
            for kind, date, note in p.events
        ),
        batch_size=BATCH_SIZE,
    )


def _logins(school, district, people, *, password: str, fake: Faker) -> dict[str, User]:
    """One user per role; each school login is linked to its member."""
    chosen = _login_people(people)
    users = {}
    for username, _role in DEMO_LOGINS:
        person = chosen.get(username)
        name = person.member.name if person else fake.name()
        users[username] = User(username=username, display_name=name, password=password)
        if person:
            person.member.user = users[username]
    User.objects.bulk_create(users.values())
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            user=users[username],
            org=district if role == Role.DISTRICT_ADMIN else school,
            role=role,
        )
        for username, role in DEMO_LOGINS
    )
    return users


def _history(people: list[Person], actor: User) -> None:
    """The demo school's members were entered by the organisation officer; a few were promoted."""
    content_type = audit.content_type_of(Member)
    entries = [
        AuditEntry(
            org=p.member.org,
            actor=actor,
            content_type=content_type,
            object_id=p.member.pk,
            action=AuditEntry.Action.CREATE,
            summary=p.member.name,
        )
        for p in people
    ]
    promoted = [p for p in people if p.member.is_current and p.member.post.startswith("高级教师")]
    entries += [
        AuditEntry(
            org=p.member.org,
            actor=actor,
            content_type=content_type,
            object_id=p.member.pk,
            action=AuditEntry.Action.UPDATE,
            changes={"post": ["一级教师", p.member.post]},
        )
        for p in promoted[:6]
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)


def _refresh_statistics() -> None:
    """PostgreSQL plans with row counts from its last ANALYZE; after a bulk load of thousands of
    members those say "empty", and it would scan every school's rows. Autovacuum catches up
    within minutes; a benchmark run right after seeding should not wait for it."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Organisation, Department, Member, MemberEvent)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')


@transaction.atomic
def seed_district(
    *,
    schools: int = 1,
    members_per_school: int = 120,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
) -> SeedResult:
    """The demo district: `schools` schools of `members_per_school` members, the first with a
    login per role. Refuses nothing: the caller checks that the district is not there yet."""
    today = today or dt.date.today()
    fake = Faker("zh_CN")
    district = Organisation.objects.create(
        code=DISTRICT_CODE, name=DISTRICT_NAME, kind=Organisation.Kind.DISTRICT
    )
    orgs = Organisation.objects.bulk_create(_schools(district, schools))
    pending: list[Person] = []
    users: dict[str, User] = {}
    for index, school in enumerate(orgs):
        specs = _specs_for(school)
        departments = Department.objects.bulk_create(
            Department(
                org=school, name=spec.name, sort_order=(i + 1) * 10, is_frontline=spec.frontline
            )
            for i, spec in enumerate(specs)
        )
        by_name = {d.name: d for d in departments}
        fake.seed_instance(seed * 10_000 + index)
        people = _SchoolBuilder(
            seed=f"{seed}/{index}", fake=fake, today=today, specs=specs, size=members_per_school
        ).build()
        for person in people:
            member = person.member
            member.org = school
            member.department = by_name[person.spec.name]
            member.name_pinyin, member.name_initials = pinyin_keys(member.name)
        if index == 0:
            users = _logins(
                school, district, people, password=make_password(DEMO_PASSWORD), fake=fake
            )
            _save(people, recorded_by=users["organiser"])
            _history(people, actor=users["organiser"])
            continue
        pending += people
        if len(pending) >= BATCH_SIZE * 5:
            _save(pending, recorded_by=None)
            pending = []
    _save(pending, recorded_by=None)
    _refresh_statistics()
    logins = [
        (username, role, district if role == Role.DISTRICT_ADMIN else orgs[0])
        for username, role in DEMO_LOGINS
    ]
    return SeedResult(
        district=district,
        schools=orgs,
        members=Member.objects.filter(org__parent=district).count(),
        logins=logins,
    )
