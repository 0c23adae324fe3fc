"""The demo school's polls, seeded through the services: a committee election on paper with a
runoff for a tie at the last seat, a democratic evaluation of a leader, a students' satisfaction
survey with one-time codes, and a selection that went through a 5-working-day public notice into
the honours register. Written for the demo; any likeness to real people is chance.

The polls voted online or with codes are sealed: their key holders (the two scrutineers; for the
survey, two committee members) set the demo passphrase `demo_passphrase(login)` and open the box
at the count, so the seeded results show. `seed_polls_demo(school, today=...)` does nothing if the
school already has polls.
"""

import datetime as dt
import random

from django.utils import timezone

from unionhall.demo.logins import use_demo_password
from unionhall.demo.terms import term_day_on_or_before
from unionhall.dues.selectors import months_owed
from unionhall.members.models import Member, Status
from unionhall.members.services import member_login_create
from unionhall.orgs.models import RoleAssignment, User
from unionhall.orgs.roles import Role
from unionhall.polls import selections, services
from unionhall.polls.models import Kind, Mode, Poll
from unionhall.polls.workflow import State


def _chair(school) -> User:
    return User.objects.filter(
        role_assignments__org=school, role_assignments__role=Role.CHAIR
    ).first()


def demo_passphrase(user: User) -> str:
    """The opening passphrase of a demo key holder (docs/ballot-box.md)."""
    return f"开箱口令-{user.username}"


def _key_holders(school, chair, poll: Poll, holders: list[User]) -> None:
    """Name the key holders of a sealed poll; each sets the demo passphrase."""
    for user in holders:
        member = Member.objects.filter(org=school, user=user).first()
        services.scrutineer_add(
            org=school,
            actor=chair,
            poll=poll,
            user=user,
            member=member,
            name=member.name if member else str(user),
        )
        services.key_holder_set(org=school, actor=user, poll=poll, passphrase=demo_passphrase(user))


def _publish(school, chair, poll: Poll) -> Poll:
    """Close (if still open), open the sealed box with two key holders' passphrases, publish."""
    if poll.state == State.OPEN:
        poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    if poll.box_sealed:
        holders = list(services.key_holders(poll)[:2])
        services.box_open(
            org=school,
            actor=holders[0].user,
            poll=poll,
            passphrases={h.pk: demo_passphrase(h.user) for h in holders},
        )
    return services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)


def _paper_count(school, chair, poll: Poll, scrutineers, *, counts, returned, invalid) -> Poll:
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    services.paper_count_enter(
        org=school,
        actor=chair,
        poll=poll,
        issued=poll.present_count,
        returned=returned,
        valid=returned - invalid,
        invalid=invalid,
    )
    for scrutineer in scrutineers:
        services.paper_tally_enter(org=school, actor=scrutineer.user, poll=poll, counts=counts)
    return services.poll_move(org=school, actor=chair, poll=poll, target=State.PUBLISHED)


def _election(school, chair, members, scrutineer_members, held_on) -> None:
    candidates = members[:6]
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.ELECTION,
        mode=Mode.PAPER,
        title="第五届工会委员会换届选举",
        held_on=held_on,
    )
    committee = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="工会委员会委员",
        scale="approve",
        seats=5,
        candidates=candidates,
    )
    audit_body = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="经费审查委员会委员",
        scale="approve",
        seats=1,
        candidates=[members[6]],
        rules={"surplus_percent": 0},
    )
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    voters = list(poll.voters.all())
    present = voters[: len(voters) * 9 // 10]
    services.presence_record(org=school, actor=chair, poll=poll, present=present)
    scrutineers = [
        services.scrutineer_add(
            org=school, actor=chair, poll=poll, user=m.user, member=m, name=m.name
        )
        for m in scrutineer_members
    ]
    returned = len(present)
    valid = returned - 2
    options = list(committee.options.all())
    # four clear winners, then two tied for the last seat: a runoff between them
    shares = [0.92, 0.88, 0.85, 0.8, 0.7, 0.7]
    counts = {
        f"o:{o.pk}": {"approve": int(valid * share), "reject": valid - int(valid * share)}
        for o, share in zip(options, shares, strict=True)
    }
    counts[f"o:{audit_body.options.get().pk}"] = {"approve": valid - 3, "abstain": 3}
    poll = _paper_count(
        school, chair, poll, scrutineers, counts=counts, returned=returned, invalid=2
    )
    runoff = services.runoff_create(
        org=school, actor=chair, poll=poll, held_on=held_on + dt.timedelta(days=0)
    )
    runoff = services.poll_move(org=school, actor=chair, poll=runoff, target=State.OPEN)
    services.presence_record(
        org=school, actor=chair, poll=runoff, present=list(runoff.voters.all())[: len(present)]
    )
    scrutineers = [
        services.scrutineer_add(
            org=school, actor=chair, poll=runoff, user=m.user, member=m, name=m.name
        )
        for m in scrutineer_members
    ]
    question = runoff.questions.get()
    first, second = question.options.all()
    counts = {
        f"o:{first.pk}": {
            "approve": int(returned * 0.72),
            "reject": returned - int(returned * 0.72),
        },
        f"o:{second.pk}": {
            "approve": int(returned * 0.25),
            "reject": returned - int(returned * 0.25),
        },
    }
    _paper_count(school, chair, runoff, scrutineers, counts=counts, returned=returned, invalid=0)


def _evaluation(school, chair, voters, held_on, rng, holders) -> None:
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.EVALUATION,
        mode=Mode.ONLINE,
        title="校级领导干部民主测评",
        held_on=held_on,
    )
    items = [
        services.question_add(
            org=school,
            actor=chair,
            poll=poll,
            text=f"林校长 · {item}",
            subject="林校长",
            scale="four",
        )
        for item in ("政治思想", "工作能力与实绩", "民主作风", "廉洁自律")
    ]
    overall = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="林校长 · 综合评价",
        subject="林校长",
        scale="grade",
    )
    remark = services.question_add(
        org=school, actor=chair, poll=poll, text="优点、不足与建议（匿名）", scale="comment"
    )
    roll = [(m.name, m, m.user) for m in voters]
    _key_holders(school, chair, poll, holders)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN, roll=roll)
    comments = [
        "工作扎实，能听取教师意见。",
        "希望多深入课堂听课。",
        "",
        "",
        "会议可以再精简一些。",
    ]
    for member in voters:
        choices = {q.pk: rng.choice(["good", "good", "fairly_good", "fair"]) for q in items}
        choices[overall.pk] = rng.choice(["excellent", "excellent", "competent", "basic"])
        choices[remark.pk] = rng.choice(comments)
        services.ballot_cast(org=school, poll=poll, user=member.user, choices=choices)
    _publish(school, chair, poll)


def _survey(school, chair, held_on, rng, holders) -> None:
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="学生评教（秋季学期）",
        held_on=held_on,
    )
    classes = {"四年级(1)班": 0.9, "四年级(2)班": 0.85, "五年级(1)班": 0.5}
    teachers = ("语文 王老师", "数学 陈老师")
    for group in classes:  # the school's class list, which codes are issued from
        services.school_class_add(org=school, actor=chair, grade=group[:3], name=group)
    questions = [
        services.question_add(
            org=school,
            actor=chair,
            poll=poll,
            text=f"你对{teacher}的教学满意吗？",
            subject=teacher,
            scale="satisfaction",
        )
        for teacher in teachers
    ]
    issued = {
        group: services.codes_issue(org=school, actor=chair, poll=poll, group=group, count=40)
        for group in classes
    }
    _key_holders(school, chair, poll, holders)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    points = ["satisfied"] * 6 + ["fairly"] * 3 + ["basic", "dissatisfied", "unknown"]
    for group, share in classes.items():
        for code in issued[group][: int(40 * share)]:
            choices = {q.pk: rng.choice(points) for q in questions}
            services.ballot_cast(org=school, poll=poll, code=code.code, choices=choices)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    services.codes_void(org=school, actor=chair, poll=poll)  # once voting has ended
    _publish(school, chair, poll)


def _selection(school, chair, voters, nominees, today, holders) -> None:
    vote_day = _days_ago(today, 45)
    selection = selections.selection_create(
        org=school,
        actor=chair,
        title="校级师德楷模评选",
        honour_title="校级师德楷模",
        held_on=term_day_on_or_before(vote_day - dt.timedelta(days=14)),
        min_years=3,
        quota=1,
    )
    for member in nominees:
        selections.nominee_add(
            org=school,
            actor=chair,
            selection=selection,
            member=member,
            by="group",
            group_name=member.department.name if member.department_id else "教研组",
        )
    roll = [(m.name, m, m.user) for m in voters]
    poll = selections.selection_vote_open(
        org=school, actor=chair, selection=selection, held_on=vote_day, roll=roll
    )
    _key_holders(school, chair, poll, holders)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    question = poll.questions.get()
    first, *others = question.options.all()
    for i, member in enumerate(voters):
        marks = {first.pk: "approve" if i % 10 else "abstain"}
        marks.update({o.pk: "reject" for o in others})
        services.ballot_cast(org=school, poll=poll, user=member.user, choices={question.pk: marks})
    _publish(school, chair, poll)
    start = vote_day + dt.timedelta(days=3)
    selection = selections.selection_notice_start(
        org=school, actor=chair, selection=selection, starts_on=start
    )
    nominee = selection.nominees.get(member=first.member)
    objection = selections.objection_record(
        org=school,
        actor=chair,
        selection=selection,
        nominee=nominee,
        objector="周建国",
        channel="phone",
        received_on=selection.notice_ends_on,
        text="事迹材料中所列公开课的时间与教务记录不一致。",
    )
    selections.objection_resolve(
        org=school,
        actor=chair,
        objection=objection,
        upheld=False,
        outcome="经教务处核实为材料笔误，已更正，不影响评选结果，已电话告知反映人。",
    )
    selections.selection_decide(
        org=school,
        actor=chair,
        selection=selection,
        on=selection.notice_ends_on + dt.timedelta(days=3),
    )


def _days_ago(today: dt.date, days: int) -> dt.date:
    return term_day_on_or_before(today - dt.timedelta(days=days))


def seed_polls_demo(school, today: dt.date) -> None:
    if Poll.objects.filter(org=school).exists():
        return
    rng = random.Random(10)
    chair = _chair(school)
    active = list(
        Member.objects.filter(org=school, status=Status.ACTIVE)
        .select_related("user", "department")
        .order_by("id")
    )
    with_login = [m for m in active if m.user_id]
    officers = set(
        RoleAssignment.objects.filter(org=school)
        .exclude(role=Role.MEMBER)
        .values_list("user_id", flat=True)
    )
    scrutineer_members = [m for m in with_login if m.user_id not in officers][-2:]
    for member in [m for m in active if not m.user_id][: 2 - len(scrutineer_members)]:
        user, _password = member_login_create(
            member=member, actor=chair, username=f"{school.code}-s{member.pk}"
        )
        use_demo_password(user)
        member.refresh_from_db(fields=["user"])
        scrutineer_members.append(member)
    candidates = [m for m in active if m not in scrutineer_members][:7]
    # Each poll on a school day in term (an evaluation "120 days ago" in December would fall in
    # the summer holiday): the election and the evaluation last school year, the others this one.
    _election(school, chair, candidates, scrutineer_members, _days_ago(today, 200))
    holders = [m.user for m in scrutineer_members]
    _evaluation(school, chair, with_login, _days_ago(today, 120), rng, holders)
    # A survey has no scrutineers: two committee members hold its key.
    committee = list(
        User.objects.filter(role_assignments__org=school, pk__in=officers)
        .exclude(pk=chair.pk)
        .distinct()
        .order_by("pk")[:2]
    )
    _survey(school, chair, _days_ago(today, 60), rng, committee or holders)
    eligible = [
        m
        for m in active
        if m not in scrutineer_members
        and m.joined_on
        and (today - m.joined_on).days > 5 * 365
        and not months_owed(org=school, member=m, on=today - dt.timedelta(days=45))
    ]
    _selection(school, chair, with_login, eligible[:3], today, holders)
    _dated_on_their_day(school)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _dated_on_their_day(school) -> None:
    """Each poll's times are those of the day it was held, as if run on that day (set up a
    week before, opened in the morning, counted and published that afternoon), not the day the
    demo was made: the lists and the plan's evidence show when each poll really happened."""
    for poll in Poll.objects.filter(org=school):
        day = poll.held_on
        Poll.objects.filter(pk=poll.pk).update(
            created_at=_at(day - dt.timedelta(days=7), 9),
            opened_at=_at(day, 8) if poll.opened_at else None,
            closed_at=_at(day, 17) if poll.closed_at else None,
            box_opened_at=_at(day, 17, 10) if poll.box_opened_at else None,
            published_at=_at(day, 17, 30) if poll.published_at else None,
        )
