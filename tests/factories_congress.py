"""A school's staff congress for tests: a term, a session, representatives, a leader, a chair."""

import datetime as dt
from dataclasses import dataclass, field

from tests.factories import DepartmentFactory, MemberFactory
from tests.personas import chair_of, leader_of, member_of
from unionhall.congress import services
from unionhall.congress.models import Proposal, Representative, Session, Term
from unionhall.orgs.models import Department, User

TODAY = dt.date.today()


@dataclass
class Congress:
    school: object
    chair: User
    leader: User
    other_leader: User
    term: Term
    session: Session
    reps: list[Representative]
    dept: Department
    support: Department
    members: list = field(default_factory=list)

    @property
    def rep_users(self) -> list[User]:
        return [r.user for r in self.reps]


def make_rep(school, term, *, frontline: bool = True, group: str = "语文组") -> Representative:
    dept = DepartmentFactory(
        org=school, name="语文组" if frontline else "行政后勤", is_frontline=frontline
    )
    member = MemberFactory(org=school, department=dept)
    user = member_of(school, display_name=member.name)
    member.user = user
    member.save(update_fields=["user"])
    return services.representative_add(
        org=school, actor=None, term=term, member=member, electoral_group=group
    )


def make_congress(school, *, reps: int = 5) -> Congress:
    chair = chair_of(school, display_name="主席")
    leader = leader_of(school, display_name="林校长")
    other_leader = leader_of(school, display_name="许副校长")
    term = services.term_create(
        org=school,
        actor=chair,
        number=3,
        starts_on=TODAY - dt.timedelta(days=200),
        ends_on=TODAY + dt.timedelta(days=900),
    )
    session = services.session_create(
        org=school, actor=chair, term=term, number=1, held_on=TODAY - dt.timedelta(days=10)
    )
    representatives = [make_rep(school, term) for _ in range(reps)]
    dept = DepartmentFactory(org=school, name="教务处", is_frontline=False)
    support = DepartmentFactory(org=school, name="总务处", is_frontline=False)
    return Congress(
        school, chair, leader, other_leader, term, session, representatives, dept, support
    )


_tokens = iter(range(1, 10_000_000))


def submit(c: Congress, *, by: int = 0, cosigners=(1, 2), title="关于增设教师休息室的建议", **kw):
    proposal, _ = services.proposal_submit(
        org=c.school,
        actor=kw.pop("actor", c.reps[by].user),
        session=kw.pop("session", c.session),
        title=title,
        category=kw.pop("category", "welfare"),
        reasons="午间无处休息。",
        measures="改建闲置教室。",
        token=kw.pop("token", f"t{next(_tokens)}"),
        cosigners=[c.reps[i] for i in cosigners],
        **kw,
    )
    return proposal


def accept(c: Congress, p: Proposal, *, due=None) -> Proposal:
    return services.proposal_accept(
        org=c.school,
        actor=c.chair,
        proposal=p,
        lead_department=c.dept,
        supporting=[c.support],
        responsible=c.leader,
        answer_due=due or TODAY + dt.timedelta(days=20),
    )


def answer(c: Congress, p: Proposal, text="同意，本学期内完成。"):
    return services.proposal_answer(org=c.school, actor=c.leader, proposal=p, text=text)


def rate(c: Congress, p: Proposal, rating="satisfied", by: int = 0) -> Proposal:
    return services.proposal_rate(org=c.school, actor=c.reps[by].user, proposal=p, rating=rating)
