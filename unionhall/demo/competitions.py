"""The demo school's competitions: a teaching competition for young teachers (青年教师教学比武,
five judges, the highest and lowest scores dropped) and a handwriting competition for all staff
(results entered directly), each year up to today, their prizes paid from union funds and
their winners in the honours register. Written for the demo; any likeness is chance.

`seed_competitions_demo(school, today=...)` does it all through the services; it does nothing
if the school already has competitions.
"""

import datetime as dt
import random
from decimal import Decimal

from unionhall.activities.models import ActivityKind
from unionhall.activities.services.activities import activity_create, activity_kinds_seed
from unionhall.competitions import services
from unionhall.competitions.models import Competition, Scoring
from unionhall.funds.models import Category
from unionhall.honours.models import Level
from unionhall.members.models import Member, Status
from unionhall.orgs.models import RoleAssignment
from unionhall.orgs.roles import Role

LESSONS = (
    "《秋天的雨》",
    "《分数的初步认识》",
    "Unit 3 My Friends",
    "《植物的一生》",
    "《圆的认识》",
    "《桂花雨》",
    "《找规律》",
    "《小数的意义》",
    "Colours",
    "《声音的产生》",
    "《观潮》",
    "《长方形和正方形的周长》",
)
JUDGES = ("评委一（校长）", "评委二（教导主任）", "评委三（区教研员）", "评委四", "评委五")
TEACHING_PRIZES = [
    {"rank": "first", "places": 1, "amount": Decimal("600.00")},
    {"rank": "second", "places": 2, "amount": Decimal("400.00")},
    {"rank": "third", "places": 3, "amount": Decimal("200.00")},
]
HANDWRITING_PRIZES = [
    {"rank": "first", "places": 1, "amount": Decimal("300.00")},
    {"rank": "second", "places": 2, "amount": Decimal("200.00")},
    {"rank": "third", "places": 3, "amount": Decimal("100.00")},
    {"rank": "merit", "places": 2, "gift": "钢笔字帖一套"},
]


def _chair(school):
    found = RoleAssignment.objects.filter(org=school, role=Role.CHAIR).select_related("user")
    return found.first().user if found.exists() else None


def _young_teachers(school, day: dt.date, rng: random.Random, n: int) -> list[Member]:
    teachers = list(
        Member.objects.filter(org=school, status=Status.ACTIVE, department__is_frontline=True)
        .exclude(birth_date__isnull=True)
        .order_by("id")
    )
    young = [m for m in teachers if (day - m.birth_date).days < 36 * 365]
    if len(young) < n:
        young += [m for m in teachers if m not in young][: n - len(young)]
    return rng.sample(young, min(n, len(young)))


def _teaching(school, chair, kind, day: dt.date, rng: random.Random) -> Competition:
    activity = activity_create(
        org=school,
        actor=chair,
        kind=kind,
        title="青年教师教学比武",
        starts_on=day,
        place="录播教室",
        description="35周岁以下青年教师课堂教学展示，评委现场打分，去掉一个最高分和一个最低分。",
        budget_category=Category.ACTIVITIES,
    )
    competition = services.competition_create(
        org=school,
        actor=chair,
        activity=activity,
        scoring=Scoring.TRIMMED,
        trim=1,
        level=Level.SCHOOL,
        prizes=TEACHING_PRIZES,
    )
    for member, lesson in zip(_young_teachers(school, day, rng, 10), LESSONS, strict=False):
        entry = services.entry_add(
            competition=competition, actor=chair, member=member, piece=lesson
        )
        quality = rng.uniform(82, 94)
        for judge in JUDGES:
            score = Decimal(str(round(quality + rng.uniform(-3, 3), 1)))
            services.score_record(entry=entry, actor=chair, judge=judge, score=score)
    services.results_rank(competition=competition, actor=chair)
    services.results_publish(competition=competition, actor=chair, awarded_on=day)
    return competition


def _handwriting(school, chair, kind, day: dt.date, rng: random.Random) -> Competition:
    activity = activity_create(
        org=school,
        actor=chair,
        kind=kind,
        title="教职工硬笔书法比赛",
        starts_on=day,
        place="学校图书馆",
        budget_category=Category.ACTIVITIES,
    )
    competition = services.competition_create(
        org=school,
        actor=chair,
        activity=activity,
        scoring=Scoring.DIRECT,
        level=Level.SCHOOL,
        prizes=HANDWRITING_PRIZES,
    )
    staff = list(Member.objects.filter(org=school, status=Status.ACTIVE).order_by("id"))
    for member in rng.sample(staff, min(14, len(staff))):
        entry = services.entry_add(competition=competition, actor=chair, member=member)
        services.entry_score_set(
            entry=entry, actor=chair, score=Decimal(str(round(rng.uniform(70, 96), 1)))
        )
    services.results_rank(competition=competition, actor=chair)
    services.results_publish(competition=competition, actor=chair, awarded_on=day)
    return competition


def seed_competitions_demo(school, *, today: dt.date, seed: int = 12) -> list[Competition]:
    if Competition.objects.filter(org=school).exists():
        return []
    chair = _chair(school)
    if chair is None:
        return []
    activity_kinds_seed(org=school)
    training = ActivityKind.objects.get(org=school, code="training")
    culture = ActivityKind.objects.get(org=school, code="culture")
    rng = random.Random(seed)
    made = []
    for year in (today.year - 1, today.year):
        handwriting_day = dt.date(year, 4, 22)
        if handwriting_day <= today:
            made.append(_handwriting(school, chair, culture, handwriting_day, rng))
        teaching_day = dt.date(year, 11, 12)
        if teaching_day <= today:
            made.append(_teaching(school, chair, training, teaching_day, rng))
    return made
