"""Polls for tests: a school with members who can log in, an election, a coded survey, and the
sealed ballot box's key holders (`key_holders`) and count (`count_box`)."""

import datetime as dt
import re

from tests.factories import MemberFactory
from tests.personas import chair_of, member_of
from unionhall.polls import services
from unionhall.polls.models import Kind, Mode, Poll, Scrutineer, VoteCode
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


def passphrase_of(holder: Scrutineer) -> str:
    """The opening passphrase `key_holders` gave this key holder."""
    return f"{holder.user.username}，开箱口令"


def key_holders(school, poll, *, chair=None, n: int = 2) -> list[Scrutineer]:
    """n key holders (scrutineers with a login, not on the register: not voters) named for the
    poll, each having set the passphrase `passphrase_of` gives."""
    chair = chair or chair_of(school)
    holders = []
    for i in range(n):
        user = member_of(school, display_name=f"开箱人{i + 1}")
        holder = services.scrutineer_add(
            org=school, actor=chair, poll=poll, user=user, name=f"开箱人{i + 1}"
        )
        services.key_holder_set(org=school, actor=user, poll=poll, passphrase=passphrase_of(holder))
        holders.append(holder)
    return holders


def open_poll(school, chair, poll, **kwargs):
    """Open the poll; one voted online or with codes gets two key holders first if it has none."""
    if poll.mode != Mode.PAPER and not services.key_holders(poll).exists():
        key_holders(school, poll, chair=chair)
    return services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN, **kwargs)


def count_box(school, chair, poll, *, holders=None) -> Poll:
    """Close the poll (if open) and open its sealed box with two key holders' passphrases, as
    they would at the count; returns the poll as stored."""
    poll = Poll.objects.get(pk=poll.pk)
    if poll.state == State.OPEN:
        poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.CLOSED)
    if poll.mode == Mode.PAPER:
        return poll
    holders = holders or list(services.key_holders(poll)[:2])
    services.box_open(
        org=school,
        actor=chair,
        poll=poll,
        passphrases={h.pk: passphrase_of(h) for h in holders},
    )
    return Poll.objects.get(pk=poll.pk)


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


TICKET = re.compile(r'name="ticket" value="([^"]+)"')


def ticket_in(page) -> str:
    """The signed ticket a ballot page carries in its hidden field ("" if the page has none)."""
    found = TICKET.search(page.content.decode())
    return found.group(1) if found else ""


def ticket_for(school, code: str) -> str:
    """The ticket the ballot page `code` opens would carry (for tests that post odd bodies)."""
    vote_code = VoteCode.objects.select_related("poll", "org").get(org=school, code=code)
    return services.ballot_ticket(vote_code)
