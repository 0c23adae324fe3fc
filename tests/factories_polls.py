"""Polls for tests: a school with members who can log in, an election, a coded survey."""

import datetime as dt

from tests.factories import MemberFactory
from tests.personas import chair_of, member_of
from unionhall.polls import services
from unionhall.polls.models import Kind, Mode
from unionhall.polls.workflow import State

TODAY = dt.date.today()


def voters(school, n: int) -> list:
    """n members in service, each with a login."""
    people = []
    for _i in range(n):
        member = MemberFactory(org=school)
        member.user = member_of(school, display_name=member.name)
        member.save(update_fields=["user"])
        people.append(member)
    return people


def election(school, *, chair=None, voters_n=9, mode=Mode.ONLINE, seats=2, names=None):
    """An election of a committee (contested) and an audit committee (uncontested, 1 seat)."""
    chair = chair or chair_of(school)
    people = voters(school, voters_n)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.ELECTION,
        mode=mode,
        title="第五届工会委员会选举",
        held_on=TODAY,
    )
    committee = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="工会委员会委员",
        scale="approve",
        seats=seats,
        candidates=names or ["王芳", "李明", "张伟"],
    )
    audit_body = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="经费审查委员会委员",
        scale="approve",
        seats=1,
        candidates=["赵敏"],
        rules={"surplus_percent": 0},
    )
    return poll, committee, audit_body, chair, people


def open_poll(school, chair, poll):
    return services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)


def survey(school, *, classes=("初一(1)班", "初一(2)班"), per_class=6):
    chair = chair_of(school)
    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="学生评教",
        held_on=TODAY,
    )
    services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="你对王老师的教学满意吗？",
        subject="王老师",
        scale="satisfaction",
    )
    services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="想对老师说的话",
        scale="comment",
    )
    codes = {
        c: services.codes_issue(org=school, actor=chair, poll=poll, group=c, count=per_class)
        for c in classes
    }
    poll = open_poll(school, chair, poll)
    return poll, codes, chair
