"""A believable year of the demo school's funds ledger (经费台帐).

Income: the administration's allocation of 2% of payroll (工会经费), the share the school union
keeps, paid in four quarterly instalments; a subsidy from the district union; bank interest.
Spending: staff activities through the year, operations, a legal-aid talk, fitness equipment for
the staff home (one purchase goes over its budget line and is flagged), and one duplicate entry
corrected by a reversal. Care visits and dues are posted by their own apps' demo data. The
ledger opens on the first day of the first year seeded, with last year's balance carried over.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from unionhall.core.money import CENT
from unionhall.demo.logins import demo_login
from unionhall.funds import selectors, services
from unionhall.funds.models import BudgetPolicy, Category, LedgerEntry
from unionhall.orgs.models import RoleAssignment, User
from unionhall.orgs.roles import Role

C = Category
AVERAGE_MONTHLY_WAGE = Decimal("11500")
ALLOCATION_RATE = Decimal("0.02")
RETAINED_SHARE = Decimal("0.60")  # the rest goes to the higher unions; the split is regional
# What the previous year's accounts carried over: the ledger's opening balance (期初余额).
CARRIED_OVER = Decimal("23856.40")

BUDGET = {
    C.ACTIVITIES: Decimal("160000"),  # includes festival and birthday gifts posted by care
    C.RIGHTS: Decimal("15000"),
    C.OPERATIONS: Decimal("12000"),
    C.CAPITAL: Decimal("12000"),
    C.OTHER_EXPENSE: Decimal("500"),
}

# (month, day, category, amount, memo)
SPENDING = [
    (1, 6, C.OPERATIONS, "1480.00", "订阅《中国教工》《工人日报》等报刊"),
    (1, 10, C.ACTIVITIES, "8600.00", "迎新年教职工联欢会（场地布置、节目道具、茶点）"),
    (2, 27, C.OPERATIONS, "356.50", "办公用品（打印纸、硒鼓）"),
    (3, 7, C.ACTIVITIES, "6480.00", "三八节女教职工插花沙龙（54人）"),
    (3, 28, C.OTHER_EXPENSE, "30.00", "银行账户管理费（一季度）"),
    (4, 12, C.ACTIVITIES, "2350.00", "春季教职工健步走（饮用水、纪念品）"),
    (4, 18, C.OPERATIONS, "1200.00", "工会干部业务培训（区教育工会）"),
    (5, 9, C.ACTIVITIES, "720.00", "工会小组活动：语文组"),
    (5, 9, C.ACTIVITIES, "680.00", "工会小组活动：数学组"),
    (5, 16, C.ACTIVITIES, "560.00", "工会小组活动：英语组"),
    (5, 16, C.ACTIVITIES, "640.00", "工会小组活动：综合组"),
    (5, 23, C.ACTIVITIES, "480.00", "工会小组活动：行政后勤"),
    (5, 29, C.ACTIVITIES, "4200.00", "教职工羽毛球比赛（场地费、奖品）"),
    (6, 6, C.RIGHTS, "800.00", "法律知识讲座讲师费（劳动合同与权益保护）"),
    (6, 20, C.ACTIVITIES, "1800.00", "端午节包粽子活动（食材）"),
    (6, 28, C.OTHER_EXPENSE, "30.00", "银行账户管理费（二季度）"),
    (7, 8, C.CAPITAL, "12800.00", "职工之家健身器材（跑步机一台、动感单车两台）"),
    (8, 26, C.OPERATIONS, "860.00", "宣传展板制作（新学期工会工作展示）"),
    (9, 9, C.ACTIVITIES, "5600.00", "教师节活动（表彰会场布置、鲜花）"),
    (9, 25, C.OPERATIONS, "420.00", "办公用品（文件盒、签字笔）"),
    (9, 28, C.OTHER_EXPENSE, "30.00", "银行账户管理费（三季度）"),
    (10, 24, C.ACTIVITIES, "6900.00", "秋季教职工趣味运动会（器材、奖品）"),
    (11, 14, C.ACTIVITIES, "3100.00", "工会小组活动：秋季读书分享与茶话会"),
    (11, 21, C.RIGHTS, "1000.00", "教职工心理健康讲座讲师费"),
    (12, 5, C.OPERATIONS, "1500.00", "职工之家日常维护（空调清洗、灯具更换）"),
    (12, 19, C.ACTIVITIES, "2800.00", "迎新年教职工棋类比赛（奖品）"),
    (12, 28, C.OTHER_EXPENSE, "30.00", "银行账户管理费（四季度）"),
]

OTHER_INCOME = [
    (6, 10, C.ALLOCATION, "5000.00", "区教育工会补助：职工之家建设"),
    (3, 21, C.OTHER_INCOME, "38.60", "银行存款利息（一季度）"),
    (6, 21, C.OTHER_INCOME, "52.10", "银行存款利息（二季度）"),
    (9, 21, C.OTHER_INCOME, "61.35", "银行存款利息（三季度）"),
    (12, 21, C.OTHER_INCOME, "44.90", "银行存款利息（四季度）"),
]


def _treasurer(school) -> User:
    for role in ("treasurer", "chair"):
        assignment = (
            RoleAssignment.objects.filter(org=school, role=role).select_related("user").first()
        )
        if assignment:
            return assignment.user
    return demo_login(
        org=school,
        actor=None,
        username=f"{school.code}-treasurer",
        display_name="经费委员",
        roles=[Role.TREASURER],
    )


def _staff_count(school) -> int:
    from unionhall.members.models import Member, Status

    return Member.objects.filter(org=school, status=Status.ACTIVE).count() or 80


@transaction.atomic
def seed_funds_demo(school, year: int, *, actor=None) -> int:
    """Post the year's budget and ledger for `school`; returns the number of entries posted.

    Does nothing if the year already holds an allocation (so it can run twice). Entries dated
    after today are left out, so the current year stops at today."""
    if LedgerEntry.objects.filter(
        org=school, category=C.ALLOCATION, date__year=year, reverses__isnull=True
    ).exists():
        return 0
    actor = actor or _treasurer(school)
    if selectors.opening_balance_current(org=school) is None:
        services.opening_balance_enter(
            org=school,
            actor=actor,
            amount=CARRIED_OVER,
            date=dt.date(year, 1, 1),
            note=f"上年结余（{year - 1}年度经费决算）",
        )
    services.budget_policy_set(org=school, actor=actor, policy=BudgetPolicy.FLAG)
    services.budget_set(org=school, actor=actor, year=year, amounts=dict(BUDGET))

    quarterly_payroll = AVERAGE_MONTHLY_WAGE * 3 * _staff_count(school)
    instalment = (quarterly_payroll * ALLOCATION_RATE * RETAINED_SHARE).quantize(CENT)
    rows = [
        (
            month,
            5,
            C.ALLOCATION,
            str(instalment),
            f"行政拨交工会经费（工资总额2%，{quarter}季度，本会留成60%）",
        )
        for quarter, month in zip("一二三四", (1, 4, 7, 10), strict=True)
    ]
    rows += OTHER_INCOME + SPENDING
    rows.sort(key=lambda row: (row[0], row[1]))
    today = timezone.localdate()
    posted = 0
    duplicate = None
    for month, day, category, amount, memo in rows:
        date = dt.date(year, month, day)
        if date > today:
            continue
        services.ledger_post(
            org=school,
            actor=actor,
            category=category,
            amount=Decimal(amount),
            date=date,
            memo=memo,
        )
        posted += 1
        if memo.startswith("办公用品（文件盒"):
            duplicate = services.ledger_post(
                org=school,
                actor=actor,
                category=category,
                amount=Decimal(amount),
                date=date,
                memo=memo,
            )
            posted += 1
    if duplicate is not None:
        services.ledger_reverse(
            entry=duplicate, actor=actor, date=duplicate.date, reason="重复录入，冲销"
        )
        posted += 1
    return posted
