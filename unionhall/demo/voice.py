"""Demo suggestions for a school: `seed_voice_demo(school)` (called by the seed_demo command).

About a hundred suggestions over the school year, from `voice_texts`: most named, some anonymous,
a few from parents and students, some from the paper box (typed in by the chair on behalf of
their writers); near-duplicates merged; many routed, answered, some adopted and published, each
on its own day; the committee grouped the commonest into themes. Deterministic: the same school
gets the same data.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from unionhall.demo.voice_texts import SUGGESTIONS
from unionhall.members.models import Member
from unionhall.orgs.models import RoleAssignment, User
from unionhall.orgs.roles import Role
from unionhall.voice import services
from unionhall.voice.models import Category, Suggestion

# Titles that repeat an earlier suggestion, and the title of the one they duplicate.
DUPLICATES = {
    "教工餐口味太重": "食堂菜品偏咸偏油",
    "食堂饭菜能否清淡一些": "食堂菜品偏咸偏油",
    "给第四节课老师留饭": "食堂开饭时间与课表冲突",
    "校内停车位紧张": "教师停车位不足",
    "电瓶车充电桩": "停车位规划和电瓶车充电",
    "会议少而精": "精简会议",
    "材料重复报送太多": "减少各类表格填报",
    "图书馆中午开放": "图书馆延长开放时间",
    "家校沟通公约": "家长群消息规范",
    "绩效方案征求意见": "绩效考核方案公开透明",
}

# Suggestions that came through the public page, and from whom (the others are staff's, apart
# from every seventeenth, a parent's).
PUBLIC = {
    "体育课不要被挤占": Suggestion.Channel.STUDENT,
    "班级图书角": Suggestion.Channel.STUDENT,
    "校服质量": Suggestion.Channel.PARENT,
}

# The themes the committee accepted: name → (keywords, titles of the suggestions in it).
THEMES = {
    "食堂伙食": (
        ["食堂", "菜品", "开饭"],
        [
            "食堂菜品偏咸偏油",
            "食堂增加早餐供应",
            "食堂开饭时间与课表冲突",
            "公开食堂采购和价格",
            "食堂餐具消毒",
        ],
    ),
    "课后服务": (
        ["课后服务", "补贴", "排班"],
        [
            "课后服务轮值排班更均衡",
            "课后服务不要总是班主任",
            "课后服务补贴及时发放",
            "课后服务补贴标准公开",
            "课后服务增加兴趣课程",
            "课后服务请校外机构分担",
            "延时服务结束时间弹性化",
        ],
    ),
    "教师减负": (
        ["表格", "会议", "减负"],
        [
            "减少各类表格填报",
            "精简会议",
            "减少非教学任务进校园",
            "手机打卡和工作群减负",
            "班主任减负",
        ],
    ),
    "绩效考核": (
        ["绩效", "考核", "津贴"],
        [
            "绩效考核方案公开透明",
            "绩效向一线倾斜",
            "班主任津贴提高",
            "考核结果反馈",
            "绩效考核不要只看分数",
        ],
    ),
    "教职工体检": (
        ["体检"],
        [
            "教职工体检增加项目",
            "体检项目按年龄分档",
            "体检时间安排在假期",
            "体检报告解读",
            "女教工专项体检",
        ],
    ),
    "停车与充电": (
        ["停车", "充电"],
        ["教师停车位不足", "停车位规划和电瓶车充电"],
    ),
}

ANSWERS = {
    "后勤保障": "后勤处已与食堂（或相关单位）沟通，将于本学期内落实整改，并在校务公开栏公布进展。",
    "福利待遇": "学校已研究此项建议，相关方案将提交教代会讨论后实施，工会将跟踪落实。",
    "师资队伍": "教师发展中心已采纳，下学期起在各教研组试行，期末由工会组织老师评议效果。",
    "教育教学": "教导处已将此建议列入下学期工作计划，具体安排将在教职工大会上说明。",
    "安全管理": "保卫处已完成排查，问题已整改，今后纳入每月安全检查。",
    "校园文化": "工会和团队部门将共同组织，欢迎有意愿的老师报名参与。",
    "其他": "校长室已收到，将在下次行政会上研究，并在十个工作日内答复。",
}


def _people(school):
    staff = list(User.objects.filter(role_assignments__org=school).distinct().order_by("username"))
    answerers = list(services.answerers(org=school))
    leaders = [
        u
        for u in answerers
        if RoleAssignment.objects.filter(user=u, org=school, role=Role.LEADER).exists()
    ]
    return staff, leaders or answerers


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@transaction.atomic
def seed_voice_demo(school, *, today: dt.date | None = None) -> int:
    """Create the demo suggestions for `school` (once); returns how many were created."""
    if Suggestion.objects.filter(org=school).exists():
        return 0
    services.categories_ensure(org=school)
    categories = {c.name: c for c in Category.objects.filter(org=school)}
    staff, leaders = _people(school)
    chair = next(
        (
            u
            for u in staff
            if RoleAssignment.objects.filter(user=u, org=school, role=Role.CHAIR).exists()
        ),
        None,
    )
    services.settings_save(
        org=school,
        actor=chair,
        public_enabled=True,
        public_per_hour=services.public_settings(org=school).public_per_hour,
        public_intro="欢迎家长和同学为学校发展建言献策，我们会认真阅读每一条建议。",
    )
    writers = {m.user: m for m in Member.objects.filter(org=school, user__in=staff)}
    rng = random.Random(f"voice-demo-{school.code}")
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=300)
    by_title: dict[str, Suggestion] = {}
    created = 0
    for n, (category, title, body) in enumerate(SUGGESTIONS):
        anonymous = n % 5 == 2 or not staff
        public = PUBLIC.get(title, Suggestion.Channel.PARENT if n % 17 == 6 else None)
        # Spread over the school year so far, in order.
        day = start + dt.timedelta(days=int(n * 300 / len(SUGGESTIONS)) + rng.randint(0, 2))
        if public:
            result = services.suggestion_submit_public(
                org=school,
                token=f"demo-{school.code}-{n}",
                channel=public,
                category=categories[category],
                title=title,
                body=body,
                name="" if n % 2 or public == Suggestion.Channel.STUDENT else "一位家长",
                show_name=False,
                submitted_on=min(day, today),
            )
        elif n % 7 == 3 and chair is not None and (anonymous or writers.get(staff[n % len(staff)])):
            # From the paper box by the staff room: typed in by the chair, with its day.
            result = services.suggestion_submit(
                org=school,
                user=chair,
                token=f"demo-{school.code}-{n}",
                category=categories[category],
                title=title,
                body=body,
                anonymous=anonymous,
                on_behalf_of=None if anonymous else writers[staff[n % len(staff)]],
                from_paper=True,
                submitted_on=min(day, today),
            )
        else:
            result = services.suggestion_submit(
                org=school,
                user=staff[n % len(staff)] if staff else None,
                token=f"demo-{school.code}-{n}",
                category=categories[category],
                title=title,
                body=body,
                anonymous=anonymous,
                show_name=n % 3 == 0,
                submitted_on=min(day, today),
            )
        suggestion = result.suggestion
        by_title[title] = suggestion
        created += 1
        if title in DUPLICATES:
            services.suggestion_merge(
                suggestion=suggestion, actor=chair, original=by_title[DUPLICATES[title]]
            )
            continue
        stage = rng.random()
        if n > len(SUGGESTIONS) - 12 or stage < 0.15 or not leaders:
            continue  # still new
        assignee = leaders[n % len(leaders)]
        routed_at = _at(min(suggestion.submitted_on + dt.timedelta(days=2), today), 10)
        services.suggestion_route(
            suggestion=suggestion,
            actor=chair,
            assignee=assignee,
            routed_at=min(routed_at, timezone.now()),
        )
        if stage < 0.3:
            continue  # waiting for its answer
        suggestion = services.suggestion_answer(
            suggestion=suggestion,
            actor=assignee,
            answer=ANSWERS[category],
            adopted=stage > 0.45,
            manager=False,
            answered_at=min(routed_at + dt.timedelta(days=7), timezone.now()),
        )
        if stage > 0.55:
            board = Suggestion.Board.PUBLIC if stage > 0.8 else Suggestion.Board.MEMBERS
            services.suggestion_publish(suggestion=suggestion, actor=chair, board=board)
    services.themes_accept(
        org=school,
        actor=chair,
        drafts=[
            services.ThemeDraft(
                name=name,
                keywords=keywords,
                suggestion_ids=[by_title[title].pk for title in titles],
            )
            for name, (keywords, titles) in THEMES.items()
        ],
    )
    return created
