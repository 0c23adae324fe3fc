"""The demo school's annual plans: last school year's, started from the template, with its tasks
ticked by the demo's own records (festival care, congress sessions, new members) or reported done
by hand, and this school year's, drafted from it (with the open congress proposals).

The lead calls `seed_plans_demo(school, today=...)` from `seed_demo` after the care, funds and
congress demos, whose records fulfil the tasks. Through the services only; nothing if the school
has a plan already.
"""

import datetime as dt

from django.utils import timezone

from unionhall.demo.congress import _chair
from unionhall.members.models import Member, Status
from unionhall.orgs.models import Organisation, RoleAssignment
from unionhall.orgs.roles import Role
from unionhall.orgs.selectors import school_year_start_of
from unionhall.orgs.services import school_update
from unionhall.plans import services
from unionhall.plans.models import Plan

GOALS = (
    "以服务教职工、服务学校发展为宗旨，健全以教代会为基本形式的民主管理制度，深化校务公开；"
    "做好送温暖和帮扶工作，开展丰富多彩的文体活动；工作做到有计划、有制度、有台帐、有检查、有考核。"
)
HAND_NOTES = {
    "health_checks": "组织全体教职工到区人民医院体检，女教职工加做两癌筛查。",
    "summer": "组织教职工暑期疗休养两批，开展暑期读书活动。",
}


def seed_plans_demo(school: Organisation, today: dt.date | None = None) -> Plan:
    existing = Plan.objects.filter(org=school).order_by("-start_year").first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    chair = _chair(school)
    admin = (
        RoleAssignment.objects.filter(org=school.parent, role=Role.DISTRICT_ADMIN)
        .select_related("user")
        .first()
    )
    if admin is not None and school.staff_count is None:
        staff = Member.objects.filter(org=school, status=Status.ACTIVE).count()
        school_update(
            district=school.parent,
            actor=admin.user,
            school=school,
            school_type=Organisation.SchoolType.PRIMARY,
            staff_count=max(staff, 1),
        )
    this_year = school_year_start_of(school, today)
    last = services.plan_create_from_template(org=school, actor=chair, start_year=this_year - 1)
    services.plan_update(org=school, actor=chair, plan=last, goals=GOALS)
    culture = last.areas.order_by("sort_order")[3]
    services.task_create(
        org=school,
        actor=chair,
        plan=last,
        title="春季教职工趣味运动会",
        starts_on=dt.date(this_year, 4, 1),
        due_on=dt.date(this_year, 4, 30),
        owner=chair,
        area=culture,
        record_kind="funds.activity_expense",
    )
    for task in last.tasks.filter(template_key__in=list(HAND_NOTES), due_on__lt=today):
        services.task_tick(
            org=school,
            actor=chair,
            task=task,
            done_on=task.due_on,
            note=HAND_NOTES[task.template_key],
        )
    current = services.next_plan_draft(org=school, actor=chair, plan=last, today=today)
    return current
