"""Four mentoring pairs (师徒结对) over the demo school's last full school year, with their logs
and the chair's assessments; one pair falls short of its targets.

Three contracts: one senior teacher mentors two young colleagues, two others one each; the demo
member login (`teacher`) is a mentee when it is a teacher of the right age. Logs of people with a
login are typed by themselves; the others' come from the paper log book, typed in by the chair
with the day they happened.
"""

import datetime as dt
import random

from django.db import transaction

from unionhall.core.periods import SCHOOL_YEAR, Period
from unionhall.honours.models import Level, Rank
from unionhall.honours.services import honour_record
from unionhall.members.models import Member, Status
from unionhall.mentoring import services
from unionhall.mentoring.models import Contract, Grade, LogKind
from unionhall.orgs.models import User

CLASSES = ("一(1)班", "二(3)班", "三(2)班", "四(1)班", "五(2)班", "六(4)班")
SUBJECT_OF = {"语文组": "语文", "数学组": "数学", "英语组": "英语"}
OBSERVATION_NOTES = (
    "导入自然，板书清楚，提问可再开放一些。",
    "小组合作组织得好，个别学生参与不够。",
    "时间把控好，练习设计有梯度。",
    "重点突出，课堂评价语言可更具体。",
    "师生互动充分，结尾小结略仓促。",
    "教学目标达成度高，可多关注后进生。",
)
OPEN_LESSONS = ("期初探讨课", "期末汇报课")
PAPERS = ("小学低年级识字教学的实践与思考", "以问题链推进数学深度学习", "英语绘本阅读课例研究")
BOOKS = ("《给教师的建议》读书笔记", "《学习的本质》读书笔记", "《教学勇气》读书笔记")


def _school_days(period: Period, count: int, rng: random.Random) -> list[dt.date]:
    """`count` weekdays in term time (September–January, March–June), in order."""
    days = []
    day = period.start
    while day <= period.end:
        if day.weekday() < 5 and day.month not in (2, 7, 8):
            days.append(day)
        day += dt.timedelta(days=1)
    return sorted(rng.sample(days, count))


def _subject(member: Member) -> str:
    return SUBJECT_OF.get(member.department.name, "综合")


@transaction.atomic
def seed_mentoring_demo(school, *, today: dt.date) -> list[Contract]:
    """The pairs of the last school year that has ended by `today` (nothing if already there)."""
    period = Period.school_year(Period.containing(SCHOOL_YEAR, today).start.year - 1)
    if Contract.objects.filter(org=school, starts_on=period.start).exists():
        return []
    rng = random.Random(f"mentoring-{school.code}")
    chair = User.objects.filter(
        role_assignments__org=school, role_assignments__role="chair"
    ).first()
    teachers = list(
        Member.objects.filter(
            org=school,
            status=Status.ACTIVE,
            department__name__in=SUBJECT_OF,
            birth_date__isnull=False,
        ).select_related("department", "user")
    )
    teachers.sort(key=lambda m: (m.birth_date, m.pk))
    if len(teachers) < 7 or chair is None:
        return []
    login = next((m for m in teachers if m.user and m.user.username == "teacher"), None)
    young = [m for m in reversed(teachers) if m is not login][:4]
    if login is not None and login.birth_date.year >= period.start.year - 35:
        young = [login, *young[:3]]
    seniors = [m for m in teachers if m not in young][:3]
    groups = [(seniors[0], young[:2]), (seniors[1], young[2:3]), (seniors[2], young[3:4])]
    contracts = []
    for number, (mentor, mentees) in enumerate(groups):
        contract = services.contract_create(
            org=school,
            actor=chair,
            mentor=mentor,
            mentees=mentees,
            starts_on=period.start,
            ends_on=period.end,
            signed_on=period.start + dt.timedelta(days=9),
            note="徒弟两年内过教学技能关、教材教法关；师傅的指导计入绩效考核。",
        )
        contracts.append(contract)
        for pair_number, mentee in enumerate(mentees):
            # The last pair is the one that falls short: six lessons observed, no paper.
            short = number == len(groups) - 1
            _logs(school, chair, contract, mentor, mentee, rng, period, short=short)
            progress_met = not short
            grade = (
                (Grade.EXCELLENT if pair_number == 0 else Grade.PASS)
                if progress_met
                else Grade.FAIL
            )
            comment = {
                Grade.EXCELLENT: "听课评课扎实，徒弟汇报课获好评，成长明显。",
                Grade.PASS: "按协议完成各项任务，课堂常规进步明显。",
                Grade.FAIL: "听课次数不足、论文未交，下学年继续结对并加强督促。",
            }[grade]
            if period.end <= today:
                services.assessment_record(
                    org=school,
                    actor=chair,
                    pair=contract.pairs.get(mentee=mentee),
                    grade=grade,
                    comment=comment,
                    assessed_on=period.end,
                )
    _mentee_prize(school, chair, young[0], period)
    contracts += _this_year(school, chair, groups[-1], today, rng)
    return contracts


def _this_year(school, chair, group, today: dt.date, rng: random.Random) -> list[Contract]:
    """The pair that fell short goes on for the school year under way (as its assessment
    says), with what it has logged so far: the mentoring pages open on a year in progress."""
    period = Period.containing(SCHOOL_YEAR, today)
    signed_on = period.start + dt.timedelta(days=9)
    if signed_on > today:
        return []
    mentor, mentees = group
    contract = services.contract_create(
        org=school,
        actor=chair,
        mentor=mentor,
        mentees=mentees,
        starts_on=period.start,
        ends_on=period.end,
        signed_on=signed_on,
        note="续签一年：补齐听课次数，学年内完成论文一篇。",
    )
    so_far = Period(period.start, min(today, period.end), period.label)
    mentee = mentees[0]
    entries = [(mentor, mentee), (mentee, mentor), (mentor, mentee), (mentee, mentor)]
    for day, (member, whose) in zip(_school_days(so_far, len(entries), rng), entries, strict=True):
        own = member.user if member.user_id else None
        services.log_add(
            org=school,
            actor=own or chair,
            contract=contract,
            kind=LogKind.OBSERVATION,
            member=member,
            observed=whose,
            date=day,
            on_behalf=own is None,
            class_name=rng.choice(CLASSES),
            subject=_subject(whose),
            comment=rng.choice(OBSERVATION_NOTES),
        )
    return [contract]


def _mentee_prize(school, chair, mentee, period: Period) -> None:
    """A district prize for the first mentee during the term, which the mentor shares."""
    honour_record(
        org=school,
        actor=chair,
        member=mentee,
        title="申江区青年教师课堂教学评比",
        level=Level.COUNTY,
        rank=Rank.SECOND,
        body="申江区教育局",
        awarded_on=dt.date(period.end.year, 5, 18),
    )


def _logs(school, chair, contract, mentor, mentee, rng, period, *, short: bool) -> None:
    observed = contract.observations - (2 if short else 0)
    entries = []
    for _n in range(observed):
        entries.append((LogKind.OBSERVATION, mentor, mentee))
    for _n in range(contract.observations):
        entries.append((LogKind.OBSERVATION, mentee, mentor))
    entries += [(LogKind.OPEN_LESSON, mentee, None)] * contract.open_lessons
    entries += [(LogKind.PAPER, mentee, None)] * (0 if short else contract.papers)
    entries += [(LogKind.READING_NOTE, mentee, None)] * contract.reading_notes
    days = _school_days(period, len(entries), rng)
    rng.shuffle(entries)
    open_lessons = iter(OPEN_LESSONS * 3)
    for day, (kind, member, whose) in zip(days, entries, strict=True):
        details = {}
        if kind == LogKind.OBSERVATION:
            details = {
                "class_name": rng.choice(CLASSES),
                "subject": _subject(whose),
                "comment": rng.choice(OBSERVATION_NOTES),
            }
        elif kind == LogKind.OPEN_LESSON:
            details = {"title": next(open_lessons), "class_name": rng.choice(CLASSES)}
        elif kind == LogKind.PAPER:
            details = {"title": rng.choice(PAPERS)}
        else:
            details = {"title": rng.choice(BOOKS)}
        own = member.user if member.user_id else None
        services.log_add(
            org=school,
            actor=own or chair,
            contract=contract,
            kind=kind,
            member=member,
            observed=whose,
            date=day,
            on_behalf=own is None,
            **details,
        )
