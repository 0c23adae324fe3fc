"""Demo data for the staff congress: one term, two sessions, about fifteen proposals in every
state, resolutions with tallies, attendance. Called by `seed_demo` for each demo school.

Dates are relative to today, so a fresh demo always has answers due soon and overdue. Everything
past (submissions, co-signatures, decisions, answers, ratings, progress, closing, tallies and
attendance) is entered through the services with its own date, as an officer entering paper
records would; the first session's proposals are typed in by the chair on behalf of their
representatives, as paper proposals are."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from unionhall.congress import services
from unionhall.congress.models import Representative, Session, Term
from unionhall.core import audit, idcard
from unionhall.core.models import AuditEntry
from unionhall.demo.logins import demo_login, use_demo_password
from unionhall.members.models import Member
from unionhall.members.services import member_create, member_login_create
from unionhall.orgs.models import Department, RoleAssignment, User
from unionhall.orgs.roles import Role

GROUPS = ["语文组代表团", "数学组代表团", "综合组代表团", "行政后勤代表团"]

EXTRA_MEMBERS = [
    ("陈晓燕", "F"),
    ("刘建华", "M"),
    ("王丽娟", "F"),
    ("张海涛", "M"),
    ("李春梅", "F"),
    ("赵志强", "M"),
    ("孙慧敏", "F"),
    ("周文斌", "M"),
    ("吴雅琴", "F"),
    ("郑国栋", "M"),
    ("黄淑芬", "F"),
    ("何俊杰", "M"),
]

LEADERS = [("校长", "林振华"), ("副校长", "许美玲")]

# (title, category, reasons, measures)
PROPOSALS = [
    (
        "关于增设教师午间休息室的建议",
        "welfare",
        "学校现有教师办公室人员密集，午间无处休息。下午连堂的老师普遍反映精力不足，影响课堂效果。",
        "1. 利用综合楼三楼闲置教室改建两间休息室，男女分设；\n2. 配置折叠床和储物柜，由后勤统一管理。",  # noqa: E501
    ),
    (
        "关于减少非教学类表格填报的建议",
        "teaching",
        "各类检查、统计表格层层下发，同一数据反复填报，班主任每周花在表格上的时间超过三小时。",
        "1. 由教务处牵头梳理现有表格，合并重复项目；\n2. 常用数据建立共享台账，一次填报多处使用。",
    ),
    (
        "关于完善青年教师师徒结对考核办法的建议",
        "staff",
        "现行师徒结对只看听课次数，结对效果难以体现，部分师傅带教积极性不高。",
        "1. 增加徒弟公开课、教学设计评比等成果指标；\n2. 对带教成效突出的师傅在评优中给予加分。",
    ),
    (
        "关于改善教工食堂伙食质量的建议",
        "logistics",
        "近一学期食堂菜品单一，周五下午经常只剩两三个菜，教职工意见较多。",
        "1. 每月召开一次伙食委员会，听取教职工意见；\n2. 推行每周菜谱公示，增加时令蔬菜和面点品种。",  # noqa: E501
    ),
    (
        "关于校门口上下学时段交通安全的建议",
        "safety",
        "放学时段家长车辆在校门口违停，学生穿行其间存在较大安全隐患。",
        "1. 与交警中队协调设置临时停车区；\n2. 增派值周教师和家长志愿者在路口疏导。",
    ),
    (
        "关于提高班主任津贴标准的建议",
        "welfare",
        "班主任工作量逐年增加，现行津贴标准执行已近十年，与实际付出不相称。",
        "在绩效工资分配方案中单列班主任津贴，按班级人数和工作考核分档发放。",
    ),
    (
        "关于更新多媒体教室设备的建议",
        "teaching",
        "部分教室投影仪使用超过八年，亮度不足，后排学生看不清板书和课件。",
        "1. 分批将投影仪更换为交互式触控一体机；\n2. 建立设备报修登记和定期巡检制度。",
    ),
    (
        "关于组织教职工年度健康体检增加专项检查的建议",
        "welfare",
        "教师群体咽喉炎、颈椎病、甲状腺结节等发病率较高，现有体检项目覆盖不足。",
        "在年度体检中增加甲状腺彩超、颈椎检查，女教职工增加两癌筛查。",
    ),
    (
        "关于建立教师专业发展培训经费保障的建议",
        "staff",
        "外出培训名额少、经费不稳定，骨干教师之外的老师很少有机会参加高质量培训。",
        "1. 每年按公用经费一定比例设立培训专项；\n2. 培训机会按学科轮换，向青年教师倾斜。",
    ),
    (
        "关于增设教工子女假期托管的建议",
        "welfare",
        "寒暑假期间教师需参加培训和值班，低年级子女无人照看。",
        "利用学校场地开设假期托管班，由工会组织志愿者和退休教师轮流看护。",
    ),
    (
        "关于规范校内功能室开放管理的建议",
        "logistics",
        "图书室、实验室开放时间与课后服务时间冲突，学生使用率不高。",
        "调整功能室开放时间，课后服务时段安排专人值守，并建立使用登记。",
    ),
    (
        "关于加强实验室危化品管理的建议",
        "safety",
        "化学实验室危化品台账更新不及时，存放柜老化，存在安全风险。",
        "1. 更换防爆存放柜，实行双人双锁；\n2. 每学期开展一次危化品专项检查。",
    ),
    (
        "关于班主任津贴分档发放的补充建议",
        "welfare",
        "与提高班主任津贴的提案诉求一致，补充建议考虑副班主任的工作量。",
        "副班主任按班主任津贴的一定比例发放。",
    ),
    (
        "关于丰富教职工文体活动的建议",
        "other",
        "教职工工作压力大，现有活动以年终联欢为主，日常活动较少。",
        "成立羽毛球、瑜伽、书法等兴趣社团，工会每学期给予活动经费支持。",
    ),
    (
        "关于优化课后服务安排的建议",
        "teaching",
        "课后服务实行后教师在校时间延长，部分老师连续多日值守，负担较重。",
        "1. 实行弹性上下班，课后服务当天可推迟到岗；\n2. 引入校外优质资源，减少教师值守次数。",
    ),
]

ANSWER = (
    "感谢代表的提案。经校长办公会研究，学校同意提案的主要建议：{measure}"
    "已由{dept}牵头制定实施方案，计划本学期内完成。"
)


def _make_id(born: dt.date, seq: int) -> str:
    first17 = f"310105{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + idcard.check_digit(first17)


def _user_for(school, actor, member: Member) -> None:
    """Give a representative-to-be a login (the member service links it to the member)."""
    if member.user_id:
        return
    user, _password = member_login_create(
        member=member, actor=actor, username=f"{school.code}-r{member.pk}"
    )
    use_demo_password(user)
    member.refresh_from_db(fields=["user"])


def _members(school, actor, wanted: int) -> list[Member]:
    # Members whose login already holds the representative role come first, so the demo's
    # representative login can submit, co-sign and rate.
    active = Member.objects.filter(org=school, status="active").select_related("user")
    reps = RoleAssignment.objects.filter(org=school, role=Role.REPRESENTATIVE).values("user_id")
    members = list(active.filter(user_id__in=reps)[:wanted])
    members += list(active.exclude(pk__in=[m.pk for m in members])[: wanted - len(members)])
    if len(members) >= wanted:
        return members
    departments = list(Department.objects.filter(org=school)) or [
        Department.objects.create(org=school, name="语文组"),
        Department.objects.create(org=school, name="行政后勤", is_frontline=False),
    ]
    for i, (name, gender) in enumerate(EXTRA_MEMBERS[: wanted - len(members)]):
        born = dt.date(1975 + i, 3 + i % 9, 5 + i)
        seq = 100 + i * 2 + (0 if gender == "F" else 1)
        members.append(
            member_create(
                org=school,
                actor=actor,
                data={
                    "name": name,
                    "gender": gender,
                    "birth_date": born,
                    "id_number": _make_id(born, seq),
                    "department": departments[i % len(departments)],
                    "post": "一级教师",
                    "joined_on": dt.date(2010, 9, 1),
                },
            )
        )
    return members


def _leaders(school, actor) -> list[User]:
    leaders = list(
        User.objects.filter(role_assignments__org=school, role_assignments__role=Role.LEADER)
    )
    for i, (_post, name) in enumerate(LEADERS[len(leaders) :]):
        leaders.append(
            demo_login(
                org=school,
                actor=actor,
                username=f"{school.code}-leader{i + 1}",
                display_name=name,
                roles=[Role.LEADER],
            )
        )
    return leaders


def _chair(school) -> User:
    chair = User.objects.filter(
        role_assignments__org=school, role_assignments__role=Role.CHAIR
    ).first()
    if chair is None:
        chair = demo_login(
            org=school,
            actor=None,
            username=f"{school.code}-chair",
            display_name="工会主席",
            roles=[Role.CHAIR],
        )
    return chair


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@transaction.atomic
def recorded_on_the_day(school, sessions) -> None:
    """The officer typed each session in on the evening it was held, as a school does: its
    record's date is that day (so its report reaches the district on time), not the day the
    demo was made."""
    for session in sessions:
        AuditEntry.objects.filter(
            org=school,
            content_type=audit.content_type_of(Session),
            object_id=session.pk,
            action=AuditEntry.Action.CREATE,
        ).update(at=_at(session.ends_on or session.held_on, 18))


def seed_congress_demo(school, today: dt.date | None = None) -> Term:
    """One term, two sessions, fifteen proposals across every state. Safe to call once per
    school; a second call returns the existing term."""
    existing = Term.objects.filter(org=school).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    chair = _chair(school)
    leaders = _leaders(school, chair)
    members = _members(school, chair, 12)
    departments = list(Department.objects.filter(org=school))

    first_day = today - dt.timedelta(days=240)
    second_day = today - dt.timedelta(days=45)
    # The term's first session was held last autumn: the school held its congress last year
    # too (the district's assessment and the annual return look for it).
    opening_day = min(dt.date(today.year - 1, 10, 24), first_day - dt.timedelta(days=90))
    term_starts = opening_day - dt.timedelta(days=45)
    term = services.term_create(
        org=school,
        actor=chair,
        number=3,
        starts_on=term_starts,
        ends_on=term_starts + dt.timedelta(days=3 * 365),
    )
    reps: list[Representative] = []
    for i, member in enumerate(members):
        _user_for(school, chair, member)
        reps.append(
            services.representative_add(
                org=school,
                actor=chair,
                term=term,
                member=member,
                electoral_group=GROUPS[i % len(GROUPS)],
            )
        )
    opening = services.session_create(
        org=school, actor=chair, term=term, number=1, held_on=opening_day
    )
    sessions = [
        services.session_create(org=school, actor=chair, term=term, number=2, held_on=first_day),
        services.session_create(org=school, actor=chair, term=term, number=3, held_on=second_day),
    ]
    recorded_on_the_day(school, [opening, *sessions])
    for session, absent in zip([opening, *sessions], (0, 1, 3), strict=True):
        services.attendance_record(
            org=school,
            actor=chair,
            session=session,
            present=[r.pk for r in reps[absent:]],
            taken_on=session.held_on,
        )
        # The term's first session adopts its rules; the later ones hear the year's report.
        plan_years = f"{opening_day.year}—{opening_day.year + 3}"
        titles = (
            (f"学校三年发展规划（{plan_years}年）", "教代会提案工作细则")
            if session is opening
            else ("学校年度工作报告", "绩效工资分配方案（修订稿）")
        )
        for title, votes in zip(
            titles,
            ((len(reps) - absent - 1, 0, 1), (len(reps) - absent - 3, 1, 2)),
            strict=True,
        ):
            resolution = services.resolution_create(
                org=school, actor=chair, session=session, title=title
            )
            services.resolution_tally(
                org=school,
                actor=chair,
                resolution=resolution,
                votes_for=votes[0],
                votes_against=votes[1],
                votes_abstain=votes[2],
                tallied_at=_at(session.held_on, 16),
            )

    # (session index, final state) for each proposal above, in order.
    plan = [
        (0, "done"),
        (0, "done"),
        (0, "rated"),
        (0, "done"),
        (0, "accepted_overdue"),
        (1, "answered"),
        (1, "reanswer"),
        (1, "rated"),
        (1, "accepted"),
        (1, "opinion"),
        (1, "submitted"),
        (1, "submitted"),
        (1, "merged"),
        (1, "collecting"),
        (1, "answered"),
    ]
    ratings = ["satisfied", "fairly", "satisfied", "satisfied", "unsatisfied"]
    merged_target = None
    for n, ((title, category, reasons, measures), (s_index, final)) in enumerate(
        zip(PROPOSALS, plan, strict=True)
    ):
        session = sessions[s_index]
        submitter = reps[n % len(reps)]
        others = [r for r in reps if r.pk != submitter.pk]
        cosigners = [] if final == "collecting" else others[n % 5 : n % 5 + 2]
        # Handed in three days before the session (one still collecting names is new today).
        submitted_at = _at(session.held_on - dt.timedelta(days=3), 15)
        # The first session's proposals were handed in on paper and typed in by the chair.
        on_paper = s_index == 0
        proposal, _ = services.proposal_submit(
            org=school,
            actor=chair if on_paper else submitter.user,
            on_behalf_of=submitter if on_paper else None,
            session=session,
            title=title,
            category=category,
            reasons=reasons,
            measures=measures,
            token=f"demo-{school.code}-{n}",
            cosigners=cosigners,
            submitted_at=None if final == "collecting" else submitted_at,
        )
        if final == "collecting":
            services.proposal_cosign(org=school, actor=others[0].user, proposal=proposal)
            continue
        if final == "submitted":
            continue
        if final == "merged":
            services.proposal_merge(
                org=school,
                actor=chair,
                proposal=proposal,
                into=merged_target,
                note=f"与第{merged_target.number}号提案诉求一致，并案办理。",
                reviewed_at=_at(session.held_on + dt.timedelta(days=3), 11),
            )
            continue
        leader = leaders[n % len(leaders)]
        lead = departments[n % len(departments)]
        due = session.held_on + dt.timedelta(days=30)
        if final == "accepted_overdue":
            due = today - dt.timedelta(days=5)
        if final == "accepted":
            due = today + dt.timedelta(days=2)
        if final == "opinion":
            services.proposal_reject(
                org=school,
                actor=chair,
                proposal=proposal,
                reason="该事项属于区教育局统一部署范围，学校层面无法单独决定，作为意见建议转校长室答复。",
                responsible=leader,
                answer_due=today + dt.timedelta(days=10),
                reviewed_at=_at(session.held_on + dt.timedelta(days=3), 11),
            )
            continue
        services.proposal_accept(
            org=school,
            actor=chair,
            proposal=proposal,
            lead_department=lead,
            supporting=departments[(n + 1) % len(departments) :][:1],
            responsible=leader,
            answer_due=due,
            note="符合立案条件，同意立案。",
            reviewed_at=_at(session.held_on + dt.timedelta(days=3), 10),
        )
        if title.startswith("关于提高班主任津贴"):
            merged_target = proposal
        if final in ("accepted", "accepted_overdue"):
            continue
        late = n == 3
        answered_at = submitted_at + dt.timedelta(days=40 if late else 20)
        services.proposal_answer(
            org=school,
            actor=leader,
            proposal=proposal,
            text=ANSWER.format(measure=measures.split("\n")[0].lstrip("1. "), dept=lead.name),
            answered_at=answered_at,
        )
        if final == "answered":
            continue
        if final == "reanswer":
            services.proposal_request_second_answer(
                org=school,
                actor=submitter.user,
                proposal=proposal,
                reason="答复未明确具体时间表和经费来源，请进一步说明。",
            )
            continue
        rated_at = answered_at + dt.timedelta(days=5)
        services.proposal_rate(
            org=school,
            actor=chair if on_paper else submitter.user,
            on_behalf_of=submitter if on_paper else None,
            proposal=proposal,
            rating=ratings[n % len(ratings)],
            rated_at=rated_at,
        )
        services.proposal_progress(
            org=school,
            actor=leader,
            proposal=proposal,
            text="实施方案已经校长办公会通过，正在推进。",
            reported_at=rated_at + dt.timedelta(days=10),
        )
        if final == "done":
            services.proposal_done(
                org=school,
                actor=leader,
                proposal=proposal,
                note="已全部落实，工会组织代表进行了巡视检查。",
                done_at=min(rated_at + dt.timedelta(days=60), timezone.now()),
            )
    return term
